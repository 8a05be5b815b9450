// info PATH [--json]: what a model, adapter or safetensors file holds.
#include <iostream>
#include <memory>

#include "api/describe.h"
#include "commands.h"
#include "parse.h"
#include "io/error.h"

namespace lrc::cli {

namespace {

struct InfoFlags {
  std::string path;
  bool json = false;
};

int run_info(const InfoFlags& f) {
  Json d = describe_path(f.path, /*with_tensors=*/true);
  if (f.json)
    std::cout << d.dump(2) << "\n";
  else
    std::cout << describe_text(d);
  return 0;
}

const CommandRegistrar registrar([] {
  Command c;
  c.name = "info";
  c.summary = "what a model, adapter or safetensors file holds";
  c.declare = [](CLI::App& app) -> std::function<int()> {
    auto f = std::make_shared<InfoFlags>();
    add_required(app, "PATH", f->path,
                 "a model (HF folder, timm/HF-ViT/project safetensors), an adapter (PEFT folder, "
                 "reference or project file) or any safetensors file");
    app.add_flag("--json", f->json, "machine-readable output");
    return [f] { return run_info(*f); };
  };
  return c;
}());

}  // namespace
}  // namespace lrc::cli
