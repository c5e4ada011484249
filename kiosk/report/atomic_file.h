// Writing an export so that the target file is either the old one or the complete new one,
// never half a report: write to a temporary name in the target's own directory, fsync it,
// rename it over the target, fsync the directory.
//
// Why: staff export to a USB stick from the admin screen and pull it out; a power cut or a
// full stick must not leave a truncated file that opens as a "report" with missing rows. The
// temporary lives in the same directory because rename() is atomic only within one file
// system. The directory fsync makes the rename itself durable (vfat on a stick included).
//
// The temporary is created 0600 (owner only) by default, in the same open() that creates it,
// so no other local user can open it at any moment, whatever the umask: exports carry visitor
// comments and `setup` writes the sync token through this class (issue 14, defect 2). A file
// meant to be read by others (kiosk.toml) passes its mode explicitly; it is created owner-only
// and fchmod'ed to exactly that mode before its first byte, the result checked. The private
// default never calls fchmod: the creation mode is already a ceiling that no umask can widen,
// and a vfat USB stick (which cannot store modes) would refuse the call.
//
// Writeback starts while the file is still being written (sync_file_range every few MB): the
// kernel would otherwise hold a large export in the page cache until commit()'s fsync, which
// then waits for all of it (~0.15 s for a 185 MB CSV on an SSD; seconds on a USB stick). The
// fsync in commit() is what guarantees the bytes, as before; this only lets the disk start
// early.
//
// Errors are std::system_error naming the path and what failed ("No space left on device").
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace feedback::report {

// Owner read and write only: exports, tokens.
inline constexpr mode_t kPrivateFileMode = 0600;

class AtomicFile {
public:
    // Creates the temporary next to `target` with `mode` (see above). Throws std::system_error.
    explicit AtomicFile(std::filesystem::path target, mode_t mode = kPrivateFileMode);
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
void atomic_write(const std::filesystem::path& path, std::string_view bytes, mode_t mode = kPrivateFileMode);

}  // namespace feedback::report
