// The embedded default's recipe (api/recipe.h): the shipped file reads and holds the settings
// scripts/make-default.sh inverted with; broken recipes are refused naming the file and the
// problem; the time estimate scales with the work.
#include <cmath>
#include <fstream>

#include "api/recipe.h"
#include "api/recorded_accuracy.h"
#include "harness.h"

using namespace lrc;

namespace {

std::string write(const std::string& name, const std::string& text) {
  const std::string path = test::scratch_dir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

}  // namespace

LRC_TEST(the_shipped_recipe_reads_with_the_glyph_settings) {
  const std::string path = test::data_dir() + "/../../resources/default/recipe.json";
  CHECK(std::ifstream(path).good());  // committed: missing is a regression, not a skip
  const api::Recipe r = api::read_recipe(path);
  // Letters are neither mirror- nor shift-invariant: the recipe turns both augmentations off,
  // where the generic defaults (made for photographs) keep them on.
  CHECK_EQ(r.inversion.flip, 0.0);
  CHECK_EQ(r.inversion.jitter, 0.0);
  CHECK(r.inversion.iterations < api::InversionSettings{}.iterations);
  CHECK_EQ(r.meta_train.inversion.per_class, r.inversion.per_class);
  CHECK(r.meta_train.shot + r.meta_train.query <= r.inversion.per_class);
  CHECK(r.inversion_seconds_per_image_iteration > 0);
}

LRC_TEST(estimate_scales_with_iterations_images_and_classes) {
  api::Recipe r;
  r.inversion_seconds_per_image_iteration = 0.002;
  api::InversionSettings s;
  s.iterations = 100;
  s.per_class = 6;
  CHECK(std::abs(api::estimated_inversion_seconds(r, s, 5) - 6.0) < 1e-9);
  s.iterations = 200;
  CHECK(std::abs(api::estimated_inversion_seconds(r, s, 5) - 12.0) < 1e-9);
  r.inversion_seconds_per_image_iteration = std::nan("");
  CHECK(std::isnan(api::estimated_inversion_seconds(r, s, 5)));
}

LRC_TEST(broken_recipes_name_the_file_and_the_problem) {
  CHECK_THROWS_WITH(api::read_recipe(test::scratch_dir() + "/absent.json"), "absent.json");
  CHECK_THROWS_WITH(api::read_recipe(write("notjson.json", "{ oops")), "notjson.json");
  CHECK_THROWS_WITH(api::read_recipe(write("other.json", R"({"format": "x"})")), "not a recipe");
  CHECK_THROWS_WITH(
      api::read_recipe(
          write("zero.json", R"({"format": "lrc-recipe", "inversion": {"iterations": 0}})")),
      "inversion.iterations is out of range");
  CHECK_THROWS_WITH(
      api::read_recipe(write(
          "prune.json",
          R"({"format": "lrc-recipe", "inversion": {"prune_layers": [1], "prune_ratios": []}})")),
      "prune.json: inversion.prune_layers");
  CHECK_THROWS_WITH(
      api::read_recipe(
          write("metric.json", R"({"format": "lrc-recipe", "meta_train": {"metric": "l1"}})")),
      "metric.json: meta_train holds a value out of range");
  CHECK_THROWS_WITH(
      api::read_recipe(
          write("type.json", R"({"format": "lrc-recipe", "inversion": {"prune_layers": ["a"]}})")),
      "type.json");
}

LRC_TEST(the_recorded_table_gives_plain_and_the_shipped_recycled_row) {
  const std::string path = test::data_dir() + "/../../resources/default/accuracy.json";
  CHECK(std::ifstream(path).good());  // committed: missing is a regression, not a skip
  const auto table = api::read_recorded_accuracy(path);
  CHECK(table.size() >= 4);
  api::RecordedAccuracy plain, recycled;
  CHECK(api::plain_and_recycled(table, "Glyphs 5-way 1-shot", 50, plain, recycled));
  CHECK_EQ(plain.method, std::string("plain VFM + prototypes"));
  CHECK(recycled.method.find("mask 50 %") != std::string::npos);
  CHECK(!api::plain_and_recycled(table, "no such setting", 50, plain, recycled));
}

LRC_TEST(a_broken_table_names_the_file) {
  CHECK_THROWS_WITH(api::read_recorded_accuracy(write("acc1.json", R"({"a": 1})")),
                    "acc1.json: not an accuracy table");
  CHECK_THROWS_WITH(
      api::read_recorded_accuracy(
          write("acc2.json", R"([{"setting": "s", "method": "m", "mean": 42, "ci95": 0.1}])")),
      "fractions");
  CHECK_THROWS_WITH(api::read_recorded_accuracy(write("acc3.json", R"([{"setting": "s"}])")),
                    "acc3.json");
  // The choice of rows: the mask that matches, else the first recycled row.
  const std::vector<api::RecordedAccuracy> t = {{"S", "plain VFM", 0.4, 0.01},
                                                {"S", "LoRA Recycle, mask 0 %", 0.3, 0.01},
                                                {"S", "LoRA Recycle, mask 50 %", 0.5, 0.01}};
  api::RecordedAccuracy p, r;
  CHECK(api::plain_and_recycled(t, "S", 50, p, r));
  CHECK_EQ(r.mean, 0.5);
  CHECK(api::plain_and_recycled(t, "S", 75, p, r));
  CHECK_EQ(r.mean, 0.3);
}
