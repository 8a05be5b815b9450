// lora-recycle-cli: every LoRA Recycle job, headless. Exit codes: 0 success, 2 bad input
// (message on stderr naming the file and the problem), 1 internal error.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "parse.h"
#include "io/error.h"
#include "io/text.h"
#include "api/jobs.h"
#include "api/session.h"

namespace {

void print_overview(std::ostream& out) {
  out << "usage: lora-recycle-cli <command> [options]\n\ncommands:\n";
  for (const auto& c : lrc::cli::all_commands())
    out << "  " << c.name << std::string(14 - std::min<size_t>(13, c.name.size()), ' ') << c.summary
        << "\n";
  out << "\nlora-recycle-cli help <command> shows a command's options.\n";
}

std::optional<lrc::cli::Command> find_command(const std::string& name) {
  for (const auto& c : lrc::cli::all_commands())
    if (c.name == name) return c;
  return std::nullopt;
}

int run(const std::vector<std::string>& argv) {
  if (argv.empty()) {
    print_overview(std::cerr);
    return 2;
  }
  const std::string& name = argv[0];
  if (name == "help" || name == "--help" || name == "-h") {
    if (argv.size() > 1) {
      if (const auto c = find_command(argv[1])) {
        std::cout << lrc::cli::command_help(*c);
        return 0;
      }
      std::cerr << "unknown command \"" << argv[1] << "\"\n";
      return 2;
    }
    print_overview(std::cout);
    return 0;
  }
  if (name == "--version") {
    std::cout << "lora-recycle-cli " << LRC_VERSION << " (" << lrc::api::torch_version() << ")\n";
    return 0;
  }
  const auto cmd = find_command(name);
  if (!cmd) {
    std::cerr << "lora-recycle-cli: unknown command \"" << name << "\"\n";
    print_overview(std::cerr);
    return 2;
  }
  return lrc::cli::run_command(*cmd, std::vector<std::string>(argv.begin() + 1, argv.end()));
}

}  // namespace

int main(int argc, char** argv) {
  // A helper rank of a local multi-process meta-training (started by core/api, not by people).
  if (argc == 3 && std::string(argv[1]) == lrc::api::kMetaTrainWorkerFlag)
    return lrc::api::run_meta_training_worker(argv[2]);
  std::vector<std::string> args(argv + 1, argv + argc);
  // LRC_TRACE=FILE: a Chrome trace of every LibTorch op of the command (LibTorch's profiler),
  // for finding where a job's time goes.
  std::unique_ptr<lrc::api::OpTrace> trace;
  if (const char* path = std::getenv("LRC_TRACE"))
    trace = std::make_unique<lrc::api::OpTrace>(std::string(path));
  try {
    return run(args);
  } catch (const lrc::InputError& e) {
    std::cerr << "error: " << lrc::printable(e.what(), 4096, true) << "\n";
    return 2;
  } catch (const lrc::Cancelled&) {
    std::cerr << "cancelled\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << lrc::printable(e.what(), 4096, true) << "\n";
    return 1;
  }
}
