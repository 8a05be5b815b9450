// The lora-recycle-cli subcommands (docs/method.md §7). Each lives in its own cmd_*.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <torch/types.h>

#include "api/jobs.h"
#include "args.h"
#include "jobs/job.h"

namespace CLI {
class App;
}

namespace lrc::cli {

// A subcommand. CLI11 parses every command's arguments (parse.cpp). A command either declares its
// options on the CLI11 app, bound to its settings struct — the help, defaults and validation then
// come from that one declaration — and returns what runs after a successful parse, or (older
// commands, until they are converted) lists option names in `spec`, reads them through Args and
// brings its own `usage` text.
struct Command {
  std::string name;
  std::string summary;
  std::string usage;  // Args-style commands: full help text
  OptionSpec spec;
  int (*run)(const Args& args) = nullptr;
  std::function<std::function<int()>(CLI::App& app)> declare;
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

// The compute flags as a declared command binds them (see add_compute_options in parse.h).
struct ComputeFlags {
  std::string device = "cpu";
  int threads = 0;  // 0: every core
  uint64_t seed = 0;
  std::string precision = "auto";
};
Compute setup_compute(const ComputeFlags& flags);

// The job context of a command: its device, seed and precision, a cancel token, callbacks.
JobContext job_context(const Compute& compute, const CancelToken* cancel, JobCallbacks callbacks);

// A job control (and its token) cancelled by Ctrl-C (SIGINT/SIGTERM), so long jobs stop cleanly
// and save what they have; the first call installs the handlers.
const api::JobControl& interrupt_control();
const CancelToken* interrupt_token();

}  // namespace lrc::cli
