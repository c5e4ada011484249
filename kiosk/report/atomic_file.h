// Writing an export so that the target file is either the old one or the complete new one,
// never half a report: write to a temporary name in the target's own directory, fsync it,
// rename it over the target, fsync the directory.
//
// Why: staff export to a USB stick from the admin screen and pull it out; a power cut or a
// full stick must not leave a truncated file that opens as a "report" with missing rows. The
// temporary lives in the same directory because rename() is atomic only within one file
// system. The directory fsync makes the rename itself durable (vfat on a stick included).
//
// The temporary is created with mode 0666 less the umask, like any file the user saves: an
// export is a document to hand on, and its name stays hidden (".name.tmp-…") until complete.
//
// Writeback starts while the file is still being written (sync_file_range every few MB): the
// kernel would otherwise hold a large export in the page cache until commit()'s fsync, which
// then waits for all of it (~0.15 s for a 185 MB CSV on an SSD; seconds on a USB stick). The
// fsync in commit() is what guarantees the bytes, as before; this only lets the disk start
// early.
//
// Errors are std::system_error naming the path and what failed ("No space left on device").
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace feedback::report {

class AtomicFile {
public:
    // Creates the temporary next to `target`. Throws std::system_error.
    explicit AtomicFile(std::filesystem::path target);
    // Removes the temporary unless commit() succeeded.
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    const std::filesystem::path& target() const noexcept { return target_; }
    // Where the bytes go until commit(); for writers that open the file by name themselves
    // (libxlsxwriter): call close() first, let them write, then commit().
    const std::filesystem::path& temp_path() const noexcept { return temp_; }

    // Appends all of `bytes` (retrying short writes). Throws std::system_error.
    void write(std::string_view bytes);
    // Closes our descriptor without committing (see temp_path()).
    void close();
    // fsync, rename over the target, fsync the directory. Throws std::system_error; the
    // target is then unchanged and the temporary removed.
    void commit();

private:
    std::filesystem::path target_;
    std::filesystem::path temp_;
    int fd_ = -1;
    bool committed_ = false;
    std::uint64_t written_ = 0;          // bytes written through write()
    std::uint64_t writeback_from_ = 0;   // where the next early writeback starts
};

// The whole file in one call.
void atomic_write(const std::filesystem::path& path, std::string_view bytes);

}  // namespace feedback::report
