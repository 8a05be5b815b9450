// Planning the Glyphs dataset: fonts → scripts → letters → split. Named *_opencv.cpp so that it
// builds into lrc_core (FreeType and OpenCV live there).
//
// Phases: scan the fonts' character maps → choose each script's fonts → rasterize every candidate
// letter once (drop the ones a font draws empty or as .notdef) → drop look-alikes across and
// within scripts → keep scripts with enough letters and fonts → thin to the class cap → measure
// each font's letter frame → split the scripts.
#include "data/glyph_plan.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>
#include <random>
#include <set>
#include <tuple>

#include <opencv2/core.hpp>

#include "data/glyph_scripts.h"
#include "io/error.h"

namespace lrc {

namespace {

// Candidate letters are checked and measured at this size (pixels per em); fixed, so the plan does
// not depend on the output size.
constexpr int kCheckPixelSize = 48;
// A font's letter frame spans these quantiles of its letters' bottoms / tops / widths.
constexpr double kFrameLowQuantile = 0.05;
constexpr double kFrameHighQuantile = 0.95;
// Stream id of the split's random draw (derive_seed).
constexpr uint64_t kSplitStream = 0x53504c4954ull;  // "SPLIT"
// Preferred styles, in the order a script's fonts are picked within a family.
const char* const kStylePreference[] = {
    "Regular",        "Bold",          "Light",          "Black",           "Medium",
    "Thin",           "SemiBold",      "ExtraBold",      "ExtraLight",      "Condensed",
    "Condensed Bold", "SemiCondensed", "ExtraCondensed", "Condensed Light", "Condensed Black"};

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_slanted(const std::string& style) {
  const std::string s = lower(style);
  return s.find("italic") != std::string::npos || s.find("oblique") != std::string::npos;
}

int style_rank(const std::string& style) {
  const int n = int(std::size(kStylePreference));
  for (int i = 0; i < n; ++i)
    if (style == kStylePreference[i]) return i;
  return n;
}

// Code point → index into glyph_script_table().
class ScriptLookup {
 public:
  explicit ScriptLookup(const std::vector<ScriptLetters>& table) {
    for (size_t s = 0; s < table.size(); ++s)
      for (const auto& [first, last] : table[s].ranges) ranges_.push_back({first, last, int(s)});
    std::sort(ranges_.begin(), ranges_.end());
  }
  int find(char32_t cp) const {
    auto it = std::upper_bound(ranges_.begin(), ranges_.end(),
                               std::make_tuple(cp, char32_t(0xFFFFFFFF), int(1 << 30)));
    if (it == ranges_.begin()) return -1;
    --it;
    return cp <= std::get<1>(*it) ? std::get<2>(*it) : -1;
  }

