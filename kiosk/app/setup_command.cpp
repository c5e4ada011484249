// `feedback-kiosk setup`: provisions a kiosk in one non-interactive command, so IT can script
// many counter PCs (deploy/README.md, "Provisioning").
//
// Why it is careful about order: everything the command was given is checked first (the
// edited configuration is loaded by the real parser, the token and PIN files are read and
// checked) and only then is anything written, so a typo leaves the kiosk as it was. Each file is
// written to a temporary name and renamed (atomic_write), so a power cut leaves the old or the
// new file, never half of one.
//
// Why owners and modes matter: the services run as the `feedback-kiosk` system user (or, for
// a PC that keeps its desktop, as the desktop user), and SQLite's -wal/-shm files and the
// token are 0600. A database or token left owned by root after provisioning would stop the
// kiosk at its first tap, so when run as root the command hands them to the service user.
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include "app/commands.h"
#include "app/config_edit.h"
#include "app/log.h"
#include "app/paths.h"
#include "app/setup_command.h"
#include "core/pin_policy.h"
#include "report/atomic_file.h"
#include "store/admin_pin.h"

namespace feedback::app {
namespace fs = std::filesystem;
namespace {

constexpr const char* kServiceUser = "feedback-kiosk";

std::string read_small_file(const fs::path& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError(std::string("setup: cannot read the ") + what + " file " + path.string());
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (text.size() > 4096)
        throw UsageError(std::string("setup: the ") + what + " file " + path.string() +
                         " is larger than 4096 bytes; is it the right file?");
    return text;
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("setup: cannot read " + path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string trimmed(std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    std::size_t start = 0;
    while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
    return text.substr(start);
}

struct Account {
    uid_t uid = 0;
    gid_t gid = 0;
    fs::path home;
    std::string group;
};

std::optional<Account> find_account(const std::string& name) {
    if (name.empty()) return std::nullopt;
    const passwd* pw = ::getpwnam(name.c_str());
    if (!pw) return std::nullopt;
    const group* gr = ::getgrgid(pw->pw_gid);
    return Account{pw->pw_uid, pw->pw_gid, pw->pw_dir ? pw->pw_dir : "", gr ? gr->gr_name : ""};
}

void change_owner(const fs::path& path, const Account& account) {
    if (::chown(path.c_str(), account.uid, account.gid) != 0 && errno != ENOENT)
        throw std::runtime_error("setup: cannot give " + path.string() + " to uid " +
                                 std::to_string(account.uid) + ": " + std::strerror(errno));
}

std::string toml_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + toml_quote(items[i]);
    return out + "]";
}

// Runs a program without a shell (no quoting of user input into a command line).
int run_program(const std::vector<std::string>& argv) {
    const pid_t pid = ::fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        _exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

fs::path default_setup_config_path() {
    return ::geteuid() == 0 ? system_config_path() : default_config_path();
}

}  // namespace

int setup_command(const CommonOptions& common, const SetupOptions& options) {
    const fs::path config_path = common.config_file ? *common.config_file : default_setup_config_path();
    const bool root = ::geteuid() == 0;

    // Who will own the data: the desktop user for --session desktop, else the service user
    // when it exists (the Debian package creates it), else whoever runs this.
    std::string owner_name = options.user;
    if (options.session == "desktop") {
        if (options.desktop_user.empty()) throw UsageError("setup: --session desktop needs --desktop-user NAME");
        owner_name = options.desktop_user;
    }
    if (owner_name.empty() && root && find_account(kServiceUser)) owner_name = kServiceUser;
    std::optional<Account> owner;
    if (!owner_name.empty()) {
        owner = find_account(owner_name);
        if (!owner) throw UsageError("setup: there is no user '" + owner_name + "'");
        if (!root && owner->uid != ::geteuid())
            throw UsageError("setup: only root can provision for another user ('" + owner_name + "')");
    }

    // 1. The configuration text: the existing file, else the documented template.
    std::string text;
    {
        std::error_code ec;
        if (fs::exists(config_path, ec)) {
            text = read_text(config_path);
        } else {
            text = "# Written by `feedback-kiosk setup`. Every key is documented in\n"
                   "# /usr/share/feedback-kiosk/kiosk.toml (assets/kiosk.toml in the source).\n";
        }
    }
    const fs::path token_destination = config_path.parent_path() / "token";
    std::vector<std::string> changed;
    auto set = [&](const char* section, const char* key, const std::string& value) {
        text = set_toml_value(text, section, key, value);
        changed.push_back(std::string(section) + "." + key);
    };
    if (options.office) set("office", "name", toml_quote(*options.office));
    if (options.office_en) set("office", "name_en", toml_quote(*options.office_en));
    if (options.device_id) set("device", "id", toml_quote(*options.device_id));
    if (options.device_name) set("device", "name", toml_quote(*options.device_name));
    if (options.device_code) set("device", "code", toml_quote(*options.device_code));
    if (options.service_points) set("survey", "service_points", toml_list(*options.service_points));
    if (options.endpoint) set("sync", "endpoint", toml_quote(*options.endpoint));
    if (options.proxy) set("sync", "proxy", toml_quote(*options.proxy));
    if (options.ca_bundle) set("sync", "ca_bundle", toml_quote(fs::absolute(*options.ca_bundle).string()));
    if (options.token_file) set("sync", "token_file", toml_quote(token_destination.string()));
    if (options.database) set("store", "database", toml_quote(fs::absolute(*options.database).string()));

    // 2. Check everything before writing anything.
    const fs::path staged = config_path.parent_path() / (".setup-check-" + std::to_string(::getpid()) + ".toml");
    {
        std::error_code ec;
        fs::create_directories(config_path.parent_path(), ec);
        if (ec)
            throw std::runtime_error("setup: cannot create " + config_path.parent_path().string() + ": " +
                                     ec.message());
        report::atomic_write(staged, text);
    }
    try {
        CommonOptions staged_options;
        staged_options.config_file = staged;
        staged_options.database = common.database;
        (void)load_context(staged_options);
    } catch (const SourceError& e) {
        fs::remove(staged);
        // The message names the staged file; say which option it came from instead.
        std::string message = e.what();
        if (const auto at = message.find(staged.string()); at != std::string::npos)
            message.replace(at, staged.string().size(), config_path.string() + " (as setup would write it)");
        throw UsageError("setup: " + message);
    }
    fs::remove(staged);

    std::string token;
    if (options.token_file) {
        token = trimmed(read_small_file(*options.token_file, "token"));
        if (token.empty()) throw UsageError("setup: the token file " + *options.token_file + " is empty");
        for (const char c : token)
            if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
                throw UsageError("setup: the token in " + *options.token_file +
                                 " contains spaces or control characters");
    }
    std::string pin;
    if (options.pin_file) {
        pin = trimmed(read_small_file(*options.pin_file, "PIN"));
        if (!core::is_valid_pin_format(pin.data(), pin.size()))
            throw UsageError("setup: the PIN in " + *options.pin_file + " must be 4 to 12 digits");
    }
    if (!options.session.empty() && options.session != "kiosk" && options.session != "desktop" &&
        options.session != "none")
        throw UsageError("setup: --session must be kiosk, desktop or none");
    if (options.session == "kiosk") {
        // The session draws through cage and, on PCs without a GPU driver, Xwayland (deploy/
        // README.md, "Presentation paths"); both are only Recommends of the package, and a
        // session enabled without them is a black screen at the next boot.
        for (const char* program : {"/usr/bin/cage", "/usr/bin/Xwayland"})
            if (::access(program, X_OK) != 0)
                throw std::runtime_error(std::string("setup: --session kiosk needs ") + program +
                                         ": install it first (apt install cage xwayland); nothing was changed");
    }

    // 3. Write: token, configuration, PIN (in the database), ownership, session.
    if (options.token_file) {
        // 0600 from the first byte (atomic_file.h): the temporary is never readable by others,
        // whatever the umask, and the renamed file is that same inode.
        report::atomic_write(token_destination, token + "\n", report::kPrivateFileMode);
        if (owner && root) change_owner(token_destination, *owner);
        std::printf("wrote %s (mode 0600%s)\n", token_destination.c_str(),
                    owner ? (", owner " + owner_name).c_str() : "");
    }
    report::atomic_write(config_path, text, 0644);  // no secrets in it: the token has its own file
    std::printf("wrote %s:", config_path.c_str());
    for (const auto& key : changed) std::printf(" %s", key.c_str());
    std::printf("\n");

    // The final file, as the services will read it (the staged copy had another directory
    // for relative paths).
    CommonOptions final_options;
    final_options.config_file = config_path;
    final_options.database = common.database;
    const Context context = load_context(final_options);
    const fs::path data_dir = context.database_path.parent_path();
    {
        auto store = open_store(context);
        if (options.pin_file) {
            store::set_admin_pin(*store, pin, "setup");
            std::printf("staff PIN set (Argon2id hash in %s)\n", context.database_path.c_str());
        }
        store->audit("setup", "provisioned", "device " + context.config().device.id);
    }
    if (owner && root) {
        change_owner(data_dir, *owner);
        for (const char* suffix : {"", "-wal", "-shm", ".sync-lock"})
            change_owner(fs::path(context.database_path.string() + suffix), *owner);
        std::printf("data in %s belongs to %s\n", data_dir.c_str(), owner_name.c_str());
    }

    const fs::path sync_drop_in = "/etc/systemd/system/feedback-sync.service.d/feedback-kiosk-setup.conf";
    if (options.session == "kiosk") {
        // Back from a desktop session: feedback-sync runs as the service user again.
        std::error_code ignored;
        if (fs::remove(sync_drop_in, ignored)) std::printf("removed %s\n", sync_drop_in.c_str());
        if (run_program({"systemctl", "enable", "feedback-kiosk.service", "feedback-sync.service"}) != 0 ||
            run_program({"systemctl", "set-default", "graphical.target"}) != 0)
            throw std::runtime_error("setup: systemctl could not enable feedback-kiosk.service (see above)");
        std::printf("enabled feedback-kiosk.service (cage on tty1) and feedback-sync.service; "
                    "they start at the next boot or with `systemctl start feedback-kiosk`\n");
    } else if (options.session == "desktop") {
        const fs::path autostart = owner->home / ".config" / "autostart";
        fs::create_directories(autostart);
        const fs::path entry = autostart / "feedback-kiosk.desktop";
        const std::string shared = "/usr/share/feedback-kiosk/feedback-kiosk-autostart.desktop";
        std::ifstream in(shared, std::ios::binary);
        if (!in) throw std::runtime_error("setup: " + shared + " is missing; reinstall the package");
        report::atomic_write(entry, std::string{std::istreambuf_iterator<char>(in), {}}, 0644);
        if (root) {
            change_owner(owner->home / ".config", *owner);
            change_owner(autostart, *owner);
            change_owner(entry, *owner);
        }
        // feedback-sync must run as the same user as the window: one owner for the database.
        fs::create_directories(sync_drop_in.parent_path());
        report::atomic_write(sync_drop_in,
                             "# Written by `feedback-kiosk setup --session desktop`.\n[Service]\nUser=" +
                                 owner_name + "\nGroup=" + owner->group + "\n",
                             0644);  // systemd units are world-readable by convention
        if (run_program({"systemctl", "enable", "feedback-sync.service"}) != 0)
            throw std::runtime_error("setup: systemctl could not enable feedback-sync.service (see above)");
        std::printf("wrote %s; feedback-sync.service runs as %s\n", entry.c_str(), owner_name.c_str());
    }
    std::printf("done; check with: feedback-kiosk doctor%s\n",
                common.config_file ? (" --config " + config_path.string()).c_str() : "");
    return kExitOk;
}

}  // namespace feedback::app
