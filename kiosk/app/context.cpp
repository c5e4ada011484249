#include "app/context.h"

#include "app/log.h"

namespace feedback::app {

Context load_context(const CommonOptions& options) {
    Context context{load_config(options.config_file, current_environment()), {}, {}};
    for (const auto& note : context.loaded.notes) log_note(note);
    const auto& config = context.loaded.config;
    context.survey = config.survey.file.empty() ? core::default_survey()
                                                : core::load_survey_file(config.survey.file);
    check_against_survey(context.loaded, context.survey);
    context.database_path = options.database ? *options.database : effective_database_path(config);
    return context;
}

std::unique_ptr<store::Store> open_store(const Context& context, store::StoreOptions options) {
    auto store = std::make_unique<store::Store>(context.database_path, options);
    if (store->moved_aside())
        log_error("the database " + context.database_path.string() +
                  " was damaged; it was kept as " + store->moved_aside()->string() +
                  " and a new, empty database was started. Nothing in the damaged file was "
                  "deleted: ask IT to recover it.");
    return store;
}

}  // namespace feedback::app
