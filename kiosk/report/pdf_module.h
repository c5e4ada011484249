// The PDF renderer as a loadable module (feedback-pdf.so), and how the kiosk finds it.
//
// Why a module: Pango and Cairo (pdf_export.cpp) pull in glib, gobject, gio, pixman, harfbuzz,
// fontconfig and more — about 3 MB of PSS mapped at start, plus their start-up heap — into a
// kiosk that makes a PDF twice a year (the staff screen, `export --format pdf`). The kiosk keeps
// its start-up memory budget (tests/bench/bench_ui.cpp) only if they are mapped when a PDF is
// actually made. So pdf_export.cpp is built as a MODULE library linking Pango/Cairo, and
// render_pdf() (pdf_loader.cpp) dlopen()s it on first use and calls the one function below.
//
// The contract between the two halves is this header only. They are built from the same tree
// in the same build, so a C++ Report and std::string may cross it; what must not cross is an
// exception (the entry point is extern "C"), so the module returns an error text instead.
// The symbol carries a version: a module from another release fails to load with a clear
// "undefined symbol" message rather than misreading a Report whose layout changed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "report/report.h"

namespace feedback::report {

// The module's one exported function: 0 and the PDF bytes in *out, or non-zero and a reason
// (no personal data: it comes from Cairo's status) in *error. Never throws.
using PdfRenderFunction = int (*)(const Report* report, std::string* out, std::string* error);
inline constexpr const char* kPdfRenderSymbol = "feedback_pdf_render_v1";
inline constexpr const char* kPdfModuleFileName = "feedback-pdf.so";

// Where render_pdf looks for the module, in order: installed beside the kiosk
// (<exe dir>/../lib/feedback-kiosk/feedback-pdf.so, i.e. /usr/lib/feedback-kiosk/ in the
// Debian package), then the module built in the build tree (so tests and a kiosk run from the
// build directory use the one just built).
std::vector<std::filesystem::path> pdf_module_candidates();

// render_pdf with the module at exactly `module` (tests: a missing file must fail the export
// with dlerror()'s text and nothing else). Throws std::runtime_error.
std::string render_pdf_with_module(const std::filesystem::path& module, const Report& report);

}  // namespace feedback::report
