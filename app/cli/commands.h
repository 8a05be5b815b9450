// The lora-recycle-cli subcommands (docs/method.md §7). Each lives in its own cmd_*.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <torch/types.h>

#include "api/jobs.h"
#include "args.h"
#include "jobs/job.h"

namespace lrc::cli {

struct Command {
  std::string name;
  std::string summary;
  std::string usage;  // full help text
  OptionSpec spec;
  int (*run)(const Args& args) = nullptr;
};

// Every registered command, sorted by name.
std::vector<Command> all_commands();

// Commands register themselves from their own file:
//   static const CommandRegistrar reg(Command{"name", "summary", "usage", spec, run});
struct CommandRegistrar {
  explicit CommandRegistrar(Command c);
};

// Applies --threads (default: all cores) and --seed, and resolves --device (default cpu) and
// --precision (default auto).
struct Compute {
  torch::Device device = torch::kCPU;
  uint64_t seed = 0;
  Precision precision = Precision::Auto;
};
Compute setup_compute(const Args& args);

// The job context of a command: its device, seed and precision, a cancel token, callbacks.
JobContext job_context(const Compute& compute, const CancelToken* cancel, JobCallbacks callbacks);

// A job control (and its token) cancelled by Ctrl-C (SIGINT/SIGTERM), so long jobs stop cleanly
// and save what they have; the first call installs the handlers.
const api::JobControl& interrupt_control();
const CancelToken* interrupt_token();

}  // namespace lrc::cli
