// What every command starts from: the configuration, the survey and the database path,
// resolved once in the same order everywhere (--db > store.database > the user's data dir;
// --config > the user's config file > built-in defaults; FEEDBACK_* variables win over files).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include "app/config.h"
#include "core/survey.h"
#include "store/store.h"

namespace feedback::app {

struct CommonOptions {
    std::optional<std::filesystem::path> config_file;  // --config
    std::optional<std::filesystem::path> database;     // --db
};

struct Context {
    LoadedConfig loaded;
    core::Survey survey;
    std::filesystem::path database_path;

    const Config& config() const { return loaded.config; }
};

// Loads configuration and survey; logs the configuration's notes. Throws SourceError.
Context load_context(const CommonOptions& options);

// Opens (creating, migrating, checking) the database; logs a damaged file that was moved aside.
std::unique_ptr<store::Store> open_store(const Context& context, store::StoreOptions options = {});

}  // namespace feedback::app
