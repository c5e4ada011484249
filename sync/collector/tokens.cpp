// Token file reading, token generation and SHA-256 (see tokens.h for the format and why).
#include "tokens.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <stdexcept>

#include "protocol/protocol.h"
#include "common/file.h"

namespace feedback::collector {
namespace {

std::string hex(const unsigned char* data, std::size_t size) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += kHex[data[i] >> 4];
        out += kHex[data[i] & 0x0F];
    }
    return out;
}

bool is_sha256_hex(std::string_view text) {
    if (text.size() != 64) return false;
    for (const char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// A device id must survive the one-line, space-separated format.
std::string device_id_problem(std::string_view id) {
    if (id.empty()) return "the device id is empty";
    if (id.size() > protocol::kMaxIdBytes)
        return "the device id is longer than " + std::to_string(protocol::kMaxIdBytes) + " bytes";
    if (id.front() == '#') return "the device id must not start with '#'";
    for (const char c : id) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7F) return "the device id must not contain spaces or control characters";
    }
    return "";
}

using Fd = common::UniqueFd;

}  // namespace

std::string sha256_hex(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed (OpenSSL)");
    return hex(digest.data(), size);
}

TokenFile TokenFile::load(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read token file " + path.string());
    TokenFile file;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) file.too_open_ = (st.st_mode & 0077) != 0;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        const auto gap = line.find_first_of(" \t", first);
        const auto second = gap == std::string::npos ? gap : line.find_first_not_of(" \t", gap);
        const auto end = second == std::string::npos ? second : line.find_first_of(" \t", second);
        // The optional third field: the device's office (issue 18).
        const auto third = end == std::string::npos ? end : line.find_first_not_of(" \t", end);
        const auto third_end = third == std::string::npos ? third : line.find_first_of(" \t", third);
        const bool trailing =
            third_end != std::string::npos && line.find_first_not_of(" \t", third_end) != std::string::npos;
        const std::string where = path.string() + ":" + std::to_string(number) + ": ";
        if (second == std::string::npos || trailing)
            throw std::runtime_error(where + "expected \"device_id sha256hex [office]\"");
        std::string device = line.substr(first, gap - first);
        std::string hash = line.substr(second, end == std::string::npos ? std::string::npos : end - second);
        if (!is_sha256_hex(hash))
            throw std::runtime_error(where + "the second field must be 64 lowercase hex digits (SHA-256 of the token)");
        std::string office;
        if (third != std::string::npos) {
            office = line.substr(third, third_end == std::string::npos ? std::string::npos : third_end - third);
            if (const auto problem = office_code_problem(office); !problem.empty())
                throw std::runtime_error(where + "the third field (office): " + problem);
        }
        file.lines_.push_back(Line{std::move(device), std::move(hash), std::move(office)});
    }
    return file;
}

std::optional<std::string> TokenFile::device_for(std::string_view token) const {
    if (token.empty()) return std::nullopt;
    const std::string presented = sha256_hex(token);
    const std::string* match = nullptr;
    for (const auto& line : lines_) {
        // Every line is compared in full, match or not.
        if (CRYPTO_memcmp(presented.data(), line.hash.data(), presented.size()) == 0) match = &line.device;
    }
    if (!match) return std::nullopt;
    return *match;
}

std::vector<std::pair<std::string, std::string>> TokenFile::device_offices() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& line : lines_)
        if (!line.office.empty()) out.emplace_back(line.device, line.office);
    return out;
}

bool TokenFile::has_device(std::string_view device) const {
    for (const auto& line : lines_)
        if (line.device == device) return true;
    return false;
}

std::string office_code_problem(std::string_view code) {
    if (code.empty()) return "the office code is empty";
    if (code.size() > 32) return "the office code is longer than 32 characters";
    for (const char c : code)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.'))
            return "the office code may contain only A-Z, a-z, 0-9, '_', '-' and '.'";
    return "";
}

std::string add_token(const std::filesystem::path& path, const std::string& device_id, const std::string& office) {
    if (const auto problem = device_id_problem(device_id); !problem.empty())
        throw std::invalid_argument(problem);
    // Paper questionnaires imported at the centre are stored as device paper:CODE (issue 19):
    // a kiosk of that name would have its answers counted as paper.
    if (device_id.rfind("paper:", 0) == 0)
        throw std::invalid_argument("device ids starting with \"paper:\" are kept for paper questionnaires "
                                    "imported at the centre");
    if (!office.empty())
        if (const auto problem = office_code_problem(office); !problem.empty()) throw std::invalid_argument(problem);
    std::array<unsigned char, 32> random{};
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1)
        throw std::runtime_error("cannot make a token: no randomness from OpenSSL");
    const std::string token = hex(random.data(), random.size());
    OPENSSL_cleanse(random.data(), random.size());

    const Fd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600));
    if (fd.get() < 0) throw std::runtime_error("cannot write token file " + path.string());
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) throw std::runtime_error("cannot inspect token file " + path.string());
    std::string text;
    if (st.st_size == 0) {
        text = "# feedback-collector device tokens: device_id sha256(token) [office] — made by `add-token`\n";
    } else {
        // Start on a fresh line even if someone edited the file and left no final newline.
        const Fd reader(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        char last = '\n';
        if (reader.get() >= 0 && ::pread(reader.get(), &last, 1, st.st_size - 1) == 1 && last != '\n') text = "\n";
    }
    text += device_id + " " + sha256_hex(token) + (office.empty() ? "" : " " + office) + "\n";
    if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()) || ::fsync(fd.get()) != 0)
        throw std::runtime_error("cannot write token file " + path.string());
    return token;
}

}  // namespace feedback::collector
