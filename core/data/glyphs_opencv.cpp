// The Glyphs renderer: draws the planned classes (data/glyph_plan.h) with seeded distortions and
// writes the image-folder tree and manifest.json. See data/glyphs.h.
//
// One instance: rasterize the letter at the size that makes its script's letter frame fill the
// supersampled canvas → one affine warp (placement ∘ rotation, shear, scale, shift) → dilate or
// erode → area-average down to the output size → blend two colours → PNG.
#include "data/glyphs.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "data/glyph_plan.h"
#include "io/atomic_file.h"
#include "io/error.h"
#include "io/png.h"

namespace lrc {

namespace {

namespace fs = std::filesystem;

constexpr const char* kManifestName = "manifest.json";
constexpr const char* kRenderStage = "render-glyphs";
// A glyph larger than its script's frame is shrunk to fit this share of the canvas.
constexpr double kMaxGlyphFill = 0.92;
// Limits that keep a setting from asking for absurd work.
constexpr int kMinSize = 8, kMaxSize = 1024, kMaxSupersample = 8, kMaxStrokeRadius = 16;
// Rendering threads per core by default, and how often the calling thread looks at them.
constexpr int kThreadsPerCore = 2;
constexpr std::chrono::milliseconds kPollInterval{20};
constexpr uint64_t kFnvOffset = 1469598103934665603ull, kFnvPrime = 1099511628211ull;

uint64_t name_hash(const std::string& s) {
  uint64_t h = kFnvOffset;
  for (unsigned char c : s) h = (h ^ c) * kFnvPrime;
  return h;
}

// Uniform in [lo, hi] from the raw 64-bit output (the std distributions differ between
// standard libraries; this does not).
double uniform(std::mt19937_64& rng, double lo, double hi) {
  return lo + (hi - lo) * double(rng() >> 11) * 0x1.0p-53;
}

int uniform_int(std::mt19937_64& rng, int lo, int hi) {
  return lo + int(rng() % uint64_t(hi - lo + 1));
}

// ---- the random draw of one instance -------------------------------------------------------

struct Colour {
  uint8_t r = 0, g = 0, b = 0;
  double luma() const { return (0.299 * r + 0.587 * g + 0.114 * b) / 255.0; }
};

struct InstanceDraw {
  double rotation_rad = 0, scale = 1, shear = 0, shift_x = 0, shift_y = 0;  // shift in pixels
  int stroke = 0;
  Colour fg, bg;
};

Colour random_colour(std::mt19937_64& rng) {
  const uint64_t v = rng();
  return {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16)};
}

void draw_colours(std::mt19937_64& rng, const GlyphDistortion& d, InstanceDraw& out) {
  for (int t = 0; t < d.max_colour_tries; ++t) {
    out.fg = random_colour(rng);
    out.bg = random_colour(rng);
    if (std::fabs(out.fg.luma() - out.bg.luma()) >= d.min_contrast) return;
  }
  out.fg = {0, 0, 0};
  out.bg = {255, 255, 255};
}

InstanceDraw draw_instance(std::mt19937_64& rng, const GlyphDistortion& d, int canvas) {
  constexpr double kDegToRad = 3.14159265358979323846 / 180.0;
  InstanceDraw out;
  out.rotation_rad = uniform(rng, -d.max_rotation_deg, d.max_rotation_deg) * kDegToRad;
  out.scale = uniform(rng, d.min_scale, d.max_scale);
  out.shear = uniform(rng, -d.max_shear, d.max_shear);
  out.shift_x = uniform(rng, -d.max_translation, d.max_translation) * canvas;
  out.shift_y = uniform(rng, -d.max_translation, d.max_translation) * canvas;
  out.stroke = uniform_int(rng, -d.max_stroke_radius, d.max_stroke_radius);
  draw_colours(rng, d, out);
  return out;
}

// ---- drawing --------------------------------------------------------------------------------

// Pixels per em that make the frame fill `fill` of the canvas.
double frame_scale(const GlyphFrame& frame, int canvas, double fill) {
  return fill * canvas / frame.extent();
}

// Raster pixel (u, v) → canvas, before the distortion: the ink centred horizontally, the frame
// centred vertically (so the baseline stays put across letters), shrunk and shifted into the
// canvas when this letter is larger than its frame.
cv::Matx23d placement(const GlyphRaster& r, const GlyphFrame& frame, double px_per_em, int canvas) {
  const double w = r.coverage.cols, h = r.coverage.rows, c = canvas / 2.0;
  double b = px_per_em / r.pixel_size;
  const double limit = kMaxGlyphFill * canvas;
  b *= std::min({1.0, limit / std::max(b * w, 1.0), limit / std::max(b * h, 1.0)});
  const double frame_mid = (frame.y0 + frame.y1) / 2.0 * r.pixel_size;
  double oy = c + b * (frame_mid - r.top);  // canvas row of raster row 0
  const double margin = (canvas - limit) / 2.0;
  oy = std::clamp(oy, margin, std::max(margin, canvas - margin - b * h));
  return {b, 0, c - b * w / 2.0, 0, b, oy};
}

// The distortion about the canvas centre, after `place`.
cv::Matx23d distort(const cv::Matx23d& place, const InstanceDraw& d, int canvas) {
  const double c = canvas / 2.0, cs = std::cos(d.rotation_rad), sn = std::sin(d.rotation_rad);
  // A = rotation · shear · scale
  const cv::Matx22d a = cv::Matx22d(cs, -sn, sn, cs) * cv::Matx22d(1, d.shear, 0, 1) * d.scale;
  const cv::Matx22d p(place(0, 0), place(0, 1), place(1, 0), place(1, 1));
  const cv::Vec2d off = a * (cv::Vec2d(place(0, 2), place(1, 2)) - cv::Vec2d(c, c)) +
                        cv::Vec2d(c + d.shift_x, c + d.shift_y);
  const cv::Matx22d m = a * p;
  return {m(0, 0), m(0, 1), off[0], m(1, 0), m(1, 1), off[1]};
}

void apply_stroke(cv::Mat& ink, int radius, double min_kept) {
  if (radius == 0) return;
  const int k = 2 * std::abs(radius) + 1;
  const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(k, k));
  if (radius > 0) {
    cv::dilate(ink, ink, kernel);
    return;
  }
  cv::Mat thinner;
  cv::erode(ink, thinner, kernel);
  // Thin fonts would vanish: keep the original stroke then.
  if (cv::sum(thinner)[0] >= min_kept * cv::sum(ink)[0]) ink = thinner;
}

