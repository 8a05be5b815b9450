// The lora-recycle-cli subcommands (docs/method.md §7). Each lives in its own cmd_*.cpp and is a
// thin adapter over core/api: flags → one settings struct → one call → print.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "api/jobs.h"

namespace CLI {
class App;
}

namespace lrc::cli {

// A subcommand. `declare` adds its options to the CLI11 app, bound to its settings struct — the
// help, defaults and validation all come from that one declaration — and returns what runs after
// a successful parse (parse.cpp).
struct Command {
  std::string name;
  std::string summary;
  std::function<std::function<int()>(CLI::App& app)> declare;
};

// Every registered command, sorted by name.
std::vector<Command> all_commands();

// Commands register themselves from their own file:
//   const CommandRegistrar registrar([] { Command c; ...; return c; }());
struct CommandRegistrar {
  explicit CommandRegistrar(Command c);
};

// The compute flags every computing command binds (add_compute_options in parse.h).
struct ComputeFlags {
  std::string device = "cpu";
  int threads = 0;  // 0: every core
  uint64_t seed = 0;
  std::string precision = "auto";
};

// Applies --threads and checks --device and --precision (an unavailable device, fp16 on the CPU)
// before any work; the seed and precision travel in each job's settings.
void setup_compute(const ComputeFlags& flags);

// A job control cancelled by Ctrl-C (SIGINT/SIGTERM), so long jobs stop cleanly and save what
// they have; the first call installs the handlers.
const api::JobControl& interrupt_control();

}  // namespace lrc::cli
