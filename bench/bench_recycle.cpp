// The double-efficient mechanism, measured: meta-training step time at mask ratio 0 vs 0.25 /
// 0.5 / 0.75 (sparse tokens), and LoRA Inversion iteration time without pruning vs the
// reference-style pruning schedule, on the same random-weight model and inputs.
//
//   bench_recycle [--size b16|s16|tiny] [--steps N] [--images 80] [--device cpu|cuda]
//                 [--precision auto|fp32|bf16|fp16] [--threads N] [--what meta,invert]
//
// --precision defaults to auto, like every job (bf16 where the hardware runs it fast).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <torch/torch.h>
#include <torch/csrc/autograd/profiler_legacy.h>

#include "io/error.h"
#include "model/lora.h"
#include "model/vit.h"
#include "recycle/inversion.h"
#include "recycle/meta_train.h"
#include "recycle/tasks.h"
#include "runtime/precision.h"
#include "runtime/runtime.h"

using namespace lrc;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string size = "b16", device = "cpu", what = "meta,invert";
  Precision precision = Precision::Auto;
  int64_t steps = 3, images = 80;
  int threads = 0;
  std::vector<double> ratios{0.25, 0.5, 0.75};  // masked ratios timed besides the dense step
  bool prune = true;                            // also time pruned inversion iterations
  std::string profile;  // a Chrome trace of the whole run (LibTorch's profiler), when set
};

std::vector<double> parse_ratios(const std::string& text) {
  std::vector<double> out;
  if (text == "none") return out;  // the dense step only
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, end - start);
    char* rest = nullptr;
    const double r = std::strtod(item.c_str(), &rest);
    if (item.empty() || *rest != '\0' || !(r > 0 && r < 1))
      throw InputError("--ratios takes mask ratios in (0, 1), e.g. 0.25,0.75; got \"" + item +
                       "\"");
    out.push_back(r);
    start = end + 1;
  }
  return out;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::printf(
          "usage: bench_recycle [--size b16|s16|tiny] [--steps 3] [--images 80] [--device "
          "cpu|cuda]\n"
          "                     [--precision auto|fp32|bf16|fp16] [--threads N] [--what "
          "meta,invert]\n"
          "                     [--ratios 0.25,0.5,0.75|none] [--prune 1|0] [--profile "
          "trace.json]\n");
      std::exit(0);
    }
  if (argc % 2 == 0) throw InputError(std::string("option without a value: ") + argv[argc - 1]);
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--size")
      o.size = v;
    else if (k == "--steps")
      o.steps = std::atoll(v.c_str());
    else if (k == "--images")
      o.images = std::atoll(v.c_str());
    else if (k == "--device")
      o.device = v;
    else if (k == "--precision" || k == "--autocast")  // --autocast: the old name
      o.precision = parse_precision(v);
    else if (k == "--threads")
      o.threads = std::atoi(v.c_str());
    else if (k == "--what")
      o.what = v;
    else if (k == "--ratios")
      o.ratios = parse_ratios(v);
    else if (k == "--profile")
      o.profile = v;
    else if (k == "--prune")
      o.prune = v != "0" && v != "no";
    else
      throw InputError("unknown option " + k);
  }
  return o;
}

ViTConfig model_config(const std::string& size) {
  ViTConfig c;
  c.name = "random-" + size;
  if (size == "b16")
    c.image_size = 224, c.patch_size = 16, c.width = 768, c.depth = 12, c.heads = 12,
    c.mlp_dim = 3072;
  else if (size == "s16")
    c.image_size = 224, c.patch_size = 16, c.width = 384, c.depth = 12, c.heads = 6,
    c.mlp_dim = 1536;
  else if (size == "tiny")
    c.image_size = 32, c.patch_size = 4, c.width = 128, c.depth = 6, c.heads = 4, c.mlp_dim = 512;
  else
    throw InputError("unknown --size " + size + " (b16, s16, tiny)");
  return c;
}

// Random images with a random importance order per image: the same inputs for every ratio.
class RandomTasks : public TaskSource {
 public:
  RandomTasks(const ViTConfig& c, int64_t images, double ratio) {
    pixels_ = torch::randn({images, 3, c.image_size, c.image_size});
    if (ratio > 0) {
      auto rank = std::get<1>(torch::rand({images, int64_t(c.num_patches())}).sort(/*dim=*/1));
      keep_ = rank.slice(1, 0, tokens_kept(c.num_patches(), ratio));
    }
    way_ = 5;
    const int64_t per_class = images / way_;
    for (int64_t k = 0; k < way_; ++k) support_.push_back(k);
    for (int64_t k = 0; k < way_; ++k)
      for (int64_t q = 1; q < per_class; ++q) query_.push_back(k);
  }
  MetaTask task(int64_t, uint64_t) const override {
    MetaTask t;
    t.pixels = pixels_;
    t.keep = keep_;
    t.support_labels = torch::tensor(support_, torch::kLong);
    t.query_labels = torch::tensor(query_, torch::kLong);
    return t;
  }
  int64_t sources() const override { return 1; }

 private:
  torch::Tensor pixels_, keep_;
  int64_t way_;
  std::vector<int64_t> support_, query_;
};