// Coverage (CV_8UC1) → colours, as BGR for the PNG encoder.
cv::Mat blend(const cv::Mat& coverage, const Colour& fg, const Colour& bg) {
  cv::Mat out(coverage.size(), CV_8UC3);
  const int f[3] = {fg.b, fg.g, fg.r}, g[3] = {bg.b, bg.g, bg.r};
  for (int y = 0; y < coverage.rows; ++y) {
    const uint8_t* a = coverage.ptr<uint8_t>(y);
    uint8_t* o = out.ptr<uint8_t>(y);
    for (int x = 0; x < coverage.cols; ++x)
      for (int ch = 0; ch < 3; ++ch)
        o[3 * x + ch] = uint8_t((g[ch] * (255 - a[x]) + f[ch] * a[x] + 127) / 255);
  }
  return out;
}

cv::Mat draw_glyph(const GlyphRaster& r, const GlyphFrame& frame, const InstanceDraw& d,
                   const GlyphConfig& config) {
  const int canvas = config.size * config.supersample;
  const double px_per_em = frame_scale(frame, canvas, config.fill);
  cv::Mat ink(canvas, canvas, CV_8UC1, cv::Scalar(0));
  if (!r.coverage.empty())
    cv::warpAffine(r.coverage, ink,
                   cv::Mat(distort(placement(r, frame, px_per_em, canvas), d, canvas)), ink.size(),
                   cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
  apply_stroke(ink, d.stroke, config.distortion.min_ink_kept);
  cv::Mat small;
  cv::resize(ink, small, cv::Size(config.size, config.size), 0, 0, cv::INTER_AREA);
  return blend(small, d.fg, d.bg);
}

// ---- one class ------------------------------------------------------------------------------

struct ClassJob {
  const PlannedScript* script = nullptr;
  const PlannedClass* cls = nullptr;
  std::string folder;  // absolute class folder
};

// Every random draw of instance k of a class depends on (seed, script, code point, k) only.
uint64_t class_seed(uint64_t seed, const std::string& script, char32_t cp) {
  return derive_seed(seed, name_hash(script), uint64_t(cp));
}

void render_class(const ClassJob& job, const GlyphConfig& config, FaceCache& faces) {
  const auto& fonts = job.cls->fonts;
  const uint64_t base = class_seed(config.seed, job.script->info.name, job.cls->cp);
  const int canvas = config.size * config.supersample;
  std::map<int, GlyphRaster> rasters;  // per font, drawn once
  std::error_code ec;
  fs::create_directories(job.folder, ec);
  if (ec) throw Error(file_message(job.folder, "cannot create the folder: " + ec.message()));
  for (int k = 0; k < config.per_class; ++k) {
    const int font = fonts[size_t((base + uint64_t(k)) % fonts.size())];
    const GlyphFrame& frame = job.script->frames[size_t(font)];
    auto it = rasters.find(font);
    if (it == rasters.end()) {
      const GlyphFont& f = job.script->info.fonts[size_t(font)];
      const int px = std::max(1, int(std::lround(frame_scale(frame, canvas, config.fill))));
      FontFace& face = faces.get(FontFile{f.path, f.face_index, f.family, f.style});
      it = rasters.emplace(font, face.render(job.cls->cp, px)).first;
    }
    std::mt19937_64 rng(derive_seed(base, uint64_t(k)));
    const InstanceDraw d = draw_instance(rng, config.distortion, canvas);
    write_png(job.folder + "/" + std::to_string(k) + ".png",
              draw_glyph(it->second, frame, d, config));
  }
}

// ---- running the classes on worker threads ---------------------------------------------------

class ClassRunner {
 public:
  ClassRunner(const std::vector<ClassJob>& jobs, const GlyphConfig& config)
      : jobs_(jobs), config_(config) {}

  // Renders every job; progress and cancellation are handled on the calling thread.
  void run(const JobContext& ctx) {
    token_ = ctx.cancel;
    const int n = thread_count();
    std::vector<std::thread> threads;
    try {
      for (int i = 0; i < n; ++i) threads.emplace_back([this] { work(); });
      while (done_ < jobs_.size() && !stop_) {
        std::this_thread::sleep_for(kPollInterval);
        report(ctx);
        ctx.check_cancel();
      }
    } catch (...) {
      stop_ = true;
      for (auto& t : threads) t.join();
      throw;
    }
    for (auto& t : threads) t.join();
    if (error_) std::rethrow_exception(error_);
    report(ctx);
  }

 private:
  int thread_count() const {
    const int cores = std::max(1, int(std::thread::hardware_concurrency()));
    const int n = config_.threads > 0 ? config_.threads : kThreadsPerCore * cores;
    return std::clamp(n, 1, std::max(1, int(jobs_.size())));
  }

  // Blocks while the job is paused (the calling thread notices a cancel and sets stop_).
  void wait_while_paused() const {
    while (token_ && token_->paused() && !token_->cancelled() && !stop_)
      std::this_thread::sleep_for(kPollInterval);
  }

  void work() {
    try {
      FontLibrary lib;
      FaceCache faces(lib);
      for (size_t j = next_++; j < jobs_.size() && !stop_; j = next_++) {
        wait_while_paused();
        if (stop_) break;
        render_class(jobs_[j], config_, faces);
        ++done_;
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!error_) error_ = std::current_exception();
      stop_ = true;
    }
  }

  void report(const JobContext& ctx) {
    const int64_t done = int64_t(done_.load());
    if (done == last_reported_) return;
    last_reported_ = done;
    ctx.callbacks.report(ProgressEvent{kRenderStage, done, int64_t(jobs_.size()), {}});
  }

  const std::vector<ClassJob>& jobs_;
  const GlyphConfig& config_;
  const CancelToken* token_ = nullptr;
  std::atomic<size_t> next_{0}, done_{0};
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::exception_ptr error_;
  int64_t last_reported_ = -1;
};

// ---- output folder and manifest --------------------------------------------------------------

bool is_glyph_manifest(const std::string& path) {
  try {
    const Json j = Json::parse(read_text_file(path));
    return j.is_object() && j.get_string("dataset", "") == "glyphs";
  } catch (const Error&) {
    return false;
  }
}

// Creates `out`, refusing to mix with an earlier render unless config.overwrite, and then only
// replacing what a glyph render wrote.
void prepare_output(const std::string& out, const GlyphConfig& config) {
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec || !fs::is_directory(out, ec))
    throw InputError(file_message(out, "cannot create the output folder"));
  const std::string manifest = out + "/" + kManifestName;
  bool earlier = fs::exists(manifest, ec);
  for (int g = 0; g < kGlyphSplitCount; ++g)
    earlier = earlier || fs::exists(out + "/" + glyph_split_name(GlyphSplit(g)), ec);
  if (!earlier) return;
  if (!config.overwrite)
    throw InputError(file_message(out, "holds an earlier render; pass --overwrite to replace it"));
  if (!is_glyph_manifest(manifest))
    throw InputError(file_message(out,
                                  "has split folders but no glyphs manifest.json; "
                                  "not replacing what another tool wrote"));
  for (int g = 0; g < kGlyphSplitCount; ++g)
    fs::remove_all(out + "/" + glyph_split_name(GlyphSplit(g)), ec);
  fs::remove(manifest, ec);
}

