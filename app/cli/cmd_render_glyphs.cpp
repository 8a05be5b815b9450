// render-glyphs --out DIR: the "Glyphs" benchmark (letters of many scripts drawn from the
// installed Noto fonts) as an image-folder tree, split by script; --list shows the plan only.
#include <algorithm>
#include <array>
#include <cstdio>
#include <iostream>
#include <memory>

#include "commands.h"
#include "data/glyphs.h"
#include "io/error.h"
#include "parse.h"
#include "progress.h"

namespace lrc::cli {

namespace {

// "pretraining=Latin,Greek;zoo=Thai;evaluation=Lao" → script → group.
std::map<std::string, GlyphSplit> parse_split_scripts(const std::string& text) {
  std::map<std::string, GlyphSplit> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find(';', pos);
    if (end == std::string::npos) end = text.size();
    const std::string part = text.substr(pos, end - pos);
    pos = end + 1;
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    if (eq == std::string::npos)
      throw InputError("--split-scripts: \"" + part + "\" is not GROUP=SCRIPT,SCRIPT,...");
    const GlyphSplit split = parse_glyph_split(part.substr(0, eq));
    std::string names = part.substr(eq + 1) + ",";
    for (size_t p = 0, comma; (comma = names.find(',', p)) != std::string::npos; p = comma + 1) {
      const std::string name = names.substr(p, comma - p);
      if (name.empty()) continue;
      if (!out.emplace(name, split).second)
        throw InputError("--split-scripts: script \"" + name + "\" is given twice");
    }
  }
  return out;
}

std::vector<std::string> parse_names(const std::string& text) {
  std::vector<std::string> out;
  std::string rest = text + ",";
  for (size_t p = 0, comma; (comma = rest.find(',', p)) != std::string::npos; p = comma + 1)
    if (comma > p) out.push_back(rest.substr(p, comma - p));
  return out;
}

// Far beyond any sensible image; CLI11 itself rejects counts that do not fit an int.
constexpr int kMaxImageSize = 1024;

// Every render-glyphs flag, bound to the core's GlyphConfig (its defaults show in the help).
struct GlyphFlags {
  GlyphConfig config;
  ComputeFlags compute;
  std::string out, split_scripts, scripts;
  std::vector<std::string> font_dirs;
  bool list = false;
};

void declare_glyph_options(CLI::App& app, GlyphFlags& f) {
  GlyphConfig& c = f.config;
  app.add_option("--out", f.out, "the render: DIR/<split>/<Script>_<HEX>_<char>/<k>.png");
  app.add_option("--size", c.size, "image side in pixels (RGB)")
      ->capture_default_str()
      ->check(CLI::Range(8, kMaxImageSize));
  app.add_option("--per-class", c.per_class, "instances per class (fonts x weights x distortions)")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--max-per-script", c.max_classes_per_script,
                 "classes per script at most (letters thinned evenly)")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--min-letters", c.min_letters_per_script,
                 "leave out scripts with fewer usable letters")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--min-fonts", c.min_fonts_per_script, "leave out scripts drawn by fewer fonts")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--max-fonts", c.max_fonts_per_script, "fonts per script at most")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--split-scripts", f.split_scripts,
                 "pin scripts: \"pretraining=Latin,Greek;evaluation=Thai\"");
  app.add_option("--scripts", f.scripts, "render only these scripts, A,B (the split is unchanged)");
  app.add_option("--classes-per-script", c.max_rendered_classes_per_script,
                 "render only the first N classes of each script (0: all)")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_option("--font-dir", f.font_dirs,
                 "where fonts are looked for (repeatable; default: the Noto font folders)")
      ->expected(1)
      ->allow_extra_args(false)  // one folder per occurrence
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_flag("--list", f.list, "print the scripts, their split and classes; render nothing");
  app.add_flag("--overwrite", c.overwrite, "replace an earlier render in DIR");
  add_compute_options(app, f.compute);
}

