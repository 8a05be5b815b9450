#include "commands.h"

#include <algorithm>
#include <csignal>
#include <iostream>

#include "api/session.h"

namespace lrc::cli {

namespace {
std::vector<Command>& registry() {
  static std::vector<Command> commands;
  return commands;
}
}  // namespace

CommandRegistrar::CommandRegistrar(Command c) {
  registry().push_back(std::move(c));
}

std::vector<Command> all_commands() {
  auto commands = registry();
  std::sort(commands.begin(), commands.end(),
            [](const Command& a, const Command& b) { return a.name < b.name; });
  return commands;
}

namespace {
// Created before the handlers are installed; cancel() only sets an atomic flag.
api::JobControl g_interrupt;
extern "C" void on_interrupt(int) {
  g_interrupt.cancel();
}
}  // namespace

const api::JobControl& interrupt_control() {
  static const bool installed = [] {
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    return true;
  }();
  (void)installed;
  return g_interrupt;
}

void setup_compute(const ComputeFlags& f) {
  const int used = api::set_threads(f.threads);
  if (f.threads > used)
    std::cerr << "note: --threads " << f.threads << " is more than this machine's " << used
              << " cores; using " << used << "\n";
  api::describe_precision(f.precision, f.device);  // throws InputError naming the problem
}

}  // namespace lrc::cli
