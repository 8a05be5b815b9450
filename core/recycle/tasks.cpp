#include "recycle/tasks.h"

#include <algorithm>
#include <random>

#include <torch/torch.h>

#include "io/error.h"
#include "jobs/job.h"

namespace lrc {

namespace {

std::vector<int64_t> pick(std::vector<int64_t> items, size_t n, std::mt19937_64& rng) {
  std::shuffle(items.begin(), items.end(), rng);
  items.resize(n);
  return items;
}

// Chooses classes and items of one source: support items first (class-major), then queries.
struct Draw {
  std::vector<int64_t> classes, items, support_labels, query_labels;
};

Draw draw(const std::vector<std::vector<int64_t>>& by_class, const TaskShape& s,
          std::mt19937_64& rng) {
  std::vector<int64_t> class_ids(by_class.size());
  for (size_t c = 0; c < by_class.size(); ++c) class_ids[c] = int64_t(c);
  Draw d;
  d.classes = pick(class_ids, size_t(s.way), rng);
  std::vector<int64_t> queries;
  for (int k = 0; k < s.way; ++k) {
    auto chosen = pick(by_class[size_t(d.classes[size_t(k)])], size_t(s.shot + s.query), rng);
    d.items.insert(d.items.end(), chosen.begin(), chosen.begin() + s.shot);
    queries.insert(queries.end(), chosen.begin() + s.shot, chosen.end());
    for (int i = 0; i < s.shot; ++i) d.support_labels.push_back(k);
    for (int i = 0; i < s.query; ++i) d.query_labels.push_back(k);
  }
  d.items.insert(d.items.end(), queries.begin(), queries.end());
  return d;
}

void check_shape(const std::vector<std::vector<int64_t>>& by_class, const TaskShape& s,
                 const std::string& what) {
  if (s.way < 2 || s.shot < 1 || s.query < 1)
    throw InputError("episodes need way ≥ 2, shot ≥ 1 and query ≥ 1");
  int64_t enough = 0;
  size_t fewest = SIZE_MAX;
  for (const auto& c : by_class) {
    fewest = std::min(fewest, c.size());
    if (int64_t(c.size()) >= s.shot + s.query) ++enough;
  }
  if (int64_t(by_class.size()) < s.way)
    throw InputError(what + " has " + std::to_string(by_class.size()) + " classes; " +
                     std::to_string(s.way) + "-way episodes need " + std::to_string(s.way));
  if (enough < int64_t(by_class.size()))
    throw InputError(what + " has a class with " + std::to_string(fewest) + " images but " +
                     std::to_string(s.shot) + "-shot " + std::to_string(s.query) +
                     "-query episodes need " + std::to_string(s.shot + s.query));
}

// The items of each class of a pool, as indices shifted by `offset`.
std::vector<std::vector<int64_t>> items_by_class(const SurrogatePool& p, int64_t offset = 0) {
  std::vector<std::vector<int64_t>> by_class(p.class_names.size());
  auto labels = p.labels.to(torch::kLong).contiguous();
  for (int64_t i = 0; i < p.size(); ++i)
    by_class[size_t(labels[i].item<int64_t>())].push_back(offset + i);
  return by_class;
}

// Sparse-token patch indices for a mask ratio (< 0: each image's own inversion mask; 0: dense,
// an undefined tensor; otherwise the (1 − ratio) most important patches).
torch::Tensor keep_for(const SurrogatePool& p, double mask_ratio) {
  if (mask_ratio < 0) return p.keep_from_mask();
  return mask_ratio > 0 ? p.keep_for_ratio(mask_ratio) : torch::Tensor();
}

class PoolTasks : public TaskSource {
 public:
  PoolTasks(std::vector<SurrogatePool> pools, TaskShape shape, double mask_ratio)
      : pools_(std::move(pools)), shape_(shape) {
    if (pools_.empty()) throw InputError("meta-training needs at least one surrogate pool");
    for (const auto& p : pools_) {
      auto by_class = items_by_class(p);
      check_shape(by_class, shape_, "pool \"" + p.adapter_name + "\"");
      by_class_.push_back(std::move(by_class));
      keep_.push_back(keep_for(p, mask_ratio));
    }
  }

  MetaTask task(int64_t step, uint64_t seed) const override {
    std::mt19937_64 rng(derive_seed(seed, 100, uint64_t(step)));
    const size_t src = size_t(rng() % pools_.size());
    Draw d = draw(by_class_[src], shape_, rng);
    auto idx = torch::tensor(d.items, torch::kLong);
    MetaTask t;
    t.pixels = pools_[src].pixels.index_select(0, idx);
    if (keep_[src].defined()) t.keep = keep_[src].index_select(0, idx);
    t.support_labels = torch::tensor(d.support_labels, torch::kLong);
    t.query_labels = torch::tensor(d.query_labels, torch::kLong);
    t.source = int64_t(src);
    t.source_classes = d.classes;
    return t;
  }