// stdout of a shell command, or nullopt-like "" with ok=false when it fails.
std::string command_output(const std::string& command, bool& ok) {
  ok = false;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return "";
  std::string text;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) text.append(buf, n);
  ok = ::pclose(pipe) == 0;
  return text;
}

struct PackageInfo {
  std::string name, version;
  std::set<std::string> files;
};

// Version and file list of each package from dpkg ("unknown" / empty where dpkg cannot say).
// Package names are validated by GlyphConfig::validate, so they are safe in a shell command.
std::vector<PackageInfo> query_packages(const std::vector<std::string>& names) {
  std::vector<PackageInfo> out;
  for (const auto& name : names) {
    PackageInfo p{name, "unknown", {}};
    bool ok = false;
    std::string v = command_output("dpkg-query -W -f='${Version}' " + name + " 2>/dev/null", ok);
    if (ok && !v.empty()) p.version = v;
    std::string list = command_output("dpkg-query -L " + name + " 2>/dev/null", ok);
    for (size_t pos = 0; ok && pos < list.size();) {
      size_t end = list.find('\n', pos);
      if (end == std::string::npos) end = list.size();
      p.files.insert(list.substr(pos, end - pos));
      pos = end + 1;
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::string package_of(const std::string& path, const std::vector<PackageInfo>& packages) {
  for (const auto& p : packages)
    if (p.files.count(path)) return p.name;
  return "unknown";
}

std::string hex_code(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04X", unsigned(cp));
  return buf;
}

struct FontTable {
  std::vector<GlyphFont> fonts;
  std::map<std::pair<std::string, int>, int> index;
  int add(const GlyphFont& f) {
    auto [it, inserted] = index.emplace(std::make_pair(f.path, f.face_index), int(fonts.size()));
    if (inserted) fonts.push_back(f);
    return it->second;
  }
};

Json fonts_json(const FontTable& table, const std::vector<PackageInfo>& packages) {
  Json out = Json::array();
  for (const auto& f : table.fonts) {
    Json j = Json::object();
    j["path"] = f.path;
    j["face_index"] = f.face_index;
    j["family"] = f.family;
    j["style"] = f.style;
    j["package"] = package_of(f.path, packages);
    out.push_back(std::move(j));
  }
  return out;
}

Json split_json(const std::vector<PlannedScript>& all) {
  Json out = Json::object();
  for (int g = 0; g < kGlyphSplitCount; ++g) {
    Json names = Json::array();
    for (const auto& s : all)
      if (s.info.split == GlyphSplit(g)) names.push_back(s.info.name);
    out[glyph_split_name(GlyphSplit(g))] = std::move(names);
  }
  return out;
}

Json scripts_json(const std::vector<PlannedScript>& rendered, FontTable& table,
                  const GlyphConfig& config) {
  Json scripts = Json::array();
  for (const auto& s : rendered) {
    Json fonts = Json::array(), classes = Json::array();
    for (const auto& f : s.info.fonts) fonts.push_back(table.add(f));
    for (const auto& c : s.classes) {
      Json j = Json::object();
      j["codepoint"] = "U+" + hex_code(c.cp);
      j["char"] = utf8_encode(c.cp);
      j["folder"] = glyph_class_folder(s.info.name, c.cp);
      Json used = Json::array();
      for (int f : c.fonts) used.push_back(table.add(s.info.fonts[size_t(f)]));
      j["fonts"] = std::move(used);
      classes.push_back(std::move(j));
    }
    Json j = Json::object();
    j["name"] = s.info.name;
    j["split"] = glyph_split_name(s.info.split);
    j["usable_letters"] = s.info.usable_letters;
    j["fonts"] = std::move(fonts);
    j["images_per_class"] = config.per_class;
    j["classes"] = std::move(classes);
    scripts.push_back(std::move(j));
  }
  return scripts;
}

Json counts_json(const GlyphManifest& m) {
  Json out = Json::object();
  for (int g = 0; g < kGlyphSplitCount; ++g) {
    Json j = Json::object();
    j["scripts"] = m.script_counts[size_t(g)];
    j["classes"] = m.classes[size_t(g)];
    out[glyph_split_name(GlyphSplit(g))] = std::move(j);
  }
  return out;
}

Json manifest_json(const GlyphManifest& m, const std::vector<PlannedScript>& all,
                   const std::vector<PlannedScript>& rendered, const GlyphConfig& config,
                   const std::vector<PackageInfo>& packages, bool complete) {
  FontTable table;
  Json scripts = scripts_json(rendered, table, config);
  Json j = Json::object();
  j["dataset"] = "glyphs";
  j["renderer"] = kGlyphRendererVersion;
  j["complete"] = complete;
  j["seed"] = config.seed;
  j["size"] = config.size;
  j["per_class"] = config.per_class;
  j["config"] = config.to_json();
  Json versions = Json::object();
  for (const auto& p : packages) versions[p.name] = p.version;
  j["packages"] = std::move(versions);
  j["fonts"] = fonts_json(table, packages);
  j["split"] = split_json(all);
  j["counts"] = counts_json(m);
  j["images"] = m.images;
  j["scripts"] = std::move(scripts);
  return j;
}

GlyphManifest count(const std::vector<PlannedScript>& rendered, const GlyphConfig& config) {
  GlyphManifest m;
  for (const auto& s : rendered) {
    ++m.script_counts[size_t(s.info.split)];
    m.classes[size_t(s.info.split)] += int64_t(s.classes.size());
    m.images += int64_t(s.classes.size()) * config.per_class;
  }
  m.scripts.reserve(rendered.size());
  for (const auto& s : rendered) m.scripts.push_back(s.info);
  return m;
}

std::vector<ClassJob> class_jobs(const std::vector<PlannedScript>& rendered,
                                 const std::string& out) {
  std::vector<ClassJob> jobs;
  for (const auto& s : rendered)
    for (const auto& c : s.classes)
      jobs.push_back({&s, &c,
                      out + "/" + glyph_split_name(s.info.split) + "/" +
                          glyph_class_folder(s.info.name, c.cp)});
  return jobs;
}

bool is_package_name(const std::string& s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-';
  });
}

// Letters only (the table has no others), and nothing a file system or shell treats specially.
bool is_filename_safe(char32_t cp) {
  if (cp < 0x80)
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
  if (cp <= 0x9F || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
  if ((cp >= 0x2000 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF0 && cp <= 0xFFFF))
    return false;
  if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) return false;
  return true;
}

Json distortion_json(const GlyphDistortion& d) {
  Json j = Json::object();
  j["max_rotation_deg"] = d.max_rotation_deg;
  j["min_scale"] = d.min_scale;
  j["max_scale"] = d.max_scale;
  j["max_shear"] = d.max_shear;
  j["max_translation"] = d.max_translation;
  j["max_stroke_radius"] = d.max_stroke_radius;
  j["min_ink_kept"] = d.min_ink_kept;
  j["min_contrast"] = d.min_contrast;
  j["max_colour_tries"] = d.max_colour_tries;
  return j;
}

void require(bool ok, const std::string& what) {
  if (!ok) throw InputError("glyph setting " + what);
}

}  // namespace

