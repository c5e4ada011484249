// `feedback-kiosk demo-data --count N --from DATE --to DATE`: fills the database with
// synthetic answers (core/demo_data.h) through the store's bulk writer. Dates are office-local
// ISO dates, inclusive.
#include <chrono>
#include <cstdio>

#include "app/commands.h"
#include "app/log.h"
#include "core/clock.h"
#include "core/demo_data.h"
#include "core/period.h"

namespace feedback::app {

int demo_data_command(const Context& context, const DemoDataOptions& options) {
    const auto today = core::local_date_of(core::now_utc_ms(), core::kOfficeOffsetMin);
    core::DemoParams params;
    params.count = options.count;
    params.seed = options.seed;
    params.device_id = context.config().device.id;
    params.service_points = context.config().survey.service_points;
    auto parse = [](const std::string& text, const char* flag) {
        auto date = core::parse_iso_date(text);
        if (!date) throw UsageError(std::string(flag) + ": expected a date as YYYY-MM-DD, got '" + text + "'");
        return *date;
    };
    params.last = options.to.empty() ? today : parse(options.to, "--to");
    params.first = options.from.empty() ? core::civil_from_days(core::days_from_civil(params.last) - 180)
                                        : parse(options.from, "--from");
    if (core::days_from_civil(params.last) < core::days_from_civil(params.first))
        throw UsageError("--from must not be after --to");

    auto store = open_store(context);
    const auto started = std::chrono::steady_clock::now();
    core::DemoGenerator generator(context.survey, params);
    store::Store::BulkWriter writer(*store);
    while (generator.has_next()) writer.add(generator.next());
    writer.finish();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    store->audit("cli", "demo-data", std::to_string(writer.written()) + " entries " +
                                         core::format_iso_date(params.first) + ".." +
                                         core::format_iso_date(params.last));
    std::printf("%zu demo entries written from %s to %s in %.2f s (%.0f entries/s)\n",
                writer.written(), core::format_iso_date(params.first).c_str(),
                core::format_iso_date(params.last).c_str(), seconds,
                seconds > 0 ? static_cast<double>(writer.written()) / seconds : 0.0);
    return kExitOk;
}

}  // namespace feedback::app
