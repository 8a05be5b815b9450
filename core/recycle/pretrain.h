// Pre-training the project's own tiny VFM (and nothing else: real users bring CLIP). A small
// ViT learns features on the pre-training split with a cosine-softmax classifier — normalized
// features against normalized class weights, scaled — which shapes an embedding where
// class prototypes work (the few-shot inference the whole product relies on).
#pragma once

#include <string>
#include <vector>

#include "data/dataset.h"
#include "jobs/job.h"
#include "model/vit.h"
#include "recycle/bn_prior.h"

namespace lrc {

struct PretrainConfig {
  ViTConfig model;  // architecture (native family)
  int64_t steps = 3000;
  int64_t batch = 128;
  double lr = 1e-3;  // AdamW, linear warm-up then cosine decay to 1 %
  double weight_decay = 0.05;
  double warmup_fraction = 0.05;
  // logits = scale · cos(feature, class weight); 0: a plain linear softmax classifier (how
  // most real VFMs are trained: nothing shapes the embedding for prototypes).
  double cosine_scale = 16.0;
  double label_smoothing = 0.1;
  int64_t max_shift = 2;  // random translation (pixels, edge-replicated) as augmentation
  // Random zoom by a factor in [1 − zoom, 1 + zoom] and sub-pixel shifts (bilinear, border
  // padding); 0: off. Shifts that are not multiples of the patch keep features from fitting
  // the patch grid.
  double zoom = 0.0;
  int64_t val_every = 500;  // few-shot validation on held-out classes (0: off)
  int64_t val_episodes = 200;
  double clip_norm = 5.0;
  // Resumable runs: the whole state (weights, classifier, optimizer, random stream, history) is
  // written atomically to this file every checkpoint_every steps and when the run is stopped;
  // empty: no checkpoints.
  std::string checkpoint_path;
  int64_t checkpoint_every = 0;
};

struct PretrainResult {
  ViT model{nullptr};
  std::vector<double> losses;
  std::vector<std::pair<int64_t, double>> validation;  // (step, 5-way 1-shot prototype accuracy)
  double train_accuracy = 0.0;                         // on the last 10 % of steps' batches
  double seconds = 0.0;
  Precision precision = Precision::Fp32;  // what the run computed in (never Auto)
  int64_t resumed_from = 0;               // steps loaded from the checkpoint (0: fresh run)
};

// The default architecture: 32×32 input, patch 4, width 128, depth 6, 4 heads, MLP 512,
// per-image input standardization.
ViTConfig tiny_vit_config(int image_size = 32);

// The classifier's logits during pre-training (see PretrainConfig::cosine_scale).
torch::Tensor class_logits(const torch::Tensor& features, const torch::Tensor& classes,
                           double cosine_scale);

// Trains a fresh ViT on `train` (all its classes). `validation` (optional): labeled images of
// classes not in `train`, for 5-way 1-shot prototype accuracy every val_every steps. With
// `resume` and an existing config.checkpoint_path, continues from it: the result is the same as
// an uninterrupted run's. On cancel, writes a checkpoint (when a path is set) and rethrows.
PretrainResult pretrain_vit(const Dataset& train, const PretrainConfig& config,
                            const JobContext& ctx, const Dataset* validation = nullptr,
                            bool resume = false);

struct PriorTrainConfig {
  int64_t steps = 1000;
  int64_t batch = 128;
  double lr = 1e-3;  // Adam, cosine decay to 1 %
  int64_t max_shift = 2;
};

// Trains the BatchNorm naturalness prior (recycle/bn_prior.h) as a classifier on `train`, so its
// running statistics describe the images; returns it in eval mode. `config` sets the architecture
// (num_classes, image size and normalization are taken from the data and `model`).
PriorNet pretrain_prior(const Dataset& train, const ViTConfig& model,
                        const PriorTrainConfig& config, const JobContext& ctx,
                        double* train_accuracy = nullptr);

// Random translations by up to `max_shift` pixels (edge-replicated), per image, from `gen`.
torch::Tensor random_shift(const torch::Tensor& images, int64_t max_shift, at::Generator& gen);

// Random zoom in [1 − zoom, 1 + zoom] with a random sub-pixel shift of up to `max_shift`
// pixels, per image, from `gen` (see PretrainConfig::zoom).
torch::Tensor random_zoom(const torch::Tensor& images, double zoom, int64_t max_shift,
                          at::Generator& gen);

}  // namespace lrc