const char* glyph_split_name(GlyphSplit split) {
  switch (split) {
    case GlyphSplit::Pretraining:
      return "pretraining";
    case GlyphSplit::Zoo:
      return "zoo";
    case GlyphSplit::Evaluation:
      return "evaluation";
  }
  return "?";
}

GlyphSplit parse_glyph_split(const std::string& name) {
  for (int g = 0; g < kGlyphSplitCount; ++g)
    if (name == glyph_split_name(GlyphSplit(g))) return GlyphSplit(g);
  throw InputError("unknown split \"" + name + "\" (expected pretraining, zoo or evaluation)");
}

void GlyphConfig::validate() const {
  const auto& d = distortion;
  const auto& f = fractions;
  require(size >= kMinSize && size <= kMaxSize, "size must be between 8 and 1024");
  require(per_class >= 1, "per_class must be at least 1");
  require(supersample >= 1 && supersample <= kMaxSupersample, "supersample must be 1..8");
  require(fill > 0 && fill <= 1, "fill must be in (0, 1]");
  require(min_letters_per_script >= 1, "min_letters_per_script must be at least 1");
  require(max_classes_per_script >= 1, "max_classes_per_script must be at least 1");
  require(min_fonts_per_script >= 1 && max_fonts_per_script >= min_fonts_per_script,
          "fonts per script: need 1 <= min_fonts_per_script <= max_fonts_per_script");
  require(min_font_coverage > 0 && min_font_coverage <= 1, "min_font_coverage must be in (0, 1]");
  require(max_rendered_classes_per_script >= 0, "max_rendered_classes_per_script must be >= 0");
  require(threads >= 0, "threads must be >= 0");
  require(f.pretraining >= 0 && f.zoo >= 0 && f.evaluation >= 0 &&
              f.pretraining + f.zoo + f.evaluation > 0,
          "split fractions must be >= 0 and not all 0");
  require(d.min_scale > 0 && d.max_scale >= d.min_scale, "scale range must be 0 < min <= max");
  require(d.max_rotation_deg >= 0 && d.max_shear >= 0 && d.max_translation >= 0,
          "rotation, shear and translation limits must be >= 0");
  require(d.max_stroke_radius >= 0 && d.max_stroke_radius <= kMaxStrokeRadius,
          "max_stroke_radius must be 0..16");
  require(d.min_contrast >= 0 && d.min_contrast < 1, "min_contrast must be in [0, 1)");
  require(d.min_ink_kept >= 0 && d.min_ink_kept <= 1, "min_ink_kept must be in [0, 1]");
  require(d.max_colour_tries >= 0, "max_colour_tries must be >= 0");
  for (const auto& p : font_packages)
    require(is_package_name(p), "font package \"" + p + "\" is not a Debian package name");
}

