// Training jobs behind the facade (core/api, plain types): pre-tuning LoRAs on labeled tasks
// (one, or a whole collection) and pre-training the project's tiny ViT with its BatchNorm prior.
// Same conventions as jobs.h: plain settings with the core's defaults, blocking runners reporting
// through JobCallbacksPlain, stopped through a JobControl; InputError for impossible settings
// (naming the setting or file), lrc::Cancelled when cancelled, lrc::Error for internal failures.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "api/jobs.h"
#include "api/session.h"

namespace lrc::api {

// The shape of a new LoRA (model/lora.h LoraSpec's defaults).
struct LoraShape {
  int64_t rank = 4;
  std::string targets = "q,v";  // comma-separated: q, k, v, out, fc1, fc2, qkv
  double alpha = std::numeric_limits<double>::quiet_NaN();  // NaN: the rank (scale 1)
};

// How one LoRA + classification head is tuned (recycle/pretune.h TuneConfig's defaults).
struct TuneSettings {
  LoraShape lora;
  int64_t steps = 300;
  int64_t batch = 32;
  double lr = 1e-3;
  double holdout = 0.2;  // share of each class's images kept for the recorded accuracy; in (0, 1)
  uint64_t seed = 0;
  std::string precision = "auto";  // precision_options() (session.h)
};

// ---------------------------------------------------------------- one LoRA

struct TuneLoraSettings {
  std::string data_dir;  // labeled images, one sub-folder per class
  // Comma-separated class names of the data, or ids when every item is an integer that is not
  // also a class name; at least 2.
  std::string classes;
  std::string out_path;  // the adapter (project format); its stem names it
  TuneSettings tune;
};

struct TuneLoraOutcome {
  std::string saved_to;
  int64_t classes = 0;
  double train_accuracy = 0.0;
  double heldout_accuracy = 0.0;
  double seconds = 0.0;
};

TuneLoraOutcome run_tune_lora(const Model& model, const TuneLoraSettings& settings,
                              const JobCallbacksPlain& callbacks, const JobControl& control);

// ---------------------------------------------------------------- a collection (a "LoRA market")

// recycle/pretune.h ZooConfig's defaults.
struct MakeZooSettings {
  std::string data_dir;
  // A file listing the classes tasks are drawn from (one per line, # comments); empty: all.
  std::string classes_file;
  std::string out_dir;  // lora_000.safetensors, … and index.json; finished LoRAs are kept
  int count = 32;
  int way = 5;
  TuneSettings tune;
};

struct MakeZooOutcome {
  std::string out_dir;
  int count = 0;
};

MakeZooOutcome run_make_zoo(const Model& model, const MakeZooSettings& settings,
                            const JobCallbacksPlain& callbacks, const JobControl& control);

// ---------------------------------------------------------------- the project's tiny ViT

// recycle/pretrain.h's defaults: tiny_vit_config(), PretrainConfig, PriorTrainConfig.
struct PretrainSettings {
  std::string data_dir;  // labeled images, one sub-folder per class
  std::string out_path;  // the model (project format)
  // Validation (5-way 1-shot prototypes): labeled images of other classes, or else this many
  // classes of the data held out (seeded).
  std::string val_dir;
  int64_t val_classes = 0;
  int64_t max_classes = 0;  // train on at most this many classes of the data (seeded); 0: all
  // Architecture.
  int image_size = 32;
  int patch = 4;
  int width = 128;
  int depth = 6;
  int heads = 4;
  int mlp = 0;  // 0: 4 × width
  std::string name = "tiny-glyph-vit";
  bool input_norm = true;  // standardize each image per channel
  // Optimization.
  int64_t steps = 3000;
  int64_t batch = 128;
  double lr = 1e-3;
  double cosine_scale = 16.0;  // 0: a plain linear softmax classifier
  int64_t val_every = 500;     // 0: off
  int64_t val_episodes = 200;
  // Augmentation: random shifts of up to max_shift pixels; zoom > 0 adds a random zoom in
  // [1 − zoom, 1 + zoom] with sub-pixel shifts.
  int64_t max_shift = 2;
  double zoom = 0.0;
  // Resumable runs: the whole state goes to this file every checkpoint_every steps and on Stop;
  // resume continues from it (empty: no checkpoints).
  std::string checkpoint_path;
  int64_t checkpoint_every = 0;
  bool resume = false;
  // The validation curve, one "step,accuracy" row per validation (empty: not written).
  std::string curve_path;
  bool fp16 = false;  // store the weights as F16
  // The BatchNorm prior, trained after the model when prior_out is set.
  std::string prior_out;
  int64_t prior_steps = 1000;
  std::string device = "cpu";
  uint64_t seed = 0;
  std::string precision = "auto";
};

struct PretrainOutcome {
  std::string saved_to;
  int64_t classes = 0;
  int64_t images = 0;
  int64_t steps = 0;
  double train_accuracy = 0.0;
  double val_accuracy = std::numeric_limits<double>::quiet_NaN();  // the last validation
  double seconds = 0.0;
  int64_t resumed_from = 0;  // steps loaded from the checkpoint (0: fresh run)
  // The prior, when trained.
  std::string prior_saved_to;
  double prior_train_accuracy = 0.0;
  double prior_seconds = 0.0;
};

// Trains the model, saves it, then (prior_out set) trains and saves the prior; `on_model_saved`
// (may be empty) runs in between, so a front end can report the model before the prior's wait.
PretrainOutcome run_pretrain(const PretrainSettings& settings, const JobCallbacksPlain& callbacks,
                             const JobControl& control,
                             const std::function<void(const PretrainOutcome&)>& on_model_saved);

}  // namespace lrc::api
