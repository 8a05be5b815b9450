#include "api/glyphs.h"

#include <algorithm>

#include "api/internal.h"
#include "data/glyphs.h"
#include "io/error.h"
#include "io/text.h"

namespace lrc::api {

namespace {

// The classes listed per script: enough to recognize the script at a glance.
constexpr size_t kFirstLetters = 8;

// "pretraining=Latin,Greek;zoo=Thai;evaluation=Lao" → script → group.
std::map<std::string, GlyphSplit> parse_split_scripts(const std::string& text) {
  std::map<std::string, GlyphSplit> out;
  for (const std::string& part : split_list(text, ';')) {
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    if (eq == std::string::npos)
      throw InputError("--split-scripts: \"" + part + "\" is not GROUP=SCRIPT,SCRIPT,...");
    const GlyphSplit split = parse_glyph_split(part.substr(0, eq));
    for (const std::string& name : split_list(part.substr(eq + 1))) {
      if (name.empty()) continue;
      if (!out.emplace(name, split).second)
        throw InputError("--split-scripts: script \"" + name + "\" is given twice");
    }
  }
  return out;
}

// "A,B" → {"A", "B"} (empty items dropped).
std::vector<std::string> parse_names(const std::string& text) {
  std::vector<std::string> out;
  for (std::string& name : split_list(text))
    if (!name.empty()) out.push_back(std::move(name));
  return out;
}

GlyphConfig glyph_config(const GlyphSettings& s) {
  GlyphConfig c;
  c.size = s.size;
  c.per_class = s.per_class;
  c.seed = s.seed;
  c.min_letters_per_script = s.min_letters_per_script;
  c.max_classes_per_script = s.max_classes_per_script;
  c.min_fonts_per_script = s.min_fonts_per_script;
  c.max_fonts_per_script = std::max(s.min_fonts_per_script, s.max_fonts_per_script);
  c.max_rendered_classes_per_script = s.classes_per_script;
  c.threads = s.threads;
  c.overwrite = s.overwrite;
  if (!s.split_scripts.empty()) c.split_override = parse_split_scripts(s.split_scripts);
  if (!s.scripts.empty()) c.only_scripts = parse_names(s.scripts);
  if (!s.font_dirs.empty()) c.font_dirs = s.font_dirs;
  c.validate();
  return c;
}

std::string first_letters(const ScriptInfo& s) {
  std::string out;
  for (size_t i = 0; i < s.letters.size() && i < kFirstLetters; ++i)
    out += utf8_encode(s.letters[i]);
  return out;
}

}  // namespace

std::vector<std::string> glyph_split_names() {
  std::vector<std::string> out;
  for (int g = 0; g < kGlyphSplitCount; ++g) out.push_back(glyph_split_name(GlyphSplit(g)));
  return out;
}

std::vector<GlyphScript> list_glyph_scripts(const GlyphSettings& settings) {
  return without_torch_backtraces([&] {
    std::vector<GlyphScript> out;
    for (const ScriptInfo& s : lrc::list_glyph_scripts(glyph_config(settings)))
      out.push_back(GlyphScript{s.name, glyph_split_name(s.split), int64_t(s.fonts.size()),
                                s.usable_letters, int64_t(s.letters.size()), first_letters(s)});
    return out;
  });
}

GlyphRenderOutcome render_glyphs(const GlyphSettings& settings, const std::string& out_dir,
                                 const JobCallbacksPlain& callbacks, const JobControl& control) {
  return without_torch_backtraces([&] {
    const GlyphConfig config = glyph_config(settings);
    if (out_dir.empty()) throw InputError("choose a folder to render the glyphs into");
    JobContext ctx;
    ctx.seed = config.seed;
    ctx.cancel = &control.token();
    ctx.callbacks = core_callbacks(callbacks, out_dir, {});
    const GlyphManifest m = lrc::render_glyphs(config, out_dir, ctx);
    GlyphRenderOutcome o;
    for (int g = 0; g < kGlyphSplitCount; ++g)
      o.splits.push_back(GlyphSplitCount{glyph_split_name(GlyphSplit(g)),
                                         m.script_counts[size_t(g)], m.classes[size_t(g)]});
    o.images = m.images;
    o.seconds = m.seconds;
    o.manifest_path = m.path;
    return o;
  });
}

}  // namespace lrc::api
