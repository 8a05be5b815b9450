// The recipe that made the embedded default (recipe.json beside its model, written by
// scripts/make-default.sh): the inversion and meta-training settings that worked for that model
// and collection, and how long inverting took. The GUI opens its pages with it, so a first run
// repeats what is known to work instead of generic defaults tuned for a different model.
//
// Format (JSON object): "format": "lrc-recipe", "version": 1,
//   "inversion": { InversionConfig::to_json keys: iterations, lr, per_class, bn_weight,
//                  tv_weight, l2_weight, jitter_fraction, flip_probability, batch_size,
//                  prune_layers, prune_ratios, prune_start_fraction, mask_ratio },
//   "inversion_seconds_per_image_iteration": number (measured; optional),
//   "measured_on": text (optional, e.g. "2 cores, bf16"),
//   "meta_train": { way, shot, query, episodes, mask_ratio, metric, lr, cosine_scale,
//                   val_every, val_episodes } (every key optional).
#pragma once

#include <limits>
#include <string>

#include "api/jobs.h"

namespace lrc::api {

struct Recipe {
  std::string path;  // the file read
  // adapter_path/out_dir/prior_path empty: the caller fills them in.
  InversionSettings inversion;
  double inversion_seconds_per_image_iteration = std::numeric_limits<double>::quiet_NaN();
  std::string measured_on;
  // Episode settings; `inversion` is copied into meta_train.inversion (for missing pools).
  MetaTrainSettings meta_train;
};

// Reads a recipe file. Throws InputError naming the file when it is missing, not JSON, not a
// recipe, or holds values out of range (iterations < 1, per_class < 1, lr ≤ 0, …).
Recipe read_recipe(const std::string& path);

// The expected seconds of an inversion with `s` for `classes` classes at the recipe's measured
// rate; NaN when the recipe records none.
double estimated_inversion_seconds(const Recipe& recipe, const InversionSettings& s, int classes);

}  // namespace lrc::api
