// render_pdf / export_pdf on the kiosk's side: the Pango/Cairo renderer lives in the
// feedback-pdf.so module (see pdf_module.h for why) and is dlopen()ed here the first time a PDF
// is made. A missing or broken module fails that export with dlerror()'s words; every other
// format, and the rest of the kiosk, never touch it.
#include <dlfcn.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <system_error>

#include "report/atomic_file.h"
#include "report/pdf_export.h"
#include "report/pdf_module.h"

// The sanitizer build's suppressions for fontconfig (held by Pango for the process's life) are
// in common/lsan_suppressions.h, defined by each program's main().

namespace feedback::report {
namespace {

// The message that leads every load failure; the export's caller adds "Export failed:" and the
// staff screen shows it, hence both languages.
constexpr const char* kLoadFailed = "โหลดส่วนสร้างไฟล์ PDF ไม่ได้ / the PDF renderer could not be loaded: ";

struct ModuleCloser {
    void operator()(void* handle) const noexcept { dlclose(handle); }
};
using ModuleHandle = std::unique_ptr<void, ModuleCloser>;

// Opens `module` and finds its entry point, or returns nullptr with dlerror()'s text in *error.
// RTLD_NODELETE: GLib's type system and fontconfig cannot be unloaded safely, so the module
// stays mapped once loaded (dlclose below only drops our reference) and the returned function
// pointer stays valid for the life of the process. RTLD_LOCAL: the module's own copies of
// kiosk_core/kiosk_report (linked statically into it) never interpose on the kiosk's.
PdfRenderFunction open_module(const std::filesystem::path& module, std::string* error) {
    dlerror();  // clear any earlier message
    const ModuleHandle handle(dlopen(module.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE));
    if (!handle) {
        const char* why = dlerror();
        *error = why ? why : module.string() + ": dlopen failed";
        return nullptr;
    }
    void* symbol = dlsym(handle.get(), kPdfRenderSymbol);
    if (!symbol) {
        const char* why = dlerror();
        *error = why ? why : module.string() + ": no " + kPdfRenderSymbol;
        return nullptr;
    }
    return reinterpret_cast<PdfRenderFunction>(symbol);
}

std::string call(PdfRenderFunction render, const Report& report) {
    std::string out, error;
    if (render(&report, &out, &error) != 0) throw std::runtime_error(error);
    return out;
}

}  // namespace

std::vector<std::filesystem::path> pdf_module_candidates() {
    std::vector<std::filesystem::path> out;
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) out.push_back(self.parent_path().parent_path() / "lib" / "feedback-kiosk" / kPdfModuleFileName);
#ifdef FEEDBACK_PDF_MODULE_BUILD_PATH
    out.emplace_back(FEEDBACK_PDF_MODULE_BUILD_PATH);
#endif
    return out;
}

std::string render_pdf_with_module(const std::filesystem::path& module, const Report& report) {
    std::string error;
    const PdfRenderFunction render = open_module(module, &error);
    if (!render) throw std::runtime_error(kLoadFailed + error);
    return call(render, report);
}

std::string render_pdf(const Report& report) {
    // Loaded once per process; a failure is not remembered, so a module installed after the
    // first attempt is picked up by the next export without restarting the kiosk.
    static std::mutex mutex;
    static PdfRenderFunction render = nullptr;
    PdfRenderFunction loaded = nullptr;
    {
        const std::lock_guard lock(mutex);
        if (!render) {
            std::string reasons;
            for (const auto& candidate : pdf_module_candidates()) {
                std::string error;
                render = open_module(candidate, &error);
                if (render) break;
                reasons += (reasons.empty() ? "" : "; ") + error;
            }
            if (!render) throw std::runtime_error(kLoadFailed + reasons);
        }
        loaded = render;
    }
    return call(loaded, report);
}

void export_pdf(const Report& report, const std::filesystem::path& out) { atomic_write(out, render_pdf(report)); }

}  // namespace feedback::report
