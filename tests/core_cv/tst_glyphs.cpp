// The Glyphs benchmark renderer (data/glyphs.h) on the installed Noto fonts: the full plan
// (≥ 30 scripts, ≥ 1,200 classes, a split with no script or letter in two groups) and small
// renders (same seed → same bytes whatever the thread count, another seed → other bytes; images
// of the requested size, not blank, instances differing; manifest contents; errors).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "data/dataset.h"
#include "data/glyphs.h"
#include "harness.h"
#include "io/atomic_file.h"
#include "io/error.h"
#include "io/json.h"

using namespace lrc;
namespace fs = std::filesystem;

namespace {

// Skips the calling test when Debian's Noto fonts are absent.
void require_fonts() {
  if (!fs::is_directory("/usr/share/fonts/truetype/noto"))
    LRC_SKIP("no Noto fonts installed (apt-get install fonts-noto-core fonts-noto-extra)");
}

// The full plan, computed once for the tests that look at it.
const std::vector<ScriptInfo>& default_plan() {
  static const std::vector<ScriptInfo> plan = list_glyph_scripts(GlyphConfig{});
  return plan;
}

// A small render: the first script of each group, two classes each, a few instances.
GlyphConfig small_config(uint64_t seed, int threads) {
  GlyphConfig c;
  c.seed = seed;
  c.per_class = 4;
  c.threads = threads;
  c.max_rendered_classes_per_script = 2;
  std::set<GlyphSplit> seen;
  for (const auto& s : default_plan())
    if (seen.insert(s.split).second) {
      c.only_scripts.push_back(s.name);
      c.split_override[s.name] = s.split;  // the same groups whatever the seed
    }
  return c;
}

// Relative path → bytes of every file under `root`.
std::map<std::string, std::string> read_tree(const std::string& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".png")
      out[fs::relative(e.path(), root).string()] = read_text_file(e.path().string());
  return out;
}

constexpr int kPngRgb = 2;

struct PngHeader {
  uint32_t width = 0, height = 0;
  int bit_depth = 0, colour_type = -1;
};

// The IHDR fields of a PNG file's bytes (zeros when it is not a PNG).
PngHeader png_header(const std::string& bytes) {
  PngHeader h;
  if (bytes.size() < 26 || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return h;
  auto be32 = [&](size_t at) {
    uint32_t v = 0;
    for (size_t i = 0; i < 4; ++i) v = (v << 8) | uint8_t(bytes[at + i]);
    return v;
  };
  h.width = be32(16);
  h.height = be32(20);
  h.bit_depth = uint8_t(bytes[24]);
  h.colour_type = uint8_t(bytes[25]);
  return h;
}

std::string render_into(const std::string& name, const GlyphConfig& config) {
  const std::string out = test::scratch_dir() + "/" + name;
  render_glyphs(config, out, JobContext{});
  return out;
}

}  // namespace

LRC_TEST(plan_has_enough_scripts_and_classes) {
  require_fonts();
  const auto& plan = default_plan();
  size_t classes = 0;
  std::array<int, kGlyphSplitCount> scripts_per_group{};
  for (const auto& s : plan) {
    classes += s.letters.size();
    ++scripts_per_group[size_t(s.split)];
    CHECK(int(s.fonts.size()) >= GlyphConfig{}.min_fonts_per_script);
    CHECK(int(s.letters.size()) >= GlyphConfig{}.min_letters_per_script);
    CHECK(int(s.letters.size()) <= GlyphConfig{}.max_classes_per_script);
  }
  std::cerr << plan.size() << " scripts, " << classes << " classes\n";
  CHECK(plan.size() >= 30);
  CHECK(classes >= 1200);
  for (int n : scripts_per_group) CHECK(n > 0);
  // Pretraining is the largest group.
  CHECK(scripts_per_group[0] > scripts_per_group[1] && scripts_per_group[0] > scripts_per_group[2]);
}

