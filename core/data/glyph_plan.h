// What the Glyphs renderer draws, decided before any instance is drawn: the fonts of each script,
// its letters, where a letter sits in the image, and the split. Internal to lrc_core
// (data/glyphs.h is the public face).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "data/glyph_fonts.h"
#include "data/glyphs.h"

namespace lrc {

// Where the letters of a script sit in one of its fonts (em units, y up from the baseline): the
// usual extent of its letters, so that small letters stay small (o / O) and descenders descend.
struct GlyphFrame {
  double y0 = 0, y1 = 1;  // usual bottom and top
  double width = 1;       // usual ink width
  double extent() const { return std::max(y1 - y0, width); }
};

struct PlannedClass {
  char32_t cp = 0;
  std::vector<int> fonts;  // indices into ScriptInfo::fonts of the fonts that draw it
};

struct PlannedScript {
  ScriptInfo info;
  std::vector<GlyphFrame> frames;     // per font
  std::vector<PlannedClass> classes;  // one per info.letters entry
};

// Every script that qualifies under `config` (ignoring only_scripts and
// max_rendered_classes_per_script), sorted by name, with its split. Reports
// ProgressEvent{"glyph-fonts", fonts scanned, fonts} then {"glyph-letters", scripts checked,
// scripts} and checks for cancellation when ctx is given.
std::vector<PlannedScript> plan_glyph_scripts(const GlyphConfig& config, const JobContext* ctx);

// The scripts to render: only_scripts (InputError naming an unknown one) and the per-script class
// limit applied.
std::vector<PlannedScript> select_rendered(std::vector<PlannedScript> all,
                                           const GlyphConfig& config);

}  // namespace lrc