Json GlyphConfig::to_json() const {
  Json j = Json::object();
  j["size"] = size;
  j["per_class"] = per_class;
  j["seed"] = seed;
  j["min_letters_per_script"] = min_letters_per_script;
  j["max_classes_per_script"] = max_classes_per_script;
  j["min_fonts_per_script"] = min_fonts_per_script;
  j["max_fonts_per_script"] = max_fonts_per_script;
  j["min_font_coverage"] = min_font_coverage;
  j["supersample"] = supersample;
  j["fill"] = fill;
  j["distortion"] = distortion_json(distortion);
  Json fr = Json::object();
  fr["pretraining"] = fractions.pretraining;
  fr["zoo"] = fractions.zoo;
  fr["evaluation"] = fractions.evaluation;
  j["fractions"] = std::move(fr);
  Json over = Json::object();
  for (const auto& [script, split] : split_override) over[script] = glyph_split_name(split);
  j["split_override"] = std::move(over);
  Json only = Json::array();
  for (const auto& s : only_scripts) only.push_back(s);
  j["only_scripts"] = std::move(only);
  j["max_rendered_classes_per_script"] = max_rendered_classes_per_script;
  Json dirs = Json::array();
  for (const auto& s : font_dirs) dirs.push_back(s);
  j["font_dirs"] = std::move(dirs);
  Json packages = Json::array();
  for (const auto& s : font_packages) packages.push_back(s);
  j["font_packages"] = std::move(packages);
  return j;
}

