// The "Glyphs" benchmark behind the facade (core/api, plain types): listing and rendering the
// letters of many scripts from the installed fonts (data/glyphs.h has the method). Same
// conventions as jobs.h: settings with the core's defaults, a blocking runner reporting through
// JobCallbacksPlain and stopped through a JobControl; InputError naming the setting or folder.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/jobs.h"

namespace lrc::api {

// data/glyphs.h GlyphConfig's defaults.
struct GlyphSettings {
  int size = 32;       // image side in pixels (RGB)
  int per_class = 20;  // instances per class
  uint64_t seed = 0;   // distortions, colours and the split of scripts
  int min_letters_per_script = 20;
  int max_classes_per_script = 40;
  int min_fonts_per_script = 2;
  int max_fonts_per_script = 8;  // raised to min_fonts_per_script when below it
  // Scripts pinned to a group: "pretraining=Latin,Greek;evaluation=Thai".
  std::string split_scripts;
  std::string scripts;                 // render only these, "A,B" (the split is unchanged)
  int classes_per_script = 0;          // render only the first N classes of each script; 0: all
  std::vector<std::string> font_dirs;  // empty: the Noto font folders
  int threads = 0;                     // 0: twice the cores; the output does not depend on it
  bool overwrite = false;              // replace an earlier render in the output folder
};

// The groups scripts are split into, in order: "pretraining", "zoo", "evaluation".
std::vector<std::string> glyph_split_names();

struct GlyphScript {
  std::string name;  // Unicode's, e.g. "Canadian_Aboriginal"
  std::string split;
  int64_t fonts = 0;
  int64_t usable_letters = 0;  // before thinning to the class cap
  int64_t classes = 0;
  std::string first_letters;  // UTF-8, the first few classes
};

// The scripts a render would draw (a few seconds: the fonts' character maps are read); draws and
// writes nothing.
std::vector<GlyphScript> list_glyph_scripts(const GlyphSettings& settings);

struct GlyphSplitCount {
  std::string split;
  int64_t scripts = 0;
  int64_t classes = 0;
};

struct GlyphRenderOutcome {
  std::vector<GlyphSplitCount> splits;  // glyph_split_names() order
  int64_t images = 0;
  double seconds = 0.0;
  std::string manifest_path;
};

// Renders into out_dir/<split>/<Script>_<HEX>_<char>/<k>.png and out_dir/manifest.json.
GlyphRenderOutcome render_glyphs(const GlyphSettings& settings, const std::string& out_dir,
                                 const JobCallbacksPlain& callbacks, const JobControl& control);

}  // namespace lrc::api
