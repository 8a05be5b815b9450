#include "progress.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

#include "io/text.h"

namespace lrc::cli {

ProgressLine::ProgressLine() : enabled_(::isatty(STDERR_FILENO) == 1) {}

void ProgressLine::update(const api::ProgressInfo& e) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (e.stage != stage_) {
    if (drawn_) std::fputc('\n', stderr);
    stage_ = e.stage;
    start_ = now;
  }
  // Redraw at most ~10 times a second, and always for the last step.
  if (drawn_ && e.step < e.total && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double frac = e.total > 0 ? double(e.step) / double(e.total) : 0.0;
  const int width = 24, filled = int(frac * width);
  std::string bar(size_t(filled), '#');
  bar.append(size_t(width - filled), '-');
  std::string values;
  char buf[64];
  for (const auto& [name, v] : e.values) {
    std::snprintf(buf, sizeof buf, " %s %.4g", name.c_str(), v);
    values += buf;
  }
  if (std::isfinite(e.lr)) {
    std::snprintf(buf, sizeof buf, " lr %.2g", e.lr);
    values += buf;
  }
  const double eta = e.step > 0 ? elapsed / double(e.step) * double(e.total - e.step) : NAN;
  std::fprintf(stderr, "\r\033[K%s [%s] %lld/%lld%s  ETA %s", e.stage.c_str(), bar.c_str(),
               static_cast<long long>(e.step), static_cast<long long>(e.total), values.c_str(),
               format_duration(eta).c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressLine::message(const std::string& line) {
  // Log lines (validation results, files written) also go to stderr when it is not a terminal:
  // they are what a cluster job's log should show. Only the redrawn bar needs a terminal.
  if (!enabled_) {
    std::fprintf(stderr, "%s\n", line.c_str());
    return;
  }
  std::fprintf(stderr, "\r\033[K%s\n", line.c_str());
  drawn_ = false;
}

void ProgressLine::finish() {
  if (enabled_ && drawn_) std::fputc('\n', stderr);
  drawn_ = false;
}

api::JobCallbacksPlain ProgressLine::plain_callbacks() {
  api::JobCallbacksPlain cb;
  cb.progress = [this](const api::ProgressInfo& p) { update(p); };
  cb.log = [this](const std::string& line) { message(line); };
  return cb;
}

}  // namespace lrc::cli