std::string glyph_class_folder(const std::string& script, char32_t cp, bool with_char) {
  std::string name = script + "_" + hex_code(cp);
  if (with_char && is_filename_safe(cp)) name += "_" + utf8_encode(cp);
  return name;
}

std::vector<ScriptInfo> list_glyph_scripts(const GlyphConfig& config) {
  std::vector<ScriptInfo> out;
  for (auto& p : select_rendered(plan_glyph_scripts(config, nullptr), config))
    out.push_back(std::move(p.info));
  return out;
}

GlyphManifest render_glyphs(const GlyphConfig& config, const std::string& out_dir,
                            const JobContext& ctx) {
  const auto start = std::chrono::steady_clock::now();
  const auto all = plan_glyph_scripts(config, &ctx);
  const auto rendered = select_rendered(all, config);
  prepare_output(out_dir, config);
  GlyphManifest m = count(rendered, config);
  m.path = out_dir + "/" + kManifestName;
  // Written first as incomplete: marks the folder as a glyph render, so --overwrite may replace
  // a cancelled one.
  const auto packages = query_packages(config.font_packages);
  write_file_atomic(m.path, manifest_json(m, all, rendered, config, packages, false).dump(2));
  const auto jobs = class_jobs(rendered, out_dir);
  ClassRunner(jobs, config).run(ctx);
  m.json = manifest_json(m, all, rendered, config, packages, true);
  write_file_atomic(m.path, m.json.dump(2) + "\n");
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return m;
}

}  // namespace lrc
