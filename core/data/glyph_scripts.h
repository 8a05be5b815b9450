// The letters of each writing system, for the Glyphs benchmark renderer (data/glyphs.h): script
// name (Unicode's long property value name, e.g. "Old_Italic") → code point ranges of its letters.
// Pure data; no dependencies.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace lrc {

struct ScriptLetters {
  std::string name;
  std::vector<std::pair<char32_t, char32_t>> ranges;  // inclusive, ascending, disjoint
};

// Every script in the table, sorted by name. The letters are the code points of Unicode 14 whose
// general category is Lu, Ll, Lt or Lo and that have no decomposition (so no precomposed
// accented letters, presentation forms or compatibility variants), without digits, marks or
// punctuation. Han, Hangul, Kana, Bopomofo and Khitan are left out (no font for them in the Noto
// core packages, and their size would swamp the rest). Thread-safe (built once).
const std::vector<ScriptLetters>& glyph_script_table();

}  // namespace lrc
