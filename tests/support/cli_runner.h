// Runs the real lora-recycle-cli ($LRC_CLI, set by CTest) for the CLI tests written in C++.
#pragma once

#include <cstdlib>
#include <string>

#include "harness.h"

namespace lrc::test {

// The command's exit status (-1 when it could not run); `tail` is appended to the command line
// (e.g. " --threads 2" or output redirections).
inline int run_cli(const std::string& args, const std::string& tail = " 2>&1") {
  const char* cli = std::getenv("LRC_CLI");
  if (!cli) {
    report_failure(__FILE__, __LINE__, "LRC_CLI is not set");
    return -1;
  }
  const int rc = std::system((std::string(cli) + " " + args + tail).c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

}  // namespace lrc::test