LRC_TEST(split_is_disjoint) {
  require_fonts();
  std::map<std::string, GlyphSplit> script_group;
  std::map<char32_t, GlyphSplit> letter_group;
  for (const auto& s : default_plan()) {
    CHECK(script_group.emplace(s.name, s.split).second);  // no script twice
    for (char32_t cp : s.letters) CHECK(letter_group.emplace(cp, s.split).second);
  }
}

LRC_TEST(lookalikes_are_dropped) {
  require_fonts();
  GlyphConfig every_letter;
  every_letter.max_classes_per_script = 100000;
  std::set<char32_t> letters;
  for (const auto& s : list_glyph_scripts(every_letter))
    letters.insert(s.letters.begin(), s.letters.end());
  // Latin / Greek / Cyrillic capital A: one glyph in Noto Sans; only the first stays.
  CHECK(letters.count(U'A') == 1);
  CHECK(letters.count(U'\u0391') == 0);  // GREEK CAPITAL LETTER ALPHA
  CHECK(letters.count(U'\u0410') == 0);  // CYRILLIC CAPITAL LETTER A
  CHECK(letters.count(U'\u03B1') == 1);  // GREEK SMALL LETTER ALPHA: a letter of its own
}

LRC_TEST(split_is_seeded_and_can_be_pinned) {
  require_fonts();
  const auto& plan = default_plan();
  GlyphConfig other;
  other.seed = 7;
  other.split_override = {{"Latin", GlyphSplit::Evaluation}, {"Thai", GlyphSplit::Zoo}};
  const auto moved = list_glyph_scripts(other);
  CHECK(moved.size() == plan.size());
  bool differs = false;
  for (size_t i = 0; i < moved.size() && i < plan.size(); ++i) {
    differs = differs || moved[i].split != plan[i].split;
    if (moved[i].name == "Latin") CHECK(moved[i].split == GlyphSplit::Evaluation);
    if (moved[i].name == "Thai") CHECK(moved[i].split == GlyphSplit::Zoo);
  }
  CHECK(differs);
  other.split_override = {{"Klingon", GlyphSplit::Zoo}};
  CHECK_THROWS_WITH(list_glyph_scripts(other), "Klingon");
}

LRC_TEST(same_seed_gives_identical_bytes) {
  require_fonts();
  const auto a = read_tree(render_into("a", small_config(3, 1)));
  const auto b = read_tree(render_into("b", small_config(3, 2)));
  const auto c = read_tree(render_into("c", small_config(4, 2)));
  CHECK_EQ(a.size(), size_t(3 * 2 * 4));
  CHECK(a == b);
  CHECK(a.size() == c.size());
  size_t same = 0;
  for (const auto& [path, bytes] : a) same += c.count(path) && c.at(path) == bytes;
  CHECK_EQ(same, size_t(0));
}

LRC_TEST(images_have_size_ink_and_differ) {
  require_fonts();
  GlyphConfig config = small_config(5, 0);
  config.size = 40;
  const std::string out = render_into("sized", config);
  for (const auto& [path, bytes] : read_tree(out)) {
    const PngHeader h = png_header(bytes);
    CHECK(h.width == 40 && h.height == 40 && h.bit_depth == 8 && h.colour_type == kPngRgb);
  }
  ViTConfig as_is;  // no resize (same size), pixels scaled to [0, 1]
  as_is.image_size = config.size;
  as_is.preprocess.mean = {0.f, 0.f, 0.f};
  as_is.preprocess.std = {1.f, 1.f, 1.f};
  for (int g = 0; g < kGlyphSplitCount; ++g) {
    // Each split folder is an ordinary image-folder dataset.
    const auto data = open_dataset(out + "/" + glyph_split_name(GlyphSplit(g)));
    CHECK_EQ(data->num_classes(), 2);
    CHECK_EQ(data->size(), 2 * config.per_class);
    for (const auto& members : data->indices_by_class()) {
      auto images = data->images(members, as_is);
      for (int64_t i = 0; i < images.size(0); ++i)
        CHECK(images[i].std().item<double>() > 0.04);  // a glyph on a background, not one colour
      for (int64_t i = 0; i < images.size(0); ++i)
        for (int64_t j = i + 1; j < images.size(0); ++j) CHECK(!torch::equal(images[i], images[j]));
    }
  }
}

