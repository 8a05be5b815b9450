#include "commands.h"

#include <torch/torch.h>

#include "runtime/runtime.h"

namespace lrc::cli {

const std::vector<Command>& all_commands() {
  static const std::vector<Command> commands = {info_command(), embed_command()};
  return commands;
}

Compute setup_compute(const Args& args) {
  set_threads(int(args.get_int("threads", 0)));
  Compute c;
  c.device = parse_device(args.get("device", "cpu"));
  c.seed = uint64_t(args.get_int("seed", 0));
  torch::manual_seed(c.seed);
  return c;
}

}  // namespace lrc::cli
