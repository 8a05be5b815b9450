// "Glyphs": an Omniglot-style benchmark rendered offline from installed fonts (Debian's
// fonts-noto-core / fonts-noto-extra). A class is one letter of one script, e.g. (Thai, U+0E01);
// its instances are that letter drawn in the fonts that cover the script (families and weights)
// with a seeded random affine distortion, stroke width and colour pair. Scripts are split into
// three disjoint groups (evaluation needs test classes never seen before, docs/method.md §6):
//   pretraining — the backbone's own data (the largest group),
//   zoo         — the private data of the people who tune the LoRAs,
//   evaluation  — the new tasks.
// Output: OUT/<split>/<Script>_<HEX>[_<char>]/<k>.png (8-bit RGB) and OUT/manifest.json (fonts
// with their package versions, settings, the split, counts, renderer version).
//
// Determinism: the same config and the same installed fonts give byte-identical files, whatever
// the thread count: fonts are sorted by path and every random draw of a class depends only on
// (seed, script, code point, instance).
//
// Failure: InputError for impossible settings (naming the field / flag), for an output folder
// that holds something else, or when no usable font is found; lrc::Error when a write fails;
// lrc::Cancelled when ctx's token is cancelled (checked while planning and every few
// milliseconds while drawing; files already written stay, and manifest.json keeps
// "complete": false, which lets `overwrite` replace the partial render). Thread-safety: the
// functions may run concurrently on different output folders.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "io/json.h"
#include "io/utf8.h"  // utf8_encode, for the glyph names
#include "jobs/job.h"

namespace lrc {

// Bumped whenever the same settings would give different images.
constexpr const char* kGlyphRendererVersion = "glyphs-1";

enum class GlyphSplit { Pretraining, Zoo, Evaluation };
constexpr int kGlyphSplitCount = 3;
const char* glyph_split_name(GlyphSplit split);  // "pretraining", "zoo", "evaluation"
// Inverse of glyph_split_name; InputError naming the text otherwise.
GlyphSplit parse_glyph_split(const std::string& name);

// The random variation of the instances of a class.
struct GlyphDistortion {
  double max_rotation_deg = 12.0;  // uniform in ±
  double min_scale = 0.85;         // uniform in [min_scale, max_scale], on top of the fit
  double max_scale = 1.05;
  double max_shear = 0.2;         // horizontal shear factor, uniform in ±
  double max_translation = 0.06;  // share of the image size, uniform in ± per axis
  // Stroke: dilate (> 0) or erode (< 0) by a radius uniform in ±max_stroke_radius pixels of the
  // supersampled canvas; an erosion that would leave less than min_ink_kept of the ink is skipped.
  int max_stroke_radius = 2;
  double min_ink_kept = 0.5;
  // Foreground and background are drawn uniformly in RGB until their luma (0..1) differs by at
  // least this much (black on white after max_colour_tries failures).
  double min_contrast = 0.45;
  int max_colour_tries = 64;
};

struct GlyphSplitFractions {
  double pretraining = 0.60;
  double zoo = 0.25;
  double evaluation = 0.15;
};

struct GlyphConfig {
  int size = 32;       // output images are size × size RGB
  int per_class = 20;  // instances per class
  uint64_t seed = 0;   // distortions, colours and the split of scripts
  // Which scripts and letters become classes.
  int min_letters_per_script = 20;  // scripts with fewer usable letters are left out
  int max_classes_per_script = 40;  // more letters are thinned evenly over the code points
  int min_fonts_per_script = 2;     // scripts drawn by fewer fonts (families × weights) left out
  int max_fonts_per_script = 8;
  // A font counts for a script when it maps at least this share of the script's letters that
  // the best-covering font maps.
  double min_font_coverage = 0.5;
  // Drawing: glyphs are rasterized so that the script's usual letter box fills `fill` of a canvas
  // `supersample` times the output size, distorted there, then shrunk with area averaging.
  int supersample = 3;
  double fill = 0.78;
  GlyphDistortion distortion;
  GlyphSplitFractions fractions;
  // Script name → group, overriding the seeded draw for those scripts (the rest fill the
  // remaining share of each group).
  std::map<std::string, GlyphSplit> split_override;
  // Render only these scripts (all when empty) and at most this many classes of each (0 = all);
  // the split is still drawn over every script, so a subset lands where the full render puts it.
  std::vector<std::string> only_scripts;
  int max_rendered_classes_per_script = 0;
  // Where fonts are looked for (recursively, missing folders skipped) and which Debian packages
  // they come from (versions recorded in the manifest).
  std::vector<std::string> font_dirs = {"/usr/share/fonts/truetype/noto",
                                        "/usr/share/fonts/opentype/noto"};
  std::vector<std::string> font_packages = {"fonts-noto-core", "fonts-noto-extra"};
  // Rendering threads; 0 = twice the cores (one fsync per file makes the work wait on the disk
  // as much as on the CPU). The output does not depend on it.
  int threads = 0;
  bool overwrite = false;  // replace the split folders of an earlier render in the same folder

  // Throws InputError naming the field when a value cannot work.
  void validate() const;
  Json to_json() const;
};

struct GlyphFont {
  std::string path;
  int face_index = 0;
  std::string family;  // e.g. "Noto Serif Thai"
  std::string style;   // e.g. "Bold"
};

// One script as it would be rendered.
struct ScriptInfo {
  std::string name;  // Unicode's name, e.g. "Canadian_Aboriginal"
  GlyphSplit split = GlyphSplit::Pretraining;
  std::vector<GlyphFont> fonts;   // the fonts drawing it, in the order instances cycle through
  std::vector<char32_t> letters;  // its classes, ascending
  int usable_letters = 0;         // letters some font draws, before thinning to the class cap
};

struct GlyphManifest {
  std::string path;                                 // OUT/manifest.json
  std::vector<ScriptInfo> scripts;                  // the rendered ones, sorted by name
  std::array<int64_t, kGlyphSplitCount> classes{};  // per split (GlyphSplit order)
  std::array<int64_t, kGlyphSplitCount> script_counts{};
  int64_t images = 0;
  double seconds = 0.0;
  Json json;  // what manifest.json holds
};

// The scripts (with fonts, letters and split) that render_glyphs would draw for `config`, found
// by reading the fonts' character maps and rasterizing each candidate letter once; draws no
// instance and writes nothing. Takes a few seconds for the Noto packages.
std::vector<ScriptInfo> list_glyph_scripts(const GlyphConfig& config);

// Renders the dataset into `out_dir` (created if missing). Reports ProgressEvent{"glyph-fonts",
// ...} and {"glyph-letters", ...} while planning, {"render-glyphs", classes done, classes} while
// drawing (on the calling thread); honours pause and cancel of ctx.cancel. ctx.seed and
// ctx.device are not used (config.seed is the seed). manifest.json is written first with
// "complete": false and rewritten with "complete": true at the end.
GlyphManifest render_glyphs(const GlyphConfig& config, const std::string& out_dir,
                            const JobContext& ctx);

// "Thai_0E01_ก": the class folder name; the character is left out (→ "Thai_0E01") when
// with_char is false or the character is not safe in a file name.
std::string glyph_class_folder(const std::string& script, char32_t cp, bool with_char = true);

}  // namespace lrc
