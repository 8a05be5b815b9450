#include "commands.h"

#include <algorithm>
#include <csignal>

#include <torch/torch.h>

#include "runtime/runtime.h"

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

const CancelToken* interrupt_token() {
  return &interrupt_control().token();
}

Compute setup_compute(const Args& args) {
  ComputeFlags f;
  f.threads = int(args.get_int("threads", f.threads));
  f.device = args.get("device", f.device);
  f.seed = uint64_t(args.get_int("seed", 0));
  f.precision = args.get("precision", f.precision);
  return setup_compute(f);
}

Compute setup_compute(const ComputeFlags& f) {
  set_threads(f.threads);
  Compute c;
  c.device = parse_device(f.device);
  c.seed = f.seed;
  c.precision = parse_precision(f.precision);
  resolve_precision(c.precision, c.device);  // fp16 on the CPU fails here, before any work
  torch::manual_seed(c.seed);
  return c;
}

JobContext job_context(const Compute& compute, const CancelToken* cancel, JobCallbacks callbacks) {
  JobContext ctx{compute.device, compute.seed, cancel, std::move(callbacks)};
  ctx.precision = compute.precision;
  return ctx;
}

}  // namespace lrc::cli
