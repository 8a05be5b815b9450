// render-glyphs --out DIR: the "Glyphs" benchmark (letters of many scripts drawn from the
// installed Noto fonts) as an image-folder tree, split by script; --list shows the plan only.
// A thin adapter: flags → api::GlyphSettings → core/api → print.
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>

#include "api/glyphs.h"
#include "commands.h"
#include "io/error.h"
#include "parse.h"
#include "progress.h"

namespace lrc::cli {

namespace {

// Far beyond any sensible image; CLI11 itself rejects counts that do not fit an int.
constexpr int kMaxImageSize = 1024;

// Every render-glyphs flag, bound to the one settings struct: the defaults shown in the help are
// api::GlyphSettings' (the core's).
struct GlyphFlags {
  api::GlyphSettings s;
  ComputeFlags compute;
  std::string out;
  bool list = false;
};

void declare_glyph_options(CLI::App& app, GlyphFlags& f) {
  api::GlyphSettings& s = f.s;
  app.add_option("--out", f.out, "the render: DIR/<split>/<Script>_<HEX>_<char>/<k>.png");
  app.add_option("--size", s.size, "image side in pixels (RGB)")
      ->capture_default_str()
      ->check(CLI::Range(8, kMaxImageSize));
  app.add_option("--per-class", s.per_class, "instances per class (fonts x weights x distortions)")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--max-per-script", s.max_classes_per_script,
                 "classes per script at most (letters thinned evenly)")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--min-letters", s.min_letters_per_script,
                 "leave out scripts with fewer usable letters")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--min-fonts", s.min_fonts_per_script, "leave out scripts drawn by fewer fonts")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--max-fonts", s.max_fonts_per_script, "fonts per script at most")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--split-scripts", s.split_scripts,
                 "pin scripts: \"pretraining=Latin,Greek;evaluation=Thai\"");
  app.add_option("--scripts", s.scripts, "render only these scripts, A,B (the split is unchanged)");
  app.add_option("--classes-per-script", s.classes_per_script,
                 "render only the first N classes of each script (0: all)")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_option("--font-dir", s.font_dirs,
                 "where fonts are looked for (repeatable; default: the Noto font folders)")
      ->expected(1)
      ->allow_extra_args(false)  // one folder per occurrence
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_flag("--list", f.list, "print the scripts, their split and classes; render nothing");
  app.add_flag("--overwrite", s.overwrite, "replace an earlier render in DIR");
  add_compute_options(app, f.compute);
}

void print_totals(const std::vector<api::GlyphSplitCount>& splits) {
  for (const auto& g : splits)
    std::printf("%-12s %3lld scripts %5lld classes\n", g.split.c_str(),
                static_cast<long long>(g.scripts), static_cast<long long>(g.classes));
}

int print_list(const api::GlyphSettings& settings) {
  const auto scripts = api::list_glyph_scripts(settings);
  std::printf("%-24s %-12s %5s %7s %7s  %s\n", "script", "split", "fonts", "usable", "classes",
              "first letters");
  std::map<std::string, api::GlyphSplitCount> per_split;
  for (const auto& s : scripts) {
    std::printf("%-24s %-12s %5lld %7lld %7lld  %s\n", s.name.c_str(), s.split.c_str(),
                static_cast<long long>(s.fonts), static_cast<long long>(s.usable_letters),
                static_cast<long long>(s.classes), s.first_letters.c_str());
    per_split[s.split].classes += s.classes;
    ++per_split[s.split].scripts;
  }
  std::vector<api::GlyphSplitCount> totals;
  for (const auto& name : api::glyph_split_names()) {
    api::GlyphSplitCount g = per_split[name];
    g.split = name;
    totals.push_back(g);
  }
  print_totals(totals);
  return 0;
}

void print_summary(const api::GlyphRenderOutcome& o) {
  print_totals(o.splits);
  std::printf("%lld images in %s (%s)\nmanifest: %s\n", static_cast<long long>(o.images),
              format_duration(o.seconds).c_str(), (std::to_string(o.seconds) + " s").c_str(),
              o.manifest_path.c_str());
}

int run_render_glyphs(GlyphFlags& f) {
  setup_compute(f.compute);
  f.s.seed = f.compute.seed;
  f.s.threads = f.compute.threads;
  if (f.list) return print_list(f.s);
  if (f.out.empty()) throw InputError("\"render-glyphs\" needs --out");
  ProgressLine progress;
  const auto o = api::render_glyphs(f.s, f.out, progress.plain_callbacks(), interrupt_control());
  progress.finish();
  print_summary(o);
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
