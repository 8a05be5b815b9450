// info PATH [--json]: what a model, adapter or safetensors file holds.
#include <iostream>

#include "api/describe.h"
#include "commands.h"
#include "io/error.h"

namespace lrc::cli {

namespace {
int run_info(const Args& args) {
  if (args.positionals().size() != 1) throw InputError("\"info\" needs exactly one PATH");
  Json d = describe_path(args.positionals()[0], /*with_tensors=*/true);
  if (args.flag("json"))
    std::cout << d.dump(2) << "\n";
  else
    std::cout << describe_text(d);
  return 0;
}

const CommandRegistrar registrar(Command{
    "info", "what a model, adapter or safetensors file holds",
    "usage: lora-recycle-cli info PATH [--json]\n"
    "  PATH: a model (HF folder, timm/HF-ViT/project safetensors), an adapter (PEFT folder,\n"
    "        reference or project file) or any safetensors file.\n"
    "  --json  machine-readable output\n",
    OptionSpec{{}, {"json"}}, run_info});

}  // namespace
}  // namespace lrc::cli