  int64_t sources() const override { return int64_t(pools_.size()); }

 private:
  std::vector<SurrogatePool> pools_;
  TaskShape shape_;
  std::vector<std::vector<std::vector<int64_t>>> by_class_;
  std::vector<torch::Tensor> keep_;
};

// Episodes whose classes come from across the collection: every (pool, class) pair is a class
// of its own, so a 5-way task may mix the surrogates of five teachers. With 5-way LoRAs and
// 5-way episodes, per-pool sampling repeats the same 32 class sets forever; mixing gives
// C(160, 5) of them. No single teacher stands behind such a task (no KL distillation).
class MixedPoolTasks : public TaskSource {
 public:
  MixedPoolTasks(const std::vector<SurrogatePool>& pools, TaskShape shape, double mask_ratio)
      : shape_(shape), sources_(int64_t(pools.size())) {
    if (pools.empty()) throw InputError("meta-training needs at least one surrogate pool");
    std::vector<torch::Tensor> pixels, keep;
    int64_t offset = 0;
    for (const auto& p : pools) {
      for (auto& c : items_by_class(p, offset)) by_class_.push_back(std::move(c));
      pixels.push_back(p.pixels);
      const torch::Tensor k = keep_for(p, mask_ratio);
      if (k.defined()) {
        if (!keep.empty() && k.size(1) != keep.front().size(1))
          throw InputError("pool \"" + p.adapter_name +
                           "\" keeps a different number of patches than the others; mixing "
                           "classes across pools needs one mask ratio (pass --mask-ratio)");
        keep.push_back(k);
      }
      offset += p.size();
    }
    check_shape(by_class_, shape_, "the pools together");
    pixels_ = torch::cat(pixels);
    if (!keep.empty()) keep_ = torch::cat(keep);
  }

  MetaTask task(int64_t step, uint64_t seed) const override {
    std::mt19937_64 rng(derive_seed(seed, 104, uint64_t(step)));
    Draw d = draw(by_class_, shape_, rng);
    auto idx = torch::tensor(d.items, torch::kLong);
    MetaTask t;
    t.pixels = pixels_.index_select(0, idx);
    if (keep_.defined()) t.keep = keep_.index_select(0, idx);
    t.support_labels = torch::tensor(d.support_labels, torch::kLong);
    t.query_labels = torch::tensor(d.query_labels, torch::kLong);
    t.source = -1;  // several teachers
    t.source_classes = d.classes;
    return t;
  }

  int64_t sources() const override { return sources_; }

 private:
  TaskShape shape_;
  int64_t sources_;
  std::vector<std::vector<int64_t>> by_class_;  // indices into pixels_, one list per class
  torch::Tensor pixels_, keep_;
};

class DatasetTasks : public TaskSource {
 public:
  DatasetTasks(std::shared_ptr<const Dataset> data, std::vector<std::vector<int64_t>> groups,
               TaskShape shape, ViTConfig config)
      : data_(std::move(data)),
        groups_(std::move(groups)),
        shape_(shape),
        config_(std::move(config)) {
    if (groups_.empty()) throw InputError("real-data meta-training needs at least one class group");
    auto all = data_->indices_by_class();
    for (const auto& g : groups_) {
      std::vector<std::vector<int64_t>> by_class;
      for (auto c : g) {
        if (c < 0 || c >= int64_t(all.size()))
          throw InputError("class id " + std::to_string(c) + " is not in the data");
        by_class.push_back(all[size_t(c)]);
      }
      check_shape(by_class, shape_, "a class group of the real data");
      by_class_.push_back(std::move(by_class));
    }
  }

  MetaTask task(int64_t step, uint64_t seed) const override {
    std::mt19937_64 rng(derive_seed(seed, 101, uint64_t(step)));
    const size_t src = size_t(rng() % groups_.size());
    Draw d = draw(by_class_[src], shape_, rng);
    MetaTask t;
    t.pixels = data_->images(d.items, config_);
    t.support_labels = torch::tensor(d.support_labels, torch::kLong);
    t.query_labels = torch::tensor(d.query_labels, torch::kLong);
    t.source = int64_t(src);
    t.source_classes = d.classes;
    return t;
  }

  int64_t sources() const override { return int64_t(groups_.size()); }

