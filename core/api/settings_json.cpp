#include "api/settings_json.h"

namespace lrc::api {

namespace {

// One list of fields per struct, walked by a writer and a reader, so the two cannot drift.
template <typename S, typename V>
void inversion_fields(S& s, V&& v) {
  v("adapter_path", s.adapter_path);
  v("classes", s.classes);
  v("class_selection", s.class_selection);
  v("per_class", s.per_class);
  v("iterations", s.iterations);
  v("lr", s.lr);
  v("prior_path", s.prior_path);
  v("bn_weight", s.bn_weight);
  v("tv_weight", s.tv_weight);
  v("l2_weight", s.l2_weight);
  v("jitter", s.jitter);
  v("flip", s.flip);
  v("batch", s.batch);
  v("prune_layers", s.prune_layers);
  v("prune_ratios", s.prune_ratios);
  v("prune_start_fraction", s.prune_start_fraction);
  v("mask_ratio", s.mask_ratio);
  v("seed", s.seed);
  v("snapshot_every", s.snapshot_every);
  v("threads", s.threads);
  v("precision", s.precision);
  v("out_dir", s.out_dir);
  v("write_pngs", s.write_pngs);
  v("model_label", s.model_label);
}

template <typename S, typename V>
void meta_train_fields(S& s, V&& v) {
  v("adapter_paths", s.adapter_paths);
  v("zoo_dir", s.zoo_dir);
  v("real_data_dir", s.real_data_dir);
  v("pool_dir", s.pool_dir);
  v("invert_missing", s.invert_missing);
  v("invert_on_the_fly", s.invert_on_the_fly);
  v("inversion", s.inversion);
  v("mix_sources", s.mix_sources);
  v("way", s.way);
  v("shot", s.shot);
  v("query", s.query);
  v("episodes", s.episodes);
  v("episodes_per_step", s.episodes_per_step);
  v("join_environment_group", s.join_environment_group);
  v("dist_timeout_s", s.dist_timeout_s);
  v("local_processes", s.local_processes);
  v("helper_executable", s.helper_executable);
  v("mask_ratio", s.mask_ratio);
  v("lr", s.lr);
  v("cycle", s.cycle);
  v("warmup", s.warmup);
  v("rank", s.rank);
  v("alpha", s.alpha);
  v("targets", s.targets);
  v("metric", s.metric);
  v("cosine_scale", s.cosine_scale);
  v("kl_weight", s.kl_weight);
  v("val_dir", s.val_dir);
  v("val_pool_dir", s.val_pool_dir);
  v("val_every", s.val_every);
  v("val_episodes", s.val_episodes);
  v("checkpoint_every", s.checkpoint_every);
  v("resume", s.resume);
  v("out_path", s.out_path);
  v("checkpoint_folder", s.checkpoint_folder);
  v("keep_last", s.keep_last);
  v("export_peft_dir", s.export_peft_dir);
  v("seed", s.seed);
  v("threads", s.threads);
  v("precision", s.precision);
}

Json value(const std::string& x) {
  return Json(x);
}
Json value(bool x) {
  return Json(x);
}
Json value(int x) {
  return Json(x);
}
Json value(int64_t x) {
  return Json(x);
}
Json value(uint64_t x) {
  return Json(x);
}  // stored as its int64 bit pattern: exact both ways
Json value(double x) {
  return Json(x);
}
Json value(const InversionSettings& x) {
  return to_json(x);
}
template <typename T>
Json value(const std::vector<T>& xs) {
  Json a = Json::array();
  for (const auto& x : xs) a.push_back(value(x));
  return a;
}

struct Writer {
  Json& out;
  template <typename T>
  void operator()(const char* key, const T& x) const {
    out.append_new_member(key, value(x));
  }
};

void read(const Json& j, std::string& x) {
  x = j.as_string();
}
void read(const Json& j, bool& x) {
  x = j.as_bool();
}
void read(const Json& j, int& x) {
  x = j.as_int32();
}
void read(const Json& j, int64_t& x) {
  x = j.as_int();
}
void read(const Json& j, uint64_t& x) {
  x = static_cast<uint64_t>(j.as_int());
}
void read(const Json& j, double& x) {
  x = j.as_number();
}
void read(const Json& j, InversionSettings& x) {
  x = inversion_settings_from(j);
}
template <typename T>
void read(const Json& j, std::vector<T>& xs) {
  xs.clear();
  for (const auto& e : j.as_array()) {
    T x{};
    read(e, x);
    xs.push_back(std::move(x));
  }
}

struct Reader {
  const Json& in;
  template <typename T>
  void operator()(const char* key, T& x) const {
    const Json* j = in.find(key);
    if (!j || j->is_null()) return;
    try {
      read(*j, x);
    } catch (const std::exception& e) {
      throw InputError(std::string("settings: \"") + key + "\": " + e.what());
    }
  }
};

void require_object(const Json& j) {
  if (!j.is_object()) throw InputError("settings: expected a JSON object");
}

}  // namespace

Json to_json(const InversionSettings& s) {
  Json j = Json::object();
  inversion_fields(s, Writer{j});
  return j;
}

Json to_json(const MetaTrainSettings& s) {
  Json j = Json::object();
  meta_train_fields(s, Writer{j});
  return j;
}

InversionSettings inversion_settings_from(const Json& j) {
  require_object(j);
  InversionSettings s;
  inversion_fields(s, Reader{j});
  return s;
}

MetaTrainSettings meta_train_settings_from(const Json& j) {
  require_object(j);
  MetaTrainSettings s;
  meta_train_fields(s, Reader{j});
  return s;
}

}  // namespace lrc::api
