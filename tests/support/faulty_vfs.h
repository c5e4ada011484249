// An SQLite VFS that wraps the default one and fails chosen reads with SQLITE_IOERR_READ, for
// tests of what the store does with a read error (issue 14: a read error must never be taken
// for damage). Deterministic, unlike libfiu's random faults (the fiu-run loop test covers
// those at the process level).
//
// FaultyVfs installs itself as the default VFS while it lives; reads of a main database file
// at offsets >= fail_from_offset fail while `failing` is true (page 1, the header, still
// reads, so SQLite gets as far as walking the b-trees — where the old code mistook the failure
// for damage).
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <cstring>

namespace feedback::testing {

class FaultyVfs {
public:
    static inline std::atomic<bool> failing{false};
    static inline std::atomic<long long> fail_from_offset{4096};
    static inline std::atomic<int> failed_reads{0};
    static inline std::atomic<int> fail_budget{-1};  // how many more reads fail; -1: all of them

    FaultyVfs() {
        failing = false;
        fail_from_offset = 4096;
        failed_reads = 0;
        fail_budget = -1;
        base_ = sqlite3_vfs_find(nullptr);
        vfs_ = *base_;
        vfs_.zName = "faulty";
        vfs_.szOsFile = static_cast<int>(sizeof(File)) + base_->szOsFile;
        vfs_.pAppData = base_;
        vfs_.xOpen = &FaultyVfs::open;
        sqlite3_vfs_register(&vfs_, 1);
    }
    ~FaultyVfs() {
        failing = false;
        sqlite3_vfs_unregister(&vfs_);
        sqlite3_vfs_register(base_, 1);
    }
    FaultyVfs(const FaultyVfs&) = delete;
    FaultyVfs& operator=(const FaultyVfs&) = delete;

private:
    struct File {
        sqlite3_file base;               // our io methods
        bool main_db;
        sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
    };

    static File* of(sqlite3_file* f) { return reinterpret_cast<File*>(f); }

    static int open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
        auto* base = static_cast<sqlite3_vfs*>(vfs->pAppData);
        File* ours = of(file);
        std::memset(ours, 0, sizeof(File));
        const int rc = base->xOpen(base, name, ours->real(), flags, out_flags);
        if (rc != SQLITE_OK) return rc;
        ours->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
        static const sqlite3_io_methods methods = make_methods();
        ours->base.pMethods = &methods;
        return SQLITE_OK;
    }

    static sqlite3_io_methods make_methods() {
        sqlite3_io_methods m{};
        m.iVersion = 2;  // 2: shared memory, which WAL needs; no mmap (3), so every read is seen
        m.xClose = [](sqlite3_file* f) { return of(f)->real()->pMethods->xClose(of(f)->real()); };
        m.xRead = [](sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
            if (failing && of(f)->main_db && offset >= fail_from_offset && fail_budget != 0) {
                if (fail_budget > 0) --fail_budget;
                ++failed_reads;
                return SQLITE_IOERR_READ;
            }
            return of(f)->real()->pMethods->xRead(of(f)->real(), buf, amount, offset);
        };
        m.xWrite = [](sqlite3_file* f, const void* buf, int amount, sqlite3_int64 offset) {
            return of(f)->real()->pMethods->xWrite(of(f)->real(), buf, amount, offset);
        };
        m.xTruncate = [](sqlite3_file* f, sqlite3_int64 size) { return of(f)->real()->pMethods->xTruncate(of(f)->real(), size); };
        m.xSync = [](sqlite3_file* f, int flags) { return of(f)->real()->pMethods->xSync(of(f)->real(), flags); };
        m.xFileSize = [](sqlite3_file* f, sqlite3_int64* size) { return of(f)->real()->pMethods->xFileSize(of(f)->real(), size); };
        m.xLock = [](sqlite3_file* f, int level) { return of(f)->real()->pMethods->xLock(of(f)->real(), level); };
        m.xUnlock = [](sqlite3_file* f, int level) { return of(f)->real()->pMethods->xUnlock(of(f)->real(), level); };
        m.xCheckReservedLock = [](sqlite3_file* f, int* out) {
            return of(f)->real()->pMethods->xCheckReservedLock(of(f)->real(), out);
        };
        m.xFileControl = [](sqlite3_file* f, int op, void* arg) {
            return of(f)->real()->pMethods->xFileControl(of(f)->real(), op, arg);
        };
        m.xSectorSize = [](sqlite3_file* f) { return of(f)->real()->pMethods->xSectorSize(of(f)->real()); };
        m.xDeviceCharacteristics = [](sqlite3_file* f) {
            return of(f)->real()->pMethods->xDeviceCharacteristics(of(f)->real());
        };
        m.xShmMap = [](sqlite3_file* f, int page, int size, int extend, void volatile** out) {
            return of(f)->real()->pMethods->xShmMap(of(f)->real(), page, size, extend, out);
        };
        m.xShmLock = [](sqlite3_file* f, int offset, int n, int flags) {
            return of(f)->real()->pMethods->xShmLock(of(f)->real(), offset, n, flags);
        };
        m.xShmBarrier = [](sqlite3_file* f) { of(f)->real()->pMethods->xShmBarrier(of(f)->real()); };
        m.xShmUnmap = [](sqlite3_file* f, int remove) { return of(f)->real()->pMethods->xShmUnmap(of(f)->real(), remove); };
        return m;
    }

    sqlite3_vfs* base_ = nullptr;
    sqlite3_vfs vfs_{};
};

}  // namespace feedback::testing