 private:
  std::shared_ptr<const Dataset> data_;
  std::vector<std::vector<int64_t>> groups_;
  TaskShape shape_;
  ViTConfig config_;
  std::vector<std::vector<std::vector<int64_t>>> by_class_;
};

class InversionTasks : public TaskSource {
 public:
  InversionTasks(ViTImpl& model, std::vector<LoraAdapter> teachers, const PriorNet* prior,
                 InversionConfig inversion, TaskShape shape, double mask_ratio,
                 torch::Device device, const CancelToken* cancel)
      : model_(model),
        teachers_(std::move(teachers)),
        prior_(prior),
        inversion_(std::move(inversion)),
        shape_(shape),
        mask_ratio_(mask_ratio),
        device_(device),
        cancel_(cancel) {
    if (teachers_.empty()) throw InputError("on-the-fly inversion needs at least one LoRA");
    for (const auto& t : teachers_) {
      if (!t.head.defined())
        throw InputError("LoRA \"" + t.info.name + "\" has no classification head to invert");
      if (t.head.weight.size(0) < shape_.way)
        throw InputError("LoRA \"" + t.info.name + "\" has " +
                         std::to_string(t.head.weight.size(0)) + " classes; " +
                         std::to_string(shape_.way) + "-way episodes need " +
                         std::to_string(shape_.way));
    }
    inversion_.per_class = shape_.shot + shape_.query;
    inversion_.snapshot_every = 0;
  }

  MetaTask task(int64_t step, uint64_t seed) const override {
    std::mt19937_64 rng(derive_seed(seed, 102, uint64_t(step)));
    const size_t src = size_t(rng() % teachers_.size());
    std::vector<int64_t> head(size_t(teachers_[src].head.weight.size(0)));
    for (size_t c = 0; c < head.size(); ++c) head[c] = int64_t(c);
    InversionConfig cfg = inversion_;
    cfg.classes = pick(head, size_t(shape_.way), rng);
    JobContext ctx;
    ctx.device = device_;
    ctx.seed = derive_seed(seed, 103, uint64_t(step));
    ctx.cancel = cancel_;
    SurrogatePool pool = invert(model_, teachers_[src], prior_, cfg, ctx).pool;
    return from_pool(pool, int64_t(src), cfg.classes);
  }

  int64_t sources() const override { return int64_t(teachers_.size()); }

 private:
  // The pool holds per_class images of each chosen class (labels = index into cfg.classes).
  MetaTask from_pool(const SurrogatePool& pool, int64_t src,
                     const std::vector<int64_t>& classes) const {
    std::vector<int64_t> support, query, support_labels, query_labels;
    auto labels = pool.labels.to(torch::kLong).contiguous();
    std::vector<int> seen(classes.size(), 0);
    for (int64_t i = 0; i < pool.size(); ++i) {
      const int64_t k = labels[i].item<int64_t>();
      (seen[size_t(k)]++ < shape_.shot ? support : query).push_back(i);
    }
    auto by_label = [&](std::vector<int64_t>& items, std::vector<int64_t>& out_labels) {
      std::stable_sort(items.begin(), items.end(), [&](int64_t a, int64_t b) {
        return labels[a].item<int64_t>() < labels[b].item<int64_t>();
      });
      for (auto i : items) out_labels.push_back(labels[i].item<int64_t>());
    };
    by_label(support, support_labels);
    by_label(query, query_labels);
    std::vector<int64_t> order = support;
    order.insert(order.end(), query.begin(), query.end());
    auto idx = torch::tensor(order, torch::kLong);
    MetaTask t;
    t.pixels = pool.pixels.index_select(0, idx);
    const torch::Tensor keep = keep_for(pool, mask_ratio_);
    if (keep.defined()) t.keep = keep.index_select(0, idx);
    t.support_labels = torch::tensor(support_labels, torch::kLong);
    t.query_labels = torch::tensor(query_labels, torch::kLong);
    t.source = src;
    t.source_classes = classes;
    return t;
  }

  ViTImpl& model_;
  std::vector<LoraAdapter> teachers_;
  const PriorNet* prior_;
  InversionConfig inversion_;
  TaskShape shape_;
  double mask_ratio_;
  torch::Device device_;
  const CancelToken* cancel_;
};

}  // namespace

std::unique_ptr<TaskSource> make_inversion_tasks(ViTImpl& model, std::vector<LoraAdapter> teachers,
                                                 const PriorNet* prior, InversionConfig inversion,
                                                 TaskShape shape, double mask_ratio,
                                                 torch::Device device, const CancelToken* cancel) {
  return std::make_unique<InversionTasks>(model, std::move(teachers), prior, std::move(inversion),
                                          shape, mask_ratio, device, cancel);
}

std::unique_ptr<TaskSource> make_pool_tasks(std::vector<SurrogatePool> pools, TaskShape shape,
                                            double mask_ratio, bool mix_sources) {
  if (mix_sources) return std::make_unique<MixedPoolTasks>(pools, shape, mask_ratio);
  return std::make_unique<PoolTasks>(std::move(pools), shape, mask_ratio);
}

std::unique_ptr<TaskSource> make_dataset_tasks(std::shared_ptr<const Dataset> data,
                                               std::vector<std::vector<int64_t>> class_groups,
                                               TaskShape shape, const ViTConfig& config) {
  return std::make_unique<DatasetTasks>(std::move(data), std::move(class_groups), shape, config);
}

}  // namespace lrc