 private:
  std::vector<std::tuple<char32_t, char32_t, int>> ranges_;
};

struct ScannedFont {
  FontFile file;
  std::vector<int> letters;  // per table script: how many of its letters the font maps
};

// Progress stages of the plan.
constexpr const char* kScanStage = "glyph-fonts";
constexpr const char* kLetterStage = "glyph-letters";

void report(const JobContext* ctx, const char* stage, int64_t step, int64_t total) {
  if (!ctx) return;
  ctx->check_cancel();
  ctx->callbacks.report(ProgressEvent{stage, step, total, {}});
}

ScannedFont scan_face(const FontFace& face, const FontFile& file, const ScriptLookup& lookup,
                      size_t scripts) {
  ScannedFont out{file, std::vector<int>(scripts, 0)};
  for (char32_t cp : face.code_points()) {
    const int s = lookup.find(cp);
    if (s >= 0) ++out.letters[size_t(s)];
  }
  return out;
}

// Every upright face under config.font_dirs with its letter counts per script.
std::vector<ScannedFont> scan_fonts(const GlyphConfig& config, const FontLibrary& lib,
                                    const JobContext* ctx) {
  const auto& table = glyph_script_table();
  const ScriptLookup lookup(table);
  const auto paths = find_font_files(config.font_dirs);
  std::vector<ScannedFont> out;
  for (size_t i = 0; i < paths.size(); ++i) {
    if (i % 64 == 0) report(ctx, kScanStage, int64_t(i), int64_t(paths.size()));
    try {
      FontFace first(lib, paths[i], 0);
      for (int index = 0; index < first.num_faces(); ++index) {
        std::unique_ptr<FontFace> other;
        if (index > 0) other = std::make_unique<FontFace>(lib, paths[i], index);
        const FontFace& face = other ? *other : first;
        FontFile file{paths[i], index, face.family(), face.style()};
        if (!is_slanted(file.style)) out.push_back(scan_face(face, file, lookup, table.size()));
      }
    } catch (const InputError& e) {
      if (ctx) ctx->callbacks.say(std::string("skipping a font: ") + e.what());
    }
  }
  report(ctx, kScanStage, int64_t(paths.size()), int64_t(paths.size()));
  return out;
}

// The fonts of script `s` (indices into `fonts`): those covering enough of it, round-robin over
// families (best-covering first) and, within a family, over styles in preference order.
std::vector<int> choose_fonts(size_t s, const std::vector<ScannedFont>& fonts,
                              const GlyphConfig& config) {
  int best = 0;
  for (const auto& f : fonts) best = std::max(best, f.letters[s]);
  if (best == 0) return {};
  const int threshold = std::max(1, int(std::ceil(config.min_font_coverage * best)));
  std::map<std::string, std::vector<int>> by_family;
  for (size_t i = 0; i < fonts.size(); ++i)
    if (fonts[i].letters[s] >= threshold) by_family[fonts[i].file.family].push_back(int(i));
  std::vector<std::pair<int, std::vector<int>>> families;  // (-coverage, members)
  for (auto& [name, members] : by_family) {
    std::sort(members.begin(), members.end(), [&](int a, int b) {
      const auto& fa = fonts[size_t(a)].file;
      const auto& fb = fonts[size_t(b)].file;
      return std::make_tuple(style_rank(fa.style), fa.style, fa.path, fa.face_index) <
             std::make_tuple(style_rank(fb.style), fb.style, fb.path, fb.face_index);
    });
    int coverage = 0;
    for (int m : members) coverage = std::max(coverage, fonts[size_t(m)].letters[s]);
    families.push_back({-coverage, members});
  }
  std::stable_sort(families.begin(), families.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<int> chosen;
  for (size_t round = 0; int(chosen.size()) < config.max_fonts_per_script; ++round) {
    bool any = false;
    for (const auto& fam : families) {
      if (round >= fam.second.size() || int(chosen.size()) >= config.max_fonts_per_script) continue;
      chosen.push_back(fam.second[round]);
      any = true;
    }
    if (!any) break;
  }
  return chosen;
}

// One font's rendering of a candidate letter.
struct FontSample {
  int font = 0;       // index into the script's fonts
  uint64_t hash = 0;  // of the coverage pixels (position-free), for look-alike detection
  GlyphBox box;
};

struct Candidate {
  char32_t cp = 0;
  std::vector<FontSample> samples;
};

// A script on its way through the plan.
struct Draft {
  size_t table_index = 0;
  std::vector<int> fonts;  // indices into the scanned fonts
  std::vector<Candidate> candidates;
};

uint64_t raster_hash(const GlyphRaster& r) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  auto mix = [&h](uint64_t v) { h = (h ^ v) * 1099511628211ull; };
  mix(uint64_t(r.coverage.rows));
  mix(uint64_t(r.coverage.cols));
  for (int y = 0; y < r.coverage.rows; ++y) {
    const uint8_t* row = r.coverage.ptr<uint8_t>(y);
    for (int x = 0; x < r.coverage.cols; ++x) mix(row[x]);
  }
  return h;
}

bool same_raster(const GlyphRaster& a, const GlyphRaster& b) {
  if (a.left != b.left || a.top != b.top || a.coverage.size() != b.coverage.size()) return false;
  return a.coverage.empty() || cv::countNonZero(a.coverage != b.coverage) == 0;
}

// The letters of a script that at least one of its fonts really draws.
std::vector<Candidate> usable_letters(const ScriptLetters& letters,
                                      const std::vector<FontFace*>& faces) {
  std::vector<GlyphRaster> notdef;
  for (FontFace* face : faces) notdef.push_back(face->render_notdef(kCheckPixelSize));
  std::vector<Candidate> out;
  for (const auto& [first, last] : letters.ranges) {
    for (char32_t cp = first; cp <= last; ++cp) {
      Candidate c{cp, {}};
      for (size_t f = 0; f < faces.size(); ++f) {
        if (!faces[f]->has(cp)) continue;
        GlyphRaster r = faces[f]->render(cp, kCheckPixelSize);
        if (r.blank() || same_raster(r, notdef[f])) continue;
        c.samples.push_back({int(f), raster_hash(r), r.box()});
      }
      if (!c.samples.empty()) out.push_back(std::move(c));
    }
  }
  return out;
}

// Drafts for every script with enough fonts, with their usable letters.
std::vector<Draft> draft_scripts(const GlyphConfig& config, const std::vector<ScannedFont>& fonts,
                                 FaceCache& cache, const JobContext* ctx) {
  const auto& table = glyph_script_table();
  std::vector<Draft> drafts;
  for (size_t s = 0; s < table.size(); ++s) {
    report(ctx, kLetterStage, int64_t(s), int64_t(table.size()));
    Draft d{s, choose_fonts(s, fonts, config), {}};
    if (int(d.fonts.size()) < config.min_fonts_per_script) continue;
    std::vector<FontFace*> faces;
    for (int f : d.fonts) faces.push_back(&cache.get(fonts[size_t(f)].file));
    d.candidates = usable_letters(table[s], faces);
    if (int(d.candidates.size()) >= config.min_letters_per_script) drafts.push_back(std::move(d));
  }
  report(ctx, kLetterStage, int64_t(table.size()), int64_t(table.size()));
  return drafts;
}

// Removes letters that some font draws exactly like a letter of lower code point (Latin "o" /
// Greek "ο" / Cyrillic "о" in Noto Sans, a font mapping two code points to one glyph): across
// the split they would leak a class, within a script they would make a task unsolvable.
void drop_lookalikes(std::vector<Draft>& drafts) {
  std::vector<std::pair<char32_t, std::pair<size_t, size_t>>> order;
  for (size_t d = 0; d < drafts.size(); ++d)
    for (size_t c = 0; c < drafts[d].candidates.size(); ++c)
      order.push_back({drafts[d].candidates[c].cp, {d, c}});
  std::sort(order.begin(), order.end());
  std::set<std::pair<int, uint64_t>> seen;  // (scanned font, pixel hash)
  std::vector<std::vector<bool>> keep(drafts.size());
  for (size_t d = 0; d < drafts.size(); ++d) keep[d].assign(drafts[d].candidates.size(), true);
  for (const auto& [cp, where] : order) {
    const Draft& d = drafts[where.first];
    const Candidate& c = d.candidates[where.second];
    std::vector<std::pair<int, uint64_t>> keys;
    for (const auto& s : c.samples) keys.push_back({d.fonts[size_t(s.font)], s.hash});
    const bool dup =
        std::any_of(keys.begin(), keys.end(), [&](const auto& k) { return seen.count(k); });
    if (dup)
      keep[where.first][where.second] = false;
    else
      seen.insert(keys.begin(), keys.end());
  }
  for (size_t d = 0; d < drafts.size(); ++d) {
    std::vector<Candidate> kept;
    for (size_t c = 0; c < drafts[d].candidates.size(); ++c)
      if (keep[d][c]) kept.push_back(std::move(drafts[d].candidates[c]));
    drafts[d].candidates = std::move(kept);
  }
}

// drop_lookalikes, then drop scripts left with too few letters; repeated until nothing changes, so
// a dropped script's letters no longer shadow anyone else's.
std::vector<Draft> settle_letters(const std::vector<Draft>& drafts, const GlyphConfig& config) {
  std::vector<bool> alive(drafts.size(), true);
  for (;;) {
    std::vector<Draft> work;
    std::vector<size_t> origin;
    for (size_t d = 0; d < drafts.size(); ++d)
      if (alive[d]) work.push_back(drafts[d]), origin.push_back(d);
    drop_lookalikes(work);
    bool changed = false;
    for (size_t i = 0; i < work.size(); ++i)
      if (int(work[i].candidates.size()) < config.min_letters_per_script)
        alive[origin[i]] = false, changed = true;
    if (!changed) return work;
  }
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  return v[size_t(std::lround(q * double(v.size() - 1)))];
}

std::vector<GlyphFrame> measure_frames(const std::vector<Candidate>& chosen, size_t fonts) {
  std::vector<GlyphFrame> frames(fonts);
  for (size_t f = 0; f < fonts; ++f) {
    std::vector<double> bottoms, tops, widths;
    for (const auto& c : chosen)
      for (const auto& s : c.samples)
        if (size_t(s.font) == f) {
          bottoms.push_back(s.box.y0);
          tops.push_back(s.box.y1);
          widths.push_back(s.box.width());
        }
    if (bottoms.empty()) continue;
    frames[f].y0 = quantile(bottoms, kFrameLowQuantile);
    frames[f].y1 = std::max(quantile(tops, kFrameHighQuantile), frames[f].y0 + 1e-3);
    frames[f].width = std::max(quantile(widths, kFrameHighQuantile), 1e-3);
  }
  return frames;
}

// At most `cap` candidates, spread evenly over the code point order.
std::vector<Candidate> thin_evenly(const std::vector<Candidate>& all, int cap) {
  if (int(all.size()) <= cap) return all;
  std::vector<Candidate> out;
  for (int i = 0; i < cap; ++i)
    out.push_back(all[size_t((2 * int64_t(i) + 1) * int64_t(all.size()) / (2 * int64_t(cap)))]);
  return out;
}

// The finished script: thinned letters, the fonts that draw at least one of them, their frames.
PlannedScript finish_script(const Draft& d, const std::vector<ScannedFont>& fonts,
                            const GlyphConfig& config) {
  PlannedScript p;
  p.info.name = glyph_script_table()[d.table_index].name;
  p.info.usable_letters = int(d.candidates.size());
  std::vector<Candidate> chosen = thin_evenly(d.candidates, config.max_classes_per_script);
  std::vector<int> new_index(d.fonts.size(), -1);
  for (const auto& c : chosen)
    for (const auto& s : c.samples) new_index[size_t(s.font)] = 0;
  for (size_t f = 0; f < d.fonts.size(); ++f) {
    if (new_index[f] < 0) continue;
    new_index[f] = int(p.info.fonts.size());
    const FontFile& file = fonts[size_t(d.fonts[f])].file;
    p.info.fonts.push_back({file.path, file.face_index, file.family, file.style});
  }
  for (auto& c : chosen) {
    PlannedClass pc{c.cp, {}};
    for (auto& s : c.samples) pc.fonts.push_back(s.font = new_index[size_t(s.font)]);
    p.info.letters.push_back(c.cp);
    p.classes.push_back(std::move(pc));
  }
  p.frames = measure_frames(chosen, p.info.fonts.size());
  return p;
}

// Scripts per group for n scripts: largest remainders of the fractions, every group with a
// positive share getting at least one script when there are enough.
std::array<int, kGlyphSplitCount> split_targets(int n, const GlyphSplitFractions& fr) {
  const std::array<double, kGlyphSplitCount> w = {fr.pretraining, fr.zoo, fr.evaluation};
  const double sum = w[0] + w[1] + w[2];
  std::array<int, kGlyphSplitCount> t{};
  std::array<std::pair<double, int>, kGlyphSplitCount> rest{};
  int given = 0;
  for (int g = 0; g < kGlyphSplitCount; ++g) {
    const double exact = w[size_t(g)] / sum * n;
    t[size_t(g)] = int(std::floor(exact));
    given += t[size_t(g)];
    rest[size_t(g)] = {-(exact - std::floor(exact)), g};
  }
  std::sort(rest.begin(), rest.end());
  for (int i = 0; given < n; ++i, ++given) ++t[size_t(rest[size_t(i % kGlyphSplitCount)].second)];
  for (int g = 0; g < kGlyphSplitCount; ++g) {
    auto largest = size_t(std::max_element(t.begin(), t.end()) - t.begin());
    if (t[size_t(g)] == 0 && w[size_t(g)] > 0 && t[largest] > 1) --t[largest], ++t[size_t(g)];
  }
  return t;
}

// The group of each script (names sorted): split_override first, then a seeded shuffle of the
// rest fills what each group has left.
std::vector<GlyphSplit> assign_splits(const std::vector<std::string>& names,
                                      const GlyphConfig& config) {
  auto left = split_targets(int(names.size()), config.fractions);
  std::vector<GlyphSplit> out(names.size(), GlyphSplit::Pretraining);
  std::vector<size_t> free;
  for (size_t i = 0; i < names.size(); ++i) {
    auto it = config.split_override.find(names[i]);
    if (it == config.split_override.end()) {
      free.push_back(i);
      continue;
    }
    out[i] = it->second;
    --left[size_t(it->second)];
  }
  std::mt19937_64 rng(derive_seed(config.seed, kSplitStream));
  for (size_t i = free.size(); i > 1; --i) std::swap(free[i - 1], free[size_t(rng() % i)]);
  size_t next = 0;
  for (int g = 0; g < kGlyphSplitCount; ++g)
    for (int k = 0; k < left[size_t(g)] && next < free.size(); ++k)
      out[free[next++]] = GlyphSplit(g);
  return out;
}

void check_overrides(const std::vector<PlannedScript>& scripts, const GlyphConfig& config) {
  for (const auto& [name, split] : config.split_override) {
    const bool known = std::any_of(scripts.begin(), scripts.end(),
                                   [&](const PlannedScript& s) { return s.info.name == name; });
    if (!known)
      throw InputError("split override names script \"" + name +
                       "\", which is not among the rendered scripts (see --list)");
  }
}

}  // namespace

std::vector<PlannedScript> plan_glyph_scripts(const GlyphConfig& config, const JobContext* ctx) {
  config.validate();
  FontLibrary lib;
  const auto fonts = scan_fonts(config, lib, ctx);
  if (fonts.empty())
    throw InputError("no font files found under the font folders (install fonts-noto-core)");
  FaceCache cache(lib);
  const auto drafts = settle_letters(draft_scripts(config, fonts, cache, ctx), config);
  std::vector<PlannedScript> out;
  for (const auto& d : drafts) {
    PlannedScript p = finish_script(d, fonts, config);
    if (int(p.info.fonts.size()) >= config.min_fonts_per_script) out.push_back(std::move(p));
  }
  check_overrides(out, config);
  std::vector<std::string> names;
  for (const auto& p : out) names.push_back(p.info.name);
  const auto splits = assign_splits(names, config);
  for (size_t i = 0; i < out.size(); ++i) out[i].info.split = splits[i];
  return out;
}

std::vector<PlannedScript> select_rendered(std::vector<PlannedScript> all,
                                           const GlyphConfig& config) {
  for (const auto& name : config.only_scripts) {
    const bool known = std::any_of(all.begin(), all.end(),
                                   [&](const PlannedScript& s) { return s.info.name == name; });
    if (!known)
      throw InputError("script \"" + name + "\" is not among the rendered scripts (see --list)");
  }
  std::vector<PlannedScript> out;
  for (auto& p : all) {
    const auto& only = config.only_scripts;
    if (!only.empty() && std::find(only.begin(), only.end(), p.info.name) == only.end()) continue;
    const int cap = config.max_rendered_classes_per_script;
    if (cap > 0 && int(p.classes.size()) > cap) {
      p.classes.resize(size_t(cap));
      p.info.letters.resize(size_t(cap));
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace lrc
