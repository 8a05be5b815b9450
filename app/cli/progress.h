// The CLI's progress line: "invert  [#####-----] 120/300  ce 0.41 prior 3.2  ETA 0:42" redrawn on
// stderr when stderr is a terminal, nothing otherwise (stdout carries only results).
#pragma once

#include <chrono>
#include <string>

#include "api/jobs.h"
#include "io/text.h"  // format_duration

namespace lrc::cli {

class ProgressLine {
 public:
  ProgressLine();  // enabled iff stderr is a terminal
  explicit ProgressLine(bool enabled) : enabled_(enabled) {}
  ~ProgressLine() { finish(); }

  void update(const api::ProgressInfo& e);
  void message(const std::string& line);  // a log line above the progress line (always printed)
  void finish();                          // ends the line (idempotent)
  bool enabled() const { return enabled_; }

  // Callbacks for core/api jobs that draw on this line; log lines go to stderr even without a
  // terminal.
  api::JobCallbacksPlain plain_callbacks();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::string stage_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace lrc::cli
