// LoRA Inversion (docs/method.md §3) on a tiny ViT: the teacher's CE falls and it recognizes what
// was produced; pixels stay valid; token pruning keeps the expected counts, never touches CLS, and
// drops exactly what an independent re-computation of the layer-0 attention says; masks cover
// exactly the survivors (down to the masked PNGs); cancel stops within one iteration; seeded runs
// are bit-identical; the pool survives a save/load round trip; bad settings are input errors.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <torch/torch.h>

#include "data/pixels.h"
#include "harness.h"
#include "io/error.h"
#include "io/png.h"
#include "io/safetensors.h"
#include "model/lora.h"
#include "model/vit.h"
#include "recycle/bn_prior.h"
#include "recycle/inversion.h"
#include "recycle/pool.h"

using namespace lrc;

namespace {

constexpr int64_t kClasses = 5;

ViTConfig tiny_config() {
  ViTConfig c;
  c.image_size = 16, c.patch_size = 4, c.width = 32, c.depth = 3, c.heads = 4, c.mlp_dim = 64;
  return c;
}

ViT tiny_model() {
  torch::manual_seed(1);
  ViT m(tiny_config());
  m->eval();
  return m;
}

// A pre-tuned LoRA stand-in: random non-zero B and a random 5-class head.
LoraAdapter teacher(const ViTConfig& c) {
  LoraAdapter a = create_lora(c, {}, 7);
  torch::manual_seed(7);
  for (auto& e : a.entries) e.B = torch::randn(e.B.sizes()) * 0.2;
  a.head.weight = torch::randn({kClasses, c.width});
  a.info.name = "teacher";
  a.info.classes = {"cat", "dog", "a/b", "", "cat"};  // awkward names for the PNG folders
  return a;
}

InversionConfig quick_config(int64_t iterations = 60) {
  InversionConfig c;
  c.iterations = iterations;
  c.per_class = 2;
  c.snapshot_every = 0;
  return c;
}

JobContext context(uint64_t seed = 3) {
  JobContext ctx;
  ctx.seed = seed;
  return ctx;
}

// CLS → patch attention of block 0, head-averaged, computed from the weights with plain ops.
torch::Tensor layer0_cls_attention(ViTImpl& m, const LoraAdapter& t, const torch::Tensor& px) {
  torch::NoGradGuard no_grad;
  const auto& c = m.config();
  const int64_t B = px.size(0), D = c.width, H = c.heads, hd = D / H;
  auto x = torch::conv2d(px, m.patch_embed->weight, m.patch_embed->bias, /*stride=*/c.patch_size);
  x = x.flatten(2).transpose(1, 2) + m.pos_embed.slice(0, 1);
  auto cls = (m.cls_token + m.pos_embed[0]).view({1, 1, D}).expand({B, 1, D});
  x = torch::cat({cls, x}, 1);
  auto blk = m.blocks->ptr<BlockImpl>(0);
  auto h = torch::layer_norm(x, {D}, blk->norm1->weight, blk->norm1->bias, c.ln_eps);
  const auto& W = blk->qkv->weight;
  const auto& b = blk->qkv->bias;
  auto q = h.matmul(W.slice(0, 0, D).t()) + b.slice(0, 0, D);
  auto k = h.matmul(W.slice(0, D, 2 * D).t()) + b.slice(0, D, 2 * D);
  const LoraEntry* e = t.find(0, LoraTarget::Q);  // the LoRA on v does not change attention
  q = q + h.matmul(e->A.t()).matmul(e->B.t()) * e->scale();
  q = q.view({B, -1, H, hd}).permute({0, 2, 1, 3});
  k = k.view({B, -1, H, hd}).permute({0, 2, 1, 3});
  auto attn = torch::softmax(q.matmul(k.transpose(-2, -1)) / std::sqrt(double(hd)), -1);
  return attn.select(2, 0).slice(-1, 1).mean(1);  // (B, P)
}

double teacher_accuracy_plain(ViTImpl& m, const LoraAdapter& t, const SurrogatePool& pool,
                              const InversionConfig& cfg) {
  torch::NoGradGuard no_grad;
  ForwardOptions o;
  o.adapter = &t;
  o.prune = cfg.prune_steps();
  auto logits = ViTImpl::head_logits(m.forward_ex(pool.pixels, o).features, t);
  return logits.argmax(1).eq(pool.labels).to(torch::kDouble).mean().item<double>();
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Whether the PNG at `path` holds exactly `image` ((H, W, 3) uint8): the writer is deterministic,
// so the file must equal what it writes for the expected pixels (its pixels are checked against
// OpenCV's decoder in tests/core_cv/tst_png_opencv.cpp).
bool png_holds(const std::string& path, const torch::Tensor& image) {
  const std::string expected = test::scratch_dir() + "/expected.png";
  write_png(expected, image);
  return read_all(path) == read_all(expected);
}

}  // namespace

// Mean CE of the teacher (no augmentation, no pruning) on images for their labels.
double teacher_ce(ViTImpl& m, const LoraAdapter& t, const torch::Tensor& pixels,
                  const torch::Tensor& labels) {
  torch::NoGradGuard no_grad;
  ForwardOptions o;
  o.adapter = &t;
  auto logits = ViTImpl::head_logits(m.forward_ex(pixels, o).features, t);
  return torch::nn::functional::cross_entropy(logits, labels).item<double>();
}

PriorNet small_prior() {
  PriorConfig pc;
  pc.channels = {8, 16};
  pc.blocks_per_stage = 1;
  pc.image_size = 16;
  PriorNet prior(pc);
  prior->eval();
  return prior;
}

LRC_TEST(inversion_lowers_the_teachers_ce) {
  ViT m = tiny_model();
  LoraAdapter t = teacher(m->config());
  PriorNet prior = small_prior();
  InversionConfig cfg = quick_config(150);  // default augmentation (jitter 1/8, flip 0.5)
  cfg.per_class = 4;
  auto r = invert(*m, t, &prior, cfg, context());
  CHECK_EQ(r.pool.size(), kClasses * 4);
  CHECK_EQ(r.losses.size(), size_t(150));
  const double first_ce = r.losses.ce.front();
  const double last_ce = *std::min_element(r.losses.ce.end() - 10, r.losses.ce.end());
  CHECK(last_ce < 0.25 * first_ce);
  CHECK(r.losses.prior.front() > 0);  // the prior took part
  // Measured independently on the result: far below the CE of clamped noise.
  auto o = torch::TensorOptions().dtype(torch::kFloat);
  const auto& pre = m->config().preprocess;
  auto lo = normalized_min(pre, o), hi = normalized_max(pre, o);
  torch::manual_seed(9);
  auto noise = torch::max(torch::min(torch::randn(r.pool.pixels.sizes()), hi), lo);
  auto head_targets = r.pool.labels;  // all classes in head order, so label = head index
  CHECK(teacher_ce(*m, t, r.pool.pixels, head_targets) <
        0.5 * teacher_ce(*m, t, noise, head_targets));
  // Pixels stay inside what de-normalizes to [0, 1].
  CHECK((r.pool.pixels >= lo - 1e-6).all().item<bool>());
  CHECK((r.pool.pixels <= hi + 1e-6).all().item<bool>());
  // Labels: classes interleaved; names from the adapter.
  CHECK(torch::equal(r.pool.labels.slice(0, 0, kClasses), torch::arange(kClasses)));
  CHECK_EQ(r.pool.class_names[1], std::string("dog"));
  CHECK(r.pool.mask.sum().item<int64_t>() == r.pool.size() * 16);  // no pruning: every patch kept
}

// A random tiny ViT has none of a trained model's shift invariance (a 2-pixel roll changes every
// 4-pixel patch), so an image optimized under jitter need not be recognized unjittered; the
// recognition claim is therefore checked without augmentation.
// 150 iterations, 4 images per class, no augmentation: the recognition setting.
InversionConfig recognition_config() {
  InversionConfig cfg = quick_config(150);
  cfg.per_class = 4;
  cfg.jitter_fraction = 0;
  cfg.flip_probability = 0;
  return cfg;
}

LRC_TEST(the_teacher_recognizes_the_images) {
  ViT m = tiny_model();
  LoraAdapter t = teacher(m->config());
  PriorNet prior = small_prior();
  InversionConfig cfg = recognition_config();
  auto r = invert(*m, t, &prior, cfg, context());
  CHECK(r.teacher_accuracy >= 0.9);
  CHECK_NEAR(teacher_accuracy_plain(*m, t, r.pool, cfg), r.teacher_accuracy, 1e-12);
  CHECK((r.pool.confidence > 0.5).to(torch::kDouble).mean().item<double>() >= 0.9);
}

// bf16 changes speed, not the outcome: the same recipe at bf16 reaches the same teacher-accuracy
// threshold, the optimized pixels stay float32, and the pool records the precision it was made at.
LRC_TEST(bf16_inversion_reaches_the_same_teacher_accuracy) {
  ViT m = tiny_model();
  LoraAdapter t = teacher(m->config());
  PriorNet prior = small_prior();
  JobContext ctx = context();
  ctx.precision = Precision::Bf16;
  auto r = invert(*m, t, &prior, recognition_config(), ctx);
  std::printf("  bf16 teacher accuracy %.3f\n", r.teacher_accuracy);
  CHECK(r.teacher_accuracy >= 0.9);
  CHECK(r.pool.pixels.scalar_type() == torch::kFloat);
  CHECK_EQ(r.pool.info.get_string("precision", ""), std::string("bf16"));
  CHECK_EQ(invert(*m, t, &prior, quick_config(2), context()).pool.info.get_string("precision", ""),
           std::string("fp32"));
}

// Three teachers in one batched pass (prior, pruning, TV, per-member jitter and flips on) give
// each teacher the images, losses and masks of a run of it alone with the same seed, up to the
// float rounding of the larger GEMMs.
LRC_TEST(batched_inversion_matches_one_at_a_time) {
  ViT m = tiny_model();
  std::vector<LoraAdapter> teachers;
  for (int g = 0; g < 3; ++g) {
    LoraAdapter t = teacher(m->config());
    torch::manual_seed(100 + g);
    for (auto& e : t.entries) e.B = torch::randn(e.B.sizes()) * 0.2;
    t.head.weight = torch::randn(t.head.weight.sizes());
    t.info.name = "teacher" + std::to_string(g);
    teachers.push_back(t);
  }
  PriorNet prior = small_prior();
  InversionConfig cfg = quick_config(40);
  cfg.prune_layers = {1};
  cfg.prune_ratios = {0.25};
  cfg.tv_weight = 1e-3;
  const std::vector<uint64_t> seeds{3, 11, 29};
  auto batched =
      invert_batched(*m, {&teachers[0], &teachers[1], &teachers[2]}, seeds, &prior, cfg, context());
  CHECK_EQ(batched.size(), size_t(3));
  for (size_t g = 0; g < 3; ++g) {
    auto alone = invert(*m, teachers[g], &prior, cfg, context(seeds[g]));
    const auto& a = alone.pool;
    const auto& b = batched[g].pool;
    const double px = (a.pixels - b.pixels).abs().max().item<double>();
    double loss_gap = 0;
    for (size_t i = 0; i < alone.losses.size(); ++i)
      loss_gap = std::max(loss_gap, std::fabs(alone.losses.total[i] - batched[g].losses.total[i]));
    const double masks = a.mask.eq(b.mask).to(torch::kDouble).mean().item<double>();
    std::printf("  teacher %zu: max|pixel diff| %.2g, max loss gap %.2g, masks agree %.3f\n", g, px,
                loss_gap, masks);
    CHECK(px < 1e-3);
    CHECK(loss_gap < 1e-4);
    CHECK(masks > 0.99);
    CHECK_EQ(b.adapter_name, teachers[g].info.name);
    CHECK_EQ(b.info.get_int("seed", -1), int64_t(seeds[g]));
    CHECK_EQ(b.info.get_int("batched_with", 0), int64_t(3));
  }
  // Teachers that cannot share a pass are refused by name.
  LoraAdapter wide = teachers[0];
  wide.head.weight = torch::randn({7, m->config().width});
  wide.info.name = "wide";
  CHECK(!can_invert_together(teachers[0], wide));
  CHECK(can_invert_together(teachers[0], teachers[1]));
  CHECK_THROWS_WITH(invert_batched(*m, {&teachers[0], &wide}, {1, 2}, &prior, cfg, context()),
                    "\"wide\" have heads of different sizes");
  CHECK_THROWS_WITH(invert_batched(*m, {&teachers[0]}, {1, 2}, &prior, cfg, context()),
                    "1 adapters but 2 seeds");
}

LRC_TEST(class_subset_and_batches) {
  ViT m = tiny_model();
  LoraAdapter t = teacher(m->config());
  t.info.classes.clear();
  InversionConfig cfg = quick_config(100);
  cfg.classes = {3, 1};
  cfg.per_class = 3;
  cfg.batch_size = 4;  // 6 images → batches of 4 and 2
  cfg.jitter_fraction = 0;
  cfg.flip_probability = 0;
  auto r = invert(*m, t, nullptr, cfg, context());
  CHECK_EQ(r.pool.size(), 6);
  CHECK_EQ(r.losses.size(), size_t(200));
  CHECK(r.pool.class_names == std::vector<std::string>({"class_3", "class_1"}));
  CHECK(torch::equal(r.pool.labels, torch::tensor({0, 1, 0, 1, 0, 1}, torch::kLong)));
  CHECK(r.teacher_accuracy >= 0.8);
  CHECK(r.losses.prior.front() == 0.0);  // no prior
}

LRC_TEST(pruning_keeps_the_expected_token_counts_and_never_drops_cls) {
  ViT m = tiny_model();
  LoraAdapter t = teacher(m->config());
  InversionConfig cfg = quick_config(40);
  cfg.prune_layers = {1, 2};
  cfg.prune_ratios = {0.5, 0.25};
  cfg.mask_ratio = 0.5;
  cfg.snapshot_every = 5;
  std::vector<Snapshot> shots;
  JobContext ctx = context();
  ctx.callbacks.snapshot = [&](const Snapshot& s) { shots.push_back(s); };
  auto r = invert(*m, t, nullptr, cfg, ctx);
  CHECK_EQ(shots.size(), size_t(40 / 5 + 1));
  // Pruning starts with iteration 10 of 40 (25 %): the snapshots after steps 5 and 10 have
  // none, the one after step 15 has.
  CHECK(!shots[1].masks.defined());
  CHECK(shots[1].tokens_per_layer == std::vector<int64_t>({16, 16, 16, 16}));
  const int64_t after1 = tokens_kept(16, 0.5), after2 = tokens_kept(after1, 0.25);
  CHECK(shots[2].tokens_per_layer == std::vector<int64_t>({16, 16, after1, after2}));
  CHECK(shots[2].masks.sizes() == torch::IntArrayRef({10, 4, 4}));
  CHECK((shots[2].masks.flatten(1).sum(1) == after2).all().item<bool>());
  // The stored mask adds the extra ratio on the survivors.
  const int64_t masked = tokens_kept(after2, 0.5);
  CHECK((r.pool.mask.sum(1) == masked).all().item<bool>());
  CHECK(shots.back().tokens_per_layer == std::vector<int64_t>({16, 16, after1, masked}));
  CHECK(torch::equal(shots.back().masks.flatten(1), r.pool.mask));
  // The ranking lists every patch once, survivors first.
  CHECK(torch::equal(std::get<0>(r.pool.patch_rank.sort(1)), torch::arange(16).expand({10, 16})));
  auto top = r.pool.mask.gather(1, r.pool.patch_rank.slice(1, 0, masked));
  CHECK((top == 1).all().item<bool>());
  // CLS survives every prune step: pruning at the last block leaves the features unchanged.
  torch::NoGradGuard no_grad;
  ForwardOptions o;
  o.adapter = &t;
  auto full = m->forward_ex(r.pool.pixels, o).features;
  o.prune = {{2, 0.75}};
  CHECK(torch::allclose(m->forward_ex(r.pool.pixels, o).features, full, 1e-5, 1e-5));
}

LRC_TEST(survivors_match_an_independent_attention_computation) {
  ViT m = tiny_model();
  LoraAdapter t = teacher(m->config());
  InversionConfig cfg = quick_config(40);
  cfg.prune_layers = {0};
  cfg.prune_ratios = {0.5};
  auto r = invert(*m, t, nullptr, cfg, context());
  auto score = layer0_cls_attention(*m, t, r.pool.pixels);
  auto order = std::get<1>(score.sort(/*stable=*/true, /*dim=*/1, /*descending=*/true));
  const int64_t keep = tokens_kept(16, 0.5);
  auto expected =
      torch::zeros({r.pool.size(), 16}, torch::kUInt8).scatter_(1, order.slice(1, 0, keep), 1);
  CHECK(torch::equal(r.pool.mask, expected));
  // The patches dropped at layer 0 come last, in order of that layer's attention.
  CHECK(torch::equal(r.pool.patch_rank.slice(1, keep), order.slice(1, keep)));
}

LRC_TEST(masked_pngs_cover_exactly_the_surviving_patches) {
  ViT m = tiny_model();
  LoraAdapter t = teacher(m->config());
  InversionConfig cfg = quick_config(20);
  cfg.per_class = 1;
  cfg.prune_layers = {0};
  cfg.prune_ratios = {0.75};
  auto r = invert(*m, t, nullptr, cfg, context());
  const std::string dir = test::scratch_dir() + "/masked_pool";
  save_pool(r.pool, dir);
  if (!png_supported()) {  // engine-only builds save the tensors alone
    CHECK(std::filesystem::exists(dir + "/pool.safetensors"));
    CHECK(!std::filesystem::exists(dir + "/images"));
    CHECK(!std::filesystem::exists(dir + "/masked"));
    return;
  }
  // Image 1 is class "dog", the first of its class; its masked copy is black outside the kept
  // patches (the mask blown up here patch by patch, independently of the pool's code).
  auto image = denormalize_to_u8(r.pool.pixels[1], m->config().preprocess);
  auto masked = torch::zeros_like(image);
  auto mask = r.pool.mask[1];
  for (int64_t p = 0; p < 16; ++p) {
    const int64_t y = (p / 4) * 4, x = (p % 4) * 4;
    if (mask[p].item<int>() == 1)
      masked.slice(0, y, y + 4)
          .slice(1, x, x + 4)
          .copy_(image.slice(0, y, y + 4).slice(1, x, x + 4));
  }
  CHECK(png_holds(dir + "/images/dog/0.png", image));
  CHECK(png_holds(dir + "/masked/dog/0.png", masked));
  CHECK(std::filesystem::exists(dir + "/images/a_b/0.png"));
  CHECK(std::filesystem::exists(dir + "/images/class3/0.png"));  // empty name
  CHECK(std::filesystem::exists(dir + "/images/cat_4/0.png"));   // duplicate name
}

LRC_TEST(cancel_stops_within_one_iteration) {
  ViT m = tiny_model();
  LoraAdapter t = teacher(m->config());
  CancelToken token;
  JobContext ctx = context();
  ctx.cancel = &token;
  int64_t last_step = 0;
  ctx.callbacks.progress = [&](const ProgressEvent& e) {
    last_step = e.step;
    CHECK_EQ(e.stage, std::string("invert"));
    CHECK_EQ(e.total, 1000);
    if (e.step == 5) token.cancel();
  };
  bool cancelled = false;
  try {
    invert(*m, t, nullptr, quick_config(1000), ctx);
  } catch (const Cancelled&) {
    cancelled = true;
  }
  CHECK(cancelled);
  CHECK(last_step >= 5 && last_step <= 6);
}

// "Stop and keep" at iteration k returns what a run of k iterations returns (same seed): the
// images so far, each batch at its lowest loss, not noise and not an exception.
LRC_TEST(finish_early_keeps_the_images_so_far) {
  ViT m = tiny_model();
  LoraAdapter t = teacher(m->config());
  CancelToken token;
  JobContext ctx = context();
  ctx.cancel = &token;
  ctx.may_finish_early = true;
  ctx.callbacks.progress = [&](const ProgressEvent& e) {
    if (e.step == 7) token.finish_early();
  };
  auto stopped = invert(*m, t, nullptr, quick_config(1000), ctx);
  CHECK(stopped.stopped_early);
  CHECK_EQ(stopped.iterations_run, 7);
  CHECK_EQ(stopped.losses.size(), size_t(7));
  CHECK_EQ(stopped.pool.size(), 2 * kClasses);
  CHECK(stopped.pool.info.get_bool("stopped_early", false));
  CHECK_EQ(stopped.pool.info.get_int("iterations_run", 0), 7);
  auto full = invert(*m, t, nullptr, quick_config(7), context());
  CHECK(!full.stopped_early);
  CHECK_EQ(full.iterations_run, 7);
  CHECK(torch::equal(stopped.pool.pixels, full.pool.pixels));
  CHECK(torch::equal(stopped.pool.labels, full.pool.labels));
}

// Stopped in the second of two batches: the first is whole, the second as far as it got; a
// request between batches keeps only the finished ones.
LRC_TEST(finish_early_in_a_later_batch_keeps_the_finished_batches) {
  ViT m = tiny_model();
  LoraAdapter t = teacher(m->config());
  InversionConfig cfg = quick_config(20);
  cfg.classes = {3, 1};
  cfg.per_class = 3;
  cfg.batch_size = 4;  // 6 images → batches of 4 and 2
  for (int64_t at : {25, 20}) {
    CancelToken token;
    JobContext ctx = context();
    ctx.cancel = &token;
    ctx.may_finish_early = true;
    ctx.callbacks.progress = [&](const ProgressEvent& e) {
      if (e.step == at) token.finish_early();
    };
    auto r = invert(*m, t, nullptr, cfg, ctx);
    CHECK(r.stopped_early);
    CHECK_EQ(r.iterations_run, at);
    CHECK_EQ(r.pool.size(), at > 20 ? 6 : 4);
    CHECK_EQ(r.pool.labels.size(0), r.pool.size());
    CHECK_EQ(r.pool.confidence.size(0), r.pool.size());
  }
}

// Jobs whose partial result would pass for a finished one (a collection's pools) are cancelled.
LRC_TEST(finish_early_without_permission_cancels) {
  ViT m = tiny_model();
  LoraAdapter t = teacher(m->config());
  CancelToken token;
  JobContext ctx = context();
  ctx.cancel = &token;
  ctx.callbacks.progress = [&](const ProgressEvent& e) {
    if (e.step == 3) token.finish_early();
  };
  bool cancelled = false;
  try {
    invert(*m, t, nullptr, quick_config(1000), ctx);
  } catch (const Cancelled&) {
    cancelled = true;
  }
  CHECK(cancelled);
}

LRC_TEST(seeded_runs_are_bit_identical) {
  ViT m = tiny_model();
  LoraAdapter t = teacher(m->config());
  InversionConfig cfg = quick_config(30);
  cfg.prune_layers = {1};
  cfg.prune_ratios = {0.3};
  cfg.tv_weight = 0.1;
  cfg.l2_weight = 0.01;
  auto a = invert(*m, t, nullptr, cfg, context(5));
  auto b = invert(*m, t, nullptr, cfg, context(5));
  auto c = invert(*m, t, nullptr, cfg, context(6));
  CHECK(torch::equal(a.pool.pixels, b.pool.pixels));
  CHECK(torch::equal(a.pool.patch_rank, b.pool.patch_rank));
  CHECK(a.losses.total == b.losses.total);
  CHECK(a.losses.tv.front() > 0 && a.losses.l2.front() > 0);
  CHECK(!torch::equal(a.pool.pixels, c.pool.pixels));
}

// pool.safetensors marks a finished pool (resumable runs skip such folders): when writing the
// images fails, it must not be there.
LRC_TEST(a_failed_image_write_leaves_no_pool_file) {
  if (!png_supported()) LRC_SKIP("PNG encoding is not built in (engine-only build)");
  ViT m = tiny_model();
  LoraAdapter t = teacher(m->config());
  auto r = invert(*m, t, nullptr, quick_config(5), context());
  const std::string dir = test::scratch_dir() + "/half_written_pool";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/images") << "a file where the images folder goes";
  bool threw = false;
  try {
    save_pool(r.pool, dir);
  } catch (const InputError& e) {
    threw = true;
    CHECK(std::string(e.what()).find("images") != std::string::npos);  // names the folder
  }
  CHECK(threw);
  CHECK(!std::filesystem::exists(dir + "/pool.safetensors"));
}

LRC_TEST(pool_round_trip) {
  ViT m = tiny_model();
  LoraAdapter t = teacher(m->config());
  InversionConfig cfg = quick_config(20);
  cfg.prune_layers = {1};
  cfg.prune_ratios = {0.5};
  auto r = invert(*m, t, nullptr, cfg, context());
  r.pool.adapter_path = "/somewhere/teacher.safetensors";
  const std::string dir = test::scratch_dir() + "/pool";
  save_pool(r.pool, dir);
  CHECK(std::filesystem::exists(dir + "/losses.csv"));
  CHECK_EQ(std::filesystem::exists(dir + "/images/dog/1.png"), png_supported());
  CHECK_EQ(std::filesystem::exists(dir + "/masked/dog/1.png"), png_supported());
  SurrogatePool p = load_pool(dir);
  CHECK(torch::equal(p.pixels, r.pool.pixels.to(torch::kHalf).to(torch::kFloat)));
  CHECK(torch::equal(p.labels, r.pool.labels));
  CHECK(torch::equal(p.patch_rank, r.pool.patch_rank));
  CHECK(torch::equal(p.mask, r.pool.mask));
  CHECK(torch::equal(p.confidence, r.pool.confidence));
  CHECK(p.class_names == r.pool.class_names);
  CHECK_EQ(p.adapter_name, std::string("teacher"));
  CHECK_EQ(p.adapter_path, r.pool.adapter_path);
  CHECK_NEAR(p.teacher_accuracy, r.pool.teacher_accuracy, 0);
  CHECK(p.info.at("settings") == r.pool.info.at("settings"));
  const auto& ce = p.info.at("losses").at("ce").as_array();
  CHECK_EQ(ce.size(), size_t(20));
  CHECK_NEAR(ce[7].as_number(), r.losses.ce[7], 1e-8 * std::fabs(r.losses.ce[7]));
  // Keep indices: the most important patches, ascending.
  auto k = p.keep_for_ratio(0.75);
  CHECK(k.sizes() == torch::IntArrayRef({10, 4}));
  CHECK(torch::equal(k, std::get<0>(p.patch_rank.slice(1, 0, 4).sort(1))));
  auto km = p.keep_from_mask();
  CHECK(km.sizes() == torch::IntArrayRef({10, 8}));
  CHECK((p.mask.gather(1, km) == 1).all().item<bool>());
  CHECK(load_pool(dir + "/pool.safetensors").size() == 10);
}

LRC_TEST(bad_pools_are_input_errors) {
  const std::string dir = test::scratch_dir() + "/bad_pool";
  std::filesystem::create_directories(dir);
  CHECK_THROWS_WITH(load_pool(dir), "pool.safetensors: no surrogate pool here");
  const std::string meta = R"({"format":"lrc-pool","version":1,"class_names":["a","b"]})";
  auto write = [&](torch::Tensor labels, torch::Tensor rank) {
    save_safetensors(
        dir + "/pool.safetensors",
        {{"pixels", torch::zeros({2, 3, 8, 8})}, {"labels", labels}, {"patch_rank", rank}},
        {{"lrc", meta}});
  };
  auto rank = torch::arange(4).expand({2, 4}).contiguous();
  write(torch::tensor({0, 2}, torch::kLong), rank);
  CHECK_THROWS_WITH(load_pool(dir), "pool.safetensors: \"labels\" must lie in [0, 2)");
  write(torch::tensor({0, 1}, torch::kLong), torch::zeros({2, 4}, torch::kLong));
  CHECK_THROWS_WITH(load_pool(dir), "\"patch_rank\" rows must be permutations");
  write(torch::tensor({0, 1}, torch::kLong), torch::arange(5).expand({2, 5}).contiguous());
  CHECK_THROWS_WITH(load_pool(dir), "not a square grid");
  write(torch::tensor({0, 1}, torch::kLong), rank);
  CHECK(load_pool(dir).num_patches() == 4);
}

LRC_TEST(bad_settings_are_input_errors) {
  ViT m = tiny_model();
  LoraAdapter t = teacher(m->config());
  auto run = [&](InversionConfig cfg) { return invert(*m, t, nullptr, cfg, context()); };
  InversionConfig cfg = quick_config(1);
  cfg.prune_layers = {1, 2};
  cfg.prune_ratios = {0.5};
  CHECK_THROWS_WITH(run(cfg), "2 prune layers but 1 prune ratios");
  cfg.prune_ratios = {0.5, 1.0};
  CHECK_THROWS_WITH(run(cfg), "prune ratio 1 (layer 2) is outside [0, 1)");
  cfg.prune_layers = {1, 3};
  cfg.prune_ratios = {0.5, 0.5};
  CHECK_THROWS_WITH(run(cfg), "prune layer 3 is outside the model (layers 0–2)");
  cfg = quick_config(1);
  cfg.mask_ratio = 1.0;
  CHECK_THROWS_WITH(run(cfg), "mask ratio 1 is outside [0, 1)");
  cfg = quick_config(1);
  cfg.classes = {5};
  CHECK_THROWS_WITH(run(cfg), "class index 5 is outside the adapter's head (5 classes)");
  LoraAdapter headless = t;
  headless.head = {};
  CHECK_THROWS_WITH(invert(*m, headless, nullptr, quick_config(1), context()),
                    "adapter \"teacher\" has no classification head; invert needs a pre-tuned LoRA "
                    "with its head");
}