// What CLI11 cannot check alone: the script lists and the flags shared with the compute options.
GlyphConfig config_from(const GlyphFlags& f, const Compute& compute) {
  GlyphConfig c = f.config;
  c.seed = compute.seed;
  c.max_fonts_per_script = std::max(c.min_fonts_per_script, c.max_fonts_per_script);
  c.threads = f.compute.threads;
  if (!f.split_scripts.empty()) c.split_override = parse_split_scripts(f.split_scripts);
  if (!f.scripts.empty()) c.only_scripts = parse_names(f.scripts);
  if (!f.font_dirs.empty()) c.font_dirs = f.font_dirs;
  c.validate();
  return c;
}

std::string sample_letters(const ScriptInfo& s, size_t count) {
  std::string out;
  for (size_t i = 0; i < s.letters.size() && i < count; ++i) out += utf8_encode(s.letters[i]);
  return out;
}

int print_list(const GlyphConfig& config) {
  const auto scripts = list_glyph_scripts(config);
  std::array<int64_t, kGlyphSplitCount> classes{}, counts{};
  std::printf("%-24s %-12s %5s %7s %7s  %s\n", "script", "split", "fonts", "usable", "classes",
              "first letters");
  for (const auto& s : scripts) {
    std::printf("%-24s %-12s %5zu %7d %7zu  %s\n", s.name.c_str(), glyph_split_name(s.split),
                s.fonts.size(), s.usable_letters, s.letters.size(), sample_letters(s, 8).c_str());
    classes[size_t(s.split)] += int64_t(s.letters.size());
    ++counts[size_t(s.split)];
  }
  for (int g = 0; g < kGlyphSplitCount; ++g)
    std::printf("%-12s %3lld scripts %5lld classes\n", glyph_split_name(GlyphSplit(g)),
                static_cast<long long>(counts[size_t(g)]),
                static_cast<long long>(classes[size_t(g)]));
  return 0;
}

void print_summary(const GlyphManifest& m) {
  for (int g = 0; g < kGlyphSplitCount; ++g)
    std::printf("%-12s %3lld scripts %5lld classes\n", glyph_split_name(GlyphSplit(g)),
                static_cast<long long>(m.script_counts[size_t(g)]),
                static_cast<long long>(m.classes[size_t(g)]));
  std::printf("%lld images in %s (%s)\nmanifest: %s\n", static_cast<long long>(m.images),
              format_duration(m.seconds).c_str(), (std::to_string(m.seconds) + " s").c_str(),
              m.path.c_str());
}

int run_render_glyphs(const GlyphFlags& f) {
  const Compute compute = setup_compute(f.compute);
  const GlyphConfig config = config_from(f, compute);
  if (f.list) return print_list(config);
  if (f.out.empty()) throw InputError("\"render-glyphs\" needs --out");
  ProgressLine progress;
  JobContext ctx;
  ctx.seed = compute.seed;
  ctx.cancel = interrupt_token();
  ctx.callbacks = progress.callbacks();
  const GlyphManifest m = render_glyphs(config, f.out, ctx);
  progress.finish();
  print_summary(m);
  return 0;
}

const CommandRegistrar registrar([] {
  Command c;
  c.name = "render-glyphs";
  c.summary = "render the Glyphs benchmark (letters of many scripts) from installed fonts";
  c.declare = [](CLI::App& app) -> std::function<int()> {
    auto f = std::make_shared<GlyphFlags>();
    declare_glyph_options(app, *f);
    app.footer(
        "Draws letters of many writing systems from the Noto fonts (fonts-noto-core/-extra) into\n"
        "DIR/<split>/<Script>_<HEX>_<char>/<k>.png and DIR/manifest.json; scripts are split into\n"
        "pretraining / zoo / evaluation groups (seeded). Same seed, same fonts: same bytes.");
    return [f] { return run_render_glyphs(*f); };
  };
  return c;
}());

}  // namespace
}  // namespace lrc::cli
