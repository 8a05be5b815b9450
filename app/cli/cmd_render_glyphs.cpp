// render-glyphs --out DIR: the "Glyphs" benchmark (letters of many scripts drawn from the
// installed Noto fonts) as an image-folder tree, split by script; --list shows the plan only.
#include <array>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "data/glyphs.h"
#include "io/error.h"
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

// Upper bound of the integer options: far beyond any sensible value, well inside int.
constexpr long long kMaxOption = 1 << 20;
constexpr long long kMaxImageSize = 1024;

int bounded(const Args& args, const std::string& name, long long fallback, long long min,
            long long max = kMaxOption) {
  const long long v = args.get_int(name, fallback);
  if (v < min || v > max)
    throw InputError("--" + name + " must be between " + std::to_string(min) + " and " +
                     std::to_string(max));
  return int(v);
}

GlyphConfig config_from(const Args& args, const Compute& compute) {
  GlyphConfig c;
  c.size = bounded(args, "size", c.size, 8, kMaxImageSize);
  c.per_class = bounded(args, "per-class", c.per_class, 1);
  c.seed = compute.seed;
  c.max_classes_per_script = bounded(args, "max-per-script", c.max_classes_per_script, 1);
  c.min_letters_per_script = bounded(args, "min-letters", c.min_letters_per_script, 1);
  c.min_fonts_per_script = bounded(args, "min-fonts", c.min_fonts_per_script, 1);
  c.max_fonts_per_script =
      std::max(c.min_fonts_per_script, bounded(args, "max-fonts", c.max_fonts_per_script, 1));
  c.max_rendered_classes_per_script = bounded(args, "classes-per-script", 0, 0);
  c.threads = bounded(args, "threads", 0, 0);
  c.overwrite = args.flag("overwrite");
  if (args.has("split-scripts")) c.split_override = parse_split_scripts(args.get("split-scripts"));
  if (args.has("scripts")) c.only_scripts = parse_names(args.get("scripts"));
  if (args.has("font-dir")) c.font_dirs = args.get_all("font-dir");
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

int run_render_glyphs(const Args& args) {
  const Compute compute = setup_compute(args);
  const GlyphConfig config = config_from(args, compute);
  if (args.flag("list")) return print_list(config);
  ProgressLine progress;
  JobContext ctx;
  ctx.seed = compute.seed;
  ctx.cancel = interrupt_token();
  ctx.callbacks = progress.callbacks();
  const GlyphManifest m = render_glyphs(config, args.require("out"), ctx);
  progress.finish();
  print_summary(m);
  return 0;
}

const CommandRegistrar registrar(Command{
    "render-glyphs", "render the Glyphs benchmark (letters of many scripts) from installed fonts",
    "usage: lora-recycle-cli render-glyphs --out DIR [--size 32] [--per-class 20] [--seed 0]\n"
    "                                      [--max-per-script 40] [--list] [--overwrite]\n"
    "  Draws letters of many writing systems from the Noto fonts (fonts-noto-core/-extra) into\n"
    "  DIR/<split>/<Script>_<HEX>_<char>/<k>.png and DIR/manifest.json; scripts are split into\n"
    "  pretraining / zoo / evaluation groups (seeded). Same seed, same fonts: same bytes.\n"
    "  --size N               image side in pixels (RGB)\n"
    "  --per-class N          instances per class (fonts x weights x distortions)\n"
    "  --max-per-script N     classes per script at most (letters thinned evenly)\n"
    "  --min-letters N        leave out scripts with fewer usable letters (20)\n"
    "  --min-fonts N          leave out scripts drawn by fewer fonts (2); --max-fonts N (8)\n"
    "  --split-scripts SPEC   pin scripts: \"pretraining=Latin,Greek;evaluation=Thai\"\n"
    "  --scripts A,B          render only these scripts (the split is unchanged)\n"
    "  --classes-per-script N render only the first N classes of each script\n"
    "  --font-dir DIR         where fonts are looked for (repeatable)\n"
    "  --list                 print the scripts, their split and classes; render nothing\n"
    "  --overwrite            replace an earlier render in DIR\n"
    "  --threads N  --seed S\n",
    with_compute_options(OptionSpec{
        {"out", "size", "per-class", "max-per-script", "min-letters", "min-fonts", "max-fonts",
         "split-scripts", "scripts", "classes-per-script", "font-dir"},
        {"list", "overwrite"}}),
    run_render_glyphs});

}  // namespace
}  // namespace lrc::cli
