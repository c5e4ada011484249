// A piece of work on a second thread beside the caller's: the import hashes a file beside its
// CSV parse and checks a large file's rows in two halves. Part of paper_import.
#pragma once

#include <exception>
#include <system_error>
#include <thread>
#include <utility>

namespace feedback::exchange::detail {

// Work on a second thread beside the caller's: joined however the caller's scope is left, its
// exception rethrown by wait(). Where no thread can be started, it runs on the spot instead.
class Beside {
public:
    template <class Work>
    explicit Beside(Work work) {
        auto guarded = [this, work]() mutable {
            try {
                work();
            } catch (...) {
                error_ = std::current_exception();
            }
        };
        try {
            thread_ = std::thread(guarded);
        } catch (const std::system_error&) {
            guarded();
        }
    }
    ~Beside() {
        if (thread_.joinable()) thread_.join();
    }
    Beside(const Beside&) = delete;
    Beside& operator=(const Beside&) = delete;
    void wait() {
        if (thread_.joinable()) thread_.join();
        if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
    }

private:
    std::thread thread_;
    std::exception_ptr error_;
};

// Data records [1, count) through read(first, last, part). A large file is read in two halves
// on two threads, like the report's scan; the halves merge into exactly what one pass gives:

}  // namespace feedback::exchange::detail
