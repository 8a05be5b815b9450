// pretrain: train the project's own tiny VFM (and its BatchNorm prior) on labeled images. A thin
// adapter: flags → api::PretrainSettings → core/api → print.
#include <cmath>
#include <iostream>
#include <memory>

#include "api/training.h"
#include "commands.h"
#include "parse.h"
#include "progress.h"

namespace lrc::cli {

namespace {

// Every pretrain flag, bound to the one settings struct: the defaults shown in the help are
// api::PretrainSettings' (the core's).
struct PretrainFlags {
  api::PretrainSettings s;
  ComputeFlags compute;
  bool no_input_norm = false;
};

void declare_architecture_options(CLI::App& app, PretrainFlags& f) {
  api::PretrainSettings& s = f.s;
  const char* group = "architecture";
  app.add_option("--image-size", s.image_size, "image side in pixels")
      ->capture_default_str()
      ->check(at_least(1))
      ->group(group);
  app.add_option("--patch", s.patch, "patch side in pixels")
      ->capture_default_str()
      ->check(at_least(1))
      ->group(group);
  app.add_option("--width", s.width, "embedding width")
      ->capture_default_str()
      ->check(at_least(1))
      ->group(group);
  app.add_option("--depth", s.depth, "transformer blocks")
      ->capture_default_str()
      ->check(at_least(1))
      ->group(group);
  app.add_option("--heads", s.heads, "attention heads")
      ->capture_default_str()
      ->check(at_least(1))
      ->group(group);
  app.add_option("--mlp", s.mlp, "MLP hidden width (default: 4 × width)")
      ->check(at_least(1))
      ->group(group);
  app.add_option("--name", s.name, "the model's name")->capture_default_str()->group(group);
  app.add_flag("--no-input-norm", f.no_input_norm,
               "feed raw normalized pixels (default: standardize each image per channel)")
      ->group(group);
}

void declare_pretrain_options(CLI::App& app, PretrainFlags& f) {
  api::PretrainSettings& s = f.s;
  add_required(app, "--data", s.data_dir, "labeled images, one sub-folder per class");
  add_required(app, "--out", s.out_path, "the model file (project format, .safetensors)");
  app.add_option("--val-data", s.val_dir,
                 "labeled images of other classes: 5-way 1-shot prototype accuracy while training");
  app.add_option("--val-classes", s.val_classes,
                 "hold out N classes of the data (seeded) for that validation instead")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_option("--max-classes", s.max_classes,
                 "train on at most N classes of the data (seeded; 0: all)")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_option("--steps", s.steps, "AdamW steps")->capture_default_str()->check(at_least(1));
  app.add_option("--batch", s.batch, "images per step")->capture_default_str()->check(at_least(1));
  app.add_option("--lr", s.lr, "peak learning rate (warm-up, then cosine decay)")
      ->capture_default_str();
  app.add_option("--cosine-scale", s.cosine_scale,
                 "the classifier's cosine-softmax scale; 0: a plain linear softmax classifier")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_option("--val-every", s.val_every, "steps between validations (0: off)")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_option("--val-episodes", s.val_episodes, "episodes per validation")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--max-shift", s.max_shift, "augmentation: random shifts of up to N pixels")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_option("--zoom", s.zoom,
                 "augmentation: random zoom in [1 - Z, 1 + Z] with sub-pixel shifts (0: off)")
      ->capture_default_str();
  app.add_option("--checkpoint", s.checkpoint_path,
                 "keep the run's whole state in this file (every --checkpoint-every steps and "
                 "on Ctrl-C)");
  app.add_option("--checkpoint-every", s.checkpoint_every,
                 "steps between checkpoints (0: only on Ctrl-C)")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_flag("--resume", s.resume, "continue from --checkpoint when it exists");
  app.add_option("--curve", s.curve_path,
                 "write the validation curve here (CSV: step,val_5way_1shot)");
  app.add_option("--prior-out", s.prior_out, "also train the BatchNorm prior into this file");
  app.add_option("--prior-steps", s.prior_steps, "the prior's training steps")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_flag("--fp16", s.fp16, "store the weights as F16 (half the size)");
  declare_architecture_options(app, f);
  add_compute_options(app, f.compute);
}

void print_model(const api::PretrainOutcome& o) {
  std::cout << "wrote " << o.saved_to << ": " << o.classes << " classes, " << o.images
            << " images, " << o.steps << " steps, train accuracy " << o.train_accuracy * 100
            << " %";
  if (!std::isnan(o.val_accuracy))
    std::cout << ", 5-way 1-shot on held-out classes " << o.val_accuracy * 100 << " %";
  std::cout << ", " << o.seconds << " s";
  if (o.resumed_from > 0) std::cout << " (resumed at step " << o.resumed_from << ")";
  std::cout << "\n";
}

int run_pretrain(PretrainFlags& f) {
  setup_compute(f.compute);  // --threads, --device and --precision checked before any loading
  api::PretrainSettings& s = f.s;
  s.input_norm = !f.no_input_norm;
  s.device = f.compute.device;
  s.seed = f.compute.seed;
  s.precision = f.compute.precision;
  ProgressLine line;
  // The model is reported as soon as it is saved: the prior's training follows.
  const auto o = api::run_pretrain(s, line.plain_callbacks(), interrupt_control(),
                                   [&line](const api::PretrainOutcome& model) {
                                     line.finish();
                                     print_model(model);
                                   });
  line.finish();
  if (!o.prior_saved_to.empty())
    std::cout << "wrote " << o.prior_saved_to << ": BatchNorm prior, train accuracy "
              << o.prior_train_accuracy * 100 << " %, " << o.prior_seconds << " s\n";
  return 0;
}

const CommandRegistrar registrar([] {
  Command c;
  c.name = "pretrain";
  c.summary = "train the project's tiny ViT (and its BatchNorm prior) on labeled images";
  c.declare = [](CLI::App& app) -> std::function<int()> {
    auto f = std::make_shared<PretrainFlags>();
    declare_pretrain_options(app, *f);
    return [f] { return run_pretrain(*f); };
  };
  return c;
}());

}  // namespace
}  // namespace lrc::cli
