#include "api/recipe.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "api/internal.h"
#include "io/error.h"
#include "io/json.h"

namespace lrc::api {

namespace {

constexpr size_t kMaxRecipeBytes = size_t(1) << 20;

std::string read_small_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read the recipe");
  std::string text;
  text.resize(kMaxRecipeBytes + 1);
  in.read(text.data(), std::streamsize(text.size()));
  text.resize(size_t(in.gcount()));
  if (text.size() > kMaxRecipeBytes) throw InputError(path + ": the recipe is larger than 1 MiB");
  return text;
}

void check_inversion(const std::string& path, const InversionSettings& s) {
  auto bad = [&](const std::string& what) {
    throw InputError(path + ": inversion." + what + " is out of range");
  };
  if (s.iterations < 1 || s.iterations > 1000000) bad("iterations");
  if (s.per_class < 1 || s.per_class > 4096) bad("per_class");
  if (!(s.lr > 0) || !std::isfinite(s.lr)) bad("lr");
  if (!(s.jitter >= 0 && s.jitter < 1)) bad("jitter_fraction");
  if (!(s.flip >= 0 && s.flip <= 1)) bad("flip_probability");
  if (s.prune_layers.size() != s.prune_ratios.size())
    throw InputError(path + ": inversion.prune_layers and prune_ratios differ in length");
}

void read_meta_train(const std::string& path, const Json& j, MetaTrainSettings& m) {
  m.way = j.get_int32("way", m.way);
  m.shot = j.get_int32("shot", m.shot);
  m.query = j.get_int32("query", m.query);
  m.episodes = j.get_int("episodes", m.episodes);
  m.mask_ratio = j.get_number("mask_ratio", m.mask_ratio);
  m.metric = j.get_string("metric", m.metric);
  m.lr = j.get_number("lr", m.lr);
  m.cosine_scale = j.get_number("cosine_scale", m.cosine_scale);
  m.val_every = j.get_int("val_every", m.val_every);
  m.val_episodes = j.get_int("val_episodes", m.val_episodes);
  if (m.way < 2 || m.shot < 1 || m.query < 1 || m.episodes < 1 || !(m.lr > 0) ||
      m.mask_ratio >= 1 || (m.metric != "cosine" && m.metric != "sqeuclidean"))
    throw InputError(path + ": meta_train holds a value out of range");
}

}  // namespace

Recipe read_recipe(const std::string& path) {
  const std::string text = read_small_file(path);
  Json j;
  try {
    j = Json::parse(text);
  } catch (const std::exception& e) {
    throw InputError(path + ": not a valid recipe (" + e.what() + ")");
  }
  if (!j.is_object() || j.get_string("format", "") != "lrc-recipe")
    throw InputError(path + ": not a recipe (\"format\": \"lrc-recipe\" expected)");
  Recipe r;
  r.path = path;
  try {
    if (const Json* inv = j.find("inversion"); inv && inv->is_object())
      r.inversion = inversion_settings_from_json(*inv, r.inversion);
    r.inversion_seconds_per_image_iteration = j.get_number("inversion_seconds_per_image_iteration",
                                                           r.inversion_seconds_per_image_iteration);
    r.measured_on = j.get_string("measured_on", "");
    if (const Json* meta = j.find("meta_train"); meta && meta->is_object())
      read_meta_train(path, *meta, r.meta_train);
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {  // a value of the wrong type
    throw InputError(path + ": " + e.what());
  }
  check_inversion(path, r.inversion);
  if (!(r.inversion_seconds_per_image_iteration > 0))
    r.inversion_seconds_per_image_iteration = std::numeric_limits<double>::quiet_NaN();
  r.meta_train.inversion = r.inversion;
  return r;
}

double estimated_inversion_seconds(const Recipe& recipe, const InversionSettings& s, int classes) {
  return recipe.inversion_seconds_per_image_iteration * double(s.iterations) * double(s.per_class) *
         double(std::max(classes, 0));
}

}  // namespace lrc::api