LRC_TEST(manifest_records_fonts_split_and_counts) {
  require_fonts();
  const std::string out = render_into("manifest", small_config(6, 0));
  const Json j = Json::parse(read_text_file(out + "/manifest.json"));
  CHECK(j.get_string("dataset", "") == "glyphs");
  CHECK(j.get_string("renderer", "") == kGlyphRendererVersion);
  CHECK(j.get_bool("complete", false));
  CHECK_EQ(j.get_int("seed", -1), 6);
  CHECK_EQ(j.get_int("images", 0), 3 * 2 * 4);
  CHECK(!j.at("packages").get_string("fonts-noto-core", "").empty());
  for (const auto& f : j.at("fonts").as_array()) {
    CHECK(fs::exists(f.at("path").as_string()));
    CHECK(!f.at("family").as_string().empty());
  }
  size_t listed = 0;
  for (int g = 0; g < kGlyphSplitCount; ++g) {
    const char* name = glyph_split_name(GlyphSplit(g));
    listed += j.at("split").at(name).size();
    CHECK_EQ(j.at("counts").at(name).get_int("classes", 0), 2);
  }
  CHECK_EQ(listed, default_plan().size());
  for (const auto& s : j.at("scripts").as_array())
    for (const auto& c : s.at("classes").as_array())
      CHECK(fs::is_directory(out + "/" + s.at("split").as_string() + "/" +
                             c.at("folder").as_string()));
}

LRC_TEST(refuses_bad_settings_and_foreign_folders) {
  GlyphConfig bad;
  bad.size = 4;
  CHECK_THROWS_WITH(bad.validate(), "size");
  bad = GlyphConfig{};
  bad.font_packages = {"fonts-noto; rm -rf /"};
  CHECK_THROWS_WITH(bad.validate(), "not a Debian package name");
  bad = GlyphConfig{};
  bad.font_dirs = {test::scratch_dir() + "/no-fonts-here"};
  CHECK_THROWS_WITH(list_glyph_scripts(bad), "no font files");
  require_fonts();
  GlyphConfig config = small_config(8, 0);
  config.only_scripts = {"Klingon"};
  CHECK_THROWS_WITH(list_glyph_scripts(config), "Klingon");
  config = small_config(8, 0);
  const std::string out = render_into("twice", config);
  CHECK_THROWS_WITH(render_glyphs(config, out, JobContext{}), "--overwrite");
  config.overwrite = true;
  render_glyphs(config, out, JobContext{});
  const std::string foreign = test::scratch_dir() + "/foreign";
  fs::create_directories(foreign + "/zoo");
  CHECK_THROWS_WITH(render_glyphs(config, foreign, JobContext{}), "no glyphs manifest");
}

LRC_TEST(cancel_stops_the_render) {
  require_fonts();
  CancelToken token;
  token.cancel();
  JobContext ctx;
  ctx.cancel = &token;
  CHECK_THROWS_WITH(render_glyphs(small_config(9, 0), test::scratch_dir() + "/cancel", ctx),
                    "cancelled");
}

LRC_TEST(class_folders_are_filesystem_safe) {
  CHECK(glyph_class_folder("Latin", U'A') == "Latin_0041_A");
  CHECK(glyph_class_folder("Thai", U'\u0E01') == "Thai_0E01_\xE0\xB8\x81");
  CHECK(glyph_class_folder("Thai", U'\u0E01', false) == "Thai_0E01");
  CHECK(glyph_class_folder("X", U'/') == "X_002F");
  CHECK(glyph_class_folder("X", U'\u200F') == "X_200F");  // RIGHT-TO-LEFT MARK
  CHECK(glyph_class_folder("Old_Italic", U'\U00010300') == "Old_Italic_10300_\xF0\x90\x8C\x80");
}