// Median duration of the steps after the first (warm-up), from progress timestamps.
struct StepTimer {
  std::vector<double> ms;
  Clock::time_point last = Clock::now();
  void tick() {
    auto now = Clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(now - last).count());
    last = now;
  }
  // The median, or with LRC_BENCH_MIN=1 the fastest step: on a shared machine the minimum is the
  // steadier estimate when comparing two builds.
  double median() const {
    std::vector<double> v(ms.begin() + (ms.size() > 1 ? 1 : 0), ms.end());
    std::sort(v.begin(), v.end());
    if (v.empty()) return 0.0;
    static const bool use_min = std::getenv("LRC_BENCH_MIN") != nullptr;
    return use_min ? v.front() : v[v.size() / 2];
  }
};

void sync(torch::Device d) {
  if (d.is_cuda()) torch::cuda::synchronize();
}

double meta_step_ms(ViTImpl& model, const Options& o, double ratio, torch::Device device) {
  RandomTasks tasks(model.config(), o.images, ratio);
  MetaTrainConfig c;
  c.episodes = o.steps + 1;
  c.shape = {5, 1, int(o.images / 5 - 1)};
  StepTimer timer;
  JobContext ctx;
  ctx.device = device;
  ctx.precision = o.precision;
  ctx.callbacks.progress = [&](const ProgressEvent&) {
    sync(device);
    timer.tick();
  };
  timer.last = Clock::now();
  meta_train(model, tasks, c, {}, ctx);
  return timer.median();
}

double invert_iteration_ms(ViTImpl& model, const LoraAdapter& teacher, const Options& o, bool prune,
                           torch::Device device) {
  InversionConfig c;
  c.iterations = o.steps + 1;
  c.per_class = o.images / 5;
  c.snapshot_every = 0;
  if (prune) {
    const int d = model.config().depth;
    c.prune_layers = {d / 4, d / 2, 3 * d / 4};
    c.prune_ratios = {0.3, 0.3, 0.3};
    c.prune_start_fraction = 0.0;  // measure pruned iterations only
  }
  StepTimer timer;
  JobContext ctx;
  ctx.device = device;
  ctx.precision = o.precision;
  ctx.callbacks.progress = [&](const ProgressEvent&) {
    sync(device);
    timer.tick();
  };
  timer.last = Clock::now();
  invert(model, teacher, nullptr, c, ctx);
  return timer.median();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse(argc, argv);
    set_threads(o.threads);
    const torch::Device device = parse_device(o.device);
    torch::manual_seed(0);
    ViT model(model_config(o.size));
    model->to(device);
    model->eval();
    model->freeze_base();
    const auto& c = model->config();
    const PrecisionChoice precision = resolve_precision(o.precision, device);
    std::unique_ptr<torch::autograd::profiler::RecordProfile> profiler;
    if (!o.profile.empty())
      profiler = std::make_unique<torch::autograd::profiler::RecordProfile>(o.profile);
    std::printf(
        "model %s (%dpx, patch %d, width %d, depth %d) on %s, %s, %lld images, %d threads, %s\n",
        o.size.c_str(), c.image_size, c.patch_size, c.width, c.depth, device.str().c_str(),
        precision.describe().c_str(), static_cast<long long>(o.images), threads(),
        torch_version_text().c_str());
    for (const auto& g : gpu_info())
      std::printf("gpu %d: %s, %.1f of %.1f GiB free\n", g.index, g.name.c_str(),
                  double(g.free_bytes) / (1 << 30), double(g.total_bytes) / (1 << 30));
    if (o.what.find("meta") != std::string::npos) {
      const double dense = meta_step_ms(*model, o, 0.0, device);
      std::printf("meta-train step  mask 0.00: %9.1f ms  (%d patch tokens)\n", dense,
                  c.num_patches());
      for (double r : o.ratios) {
        const double t = meta_step_ms(*model, o, r, device);
        std::printf("meta-train step  mask %.2f: %9.1f ms  (%lld patch tokens)  speed-up %.2fx\n",
                    r, t, static_cast<long long>(tokens_kept(c.num_patches(), r)), dense / t);
      }
    }
    if (o.what.find("invert") != std::string::npos) {
      LoraAdapter teacher = create_lora(c, {}, 1, device);
      for (auto& e : teacher.entries) e.B = torch::randn(e.B.sizes(), e.B.options()) * 0.01;
      teacher.head.weight =
          torch::randn({5, int64_t(c.feature_dim())}, torch::TensorOptions().device(device)) * 0.1;
      teacher.head.source = "head";
      const double plain = invert_iteration_ms(*model, teacher, o, false, device);
      std::printf("inversion iter   no pruning:           %9.1f ms\n", plain);
      if (!o.prune) return 0;
      const double pruned = invert_iteration_ms(*model, teacher, o, true, device);
      std::printf("inversion iter   pruning %d,%d,%d @ 0.3: %9.1f ms  speed-up %.2fx\n",
                  c.depth / 4, c.depth / 2, 3 * c.depth / 4, pruned, plain / pruned);
      // The reference schedule prunes from 25 % of the iterations on.
      std::printf("inversion run    pruning from 25 %%:    speed-up %.2fx over the whole run\n",
                  plain / (0.25 * plain + 0.75 * pruned));
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_recycle: %s\n", e.what());
    return 1;
  }
}
