// Writes the hostile-input corpus (issue classes: huge names, many keys, FIFOs, decompression
// bombs, extreme shapes, hopeless models, wrong types, non-finite values, overflowing integers,
// terminal escapes, …) into OUT and the cases to run in OUT/cases.tsv:
//   name  expected-exit  seconds  MiB  stderr-regex  args…   (tab-separated; args run the CLI)
// Generated when the tests run, so nothing large is committed.
// Usage: make_corpus OUT DATA_DIR CLI [DEFAULT_DIR]  (with the embedded default: its cases too)
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "io/json.h"
#include "io/safetensors.h"
#include "model/adapter_io.h"
#include "model/checkpoint.h"
#include "model/vit.h"

namespace fs = std::filesystem;
using lrc::Json;

namespace {

std::string out_dir, data_dir;
std::ofstream cases;

void write_bytes(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

std::string at(const std::string& rel) {
  return (fs::path(out_dir) / rel).string();
}
std::string data(const std::string& rel) {
  return (fs::path(data_dir) / rel).string();
}

void add_case(const std::string& name, int rc, int seconds, int mib, const std::string& err,
              const std::vector<std::string>& args) {
  cases << name << '\t' << rc << '\t' << seconds << '\t' << mib << '\t' << err;
  for (const auto& a : args) cases << '\t' << a;
  cases << '\n';
}

// A safetensors file of empty F32 tensors with the given names (header only, no data).
std::string empty_tensors(const std::vector<std::string>& names) {
  std::vector<lrc::NamedTensor> t;
  t.reserve(names.size());
  for (const auto& n : names) t.push_back({n, torch::empty({0})});
  return lrc::serialize_safetensors(t);
}

// A raw header (for shapes serialize_safetensors would never write) followed by `data` bytes.
std::string raw_safetensors(const Json& header, const std::string& payload = "") {
  std::string text = header.dump();
  uint64_t n = text.size();
  return std::string(reinterpret_cast<const char*>(&n), 8) + text + payload;
}

void copy_folder(const std::string& from, const std::string& to) {
  fs::remove_all(to);
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive);
}

Json read_json(const std::string& p) {
  std::ifstream in(p);
  std::string s((std::istreambuf_iterator<char>(in)), {});
  return Json::parse(s);
}

void write_json(const std::string& p, const Json& j) {
  write_bytes(p, j.dump(2));
}

// A PEFT folder copied from the fixtures with adapter_config.json changed by `edit`.
template <class F>
std::string peft_variant(const std::string& name, F edit) {
  const std::string dir = at(name);
  copy_folder(data("adapters/hf_clip_peft"), dir);
  Json cfg = read_json(dir + "/adapter_config.json");
  edit(cfg);
  write_json(dir + "/adapter_config.json", cfg);
  return dir;
}

uint32_t be32(uint32_t v) {
  return __builtin_bswap32(v);
}

std::string png_claiming(uint32_t w, uint32_t h) {
  std::string s("\x89PNG\r\n\x1a\n", 8);
  s += std::string("\0\0\0\x0d", 4) + "IHDR";
  uint32_t bw = be32(w), bh = be32(h);
  s += std::string(reinterpret_cast<char*>(&bw), 4) + std::string(reinterpret_cast<char*>(&bh), 4);
  s += std::string("\x08\x02\0\0\0", 5) + std::string(4, '\0');  // 8-bit RGB, fake CRC
  s += std::string(2 << 20, 'x');                                // "compressed" garbage
  return s;
}

std::string jpeg_claiming(uint16_t w, uint16_t h) {
  std::string s("\xFF\xD8\xFF\xC0\x00\x11\x08", 7);
  s += char(h >> 8), s += char(h & 255), s += char(w >> 8), s += char(w & 255);
  s += std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
  return s + std::string(4096, '\0');
}

// A real, uncompressed 24-bit BMP (so the extreme shape is decoded, not only claimed).
std::string bmp(int32_t w, int32_t h) {
  const uint32_t row = (uint32_t(w) * 3 + 3) & ~3u, size = 54 + row * uint32_t(h);
  std::string s(54, '\0');
  auto put = [&](size_t at, uint32_t v, int n) {
    for (int i = 0; i < n; ++i) s[at + size_t(i)] = char((v >> (8 * i)) & 255);
  };
  s[0] = 'B', s[1] = 'M';
  put(2, size, 4), put(10, 54, 4), put(14, 40, 4), put(18, uint32_t(w), 4);
  put(22, uint32_t(h), 4), put(26, 1, 2), put(28, 24, 2), put(34, row * uint32_t(h), 4);
  std::string pixels(size_t(row) * size_t(h), '\0');
  for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = char((i * 37) & 255);
  return s + pixels;
}

void model_cases(const std::string& cli) {
  const std::string pixels = data("pixels.safetensors"), timm = data("models/timm");
  const std::string img = data("images/red/0.png");
  // A valid project model whose single-image forward pass needs ~100 GiB (65,537 tokens).
  {
    lrc::ViTConfig c;
    c.name = "hopeless";
    c.family = lrc::ModelFamily::Native;
    c.image_size = 1024, c.patch_size = 4, c.width = 64, c.depth = 1, c.heads = 1, c.mlp_dim = 64;
    lrc::ViT vit(c);
    lrc::save_model(*vit, at("hopeless_model.safetensors"));
    add_case("model_forward_too_big_embed", 2, 30, 1024,
             "hopeless_model.safetensors: one image needs about",
             {cli, "embed", "--model", at("hopeless_model.safetensors"), img});
    add_case("model_forward_too_big_classify", 2, 30, 1024, "forward pass",
             {cli, "classify", "--model", at("hopeless_model.safetensors"), "--support", "a=" + img,
              "--support", "b=" + data("images/green/0.png"), img});
  }
  // A project model with one NaN weight, and one with std 0.
  {
    lrc::ViTConfig c;
    c.name = "nan";
    c.family = lrc::ModelFamily::Native;
    c.image_size = 32, c.patch_size = 8, c.width = 32, c.depth = 1, c.heads = 2, c.mlp_dim = 64;
    lrc::ViT vit(c);
    {
      torch::NoGradGuard g;
      vit->named_parameters().begin()->value().view(-1)[0] = std::nan("");
    }
    lrc::save_model(*vit, at("nan_model.safetensors"));
    add_case("model_nan_weight", 2, 30, 1024, "NaN or infinite",
             {cli, "embed", "--model", at("nan_model.safetensors"), "--pixels", pixels});
  }
  {
    const std::string dir = at("timm_std_zero");
    copy_folder(timm, dir);
    Json cfg = read_json(dir + "/config.json");
    Json& std_ = cfg["pretrained_cfg"]["std"];
    std_ = Json(Json::Array{0.0, 0.0, 0.0});
    write_json(dir + "/config.json", cfg);
    add_case("model_std_zero", 2, 30, 1024, "std .*must be a positive number",
             {cli, "embed", "--model", dir, "--pixels", pixels});
  }
  {
    const std::string dir = at("hf_vit_image_2p32");
    copy_folder(data("models/hf_vit"), dir);
    Json cfg = read_json(dir + "/config.json");
    cfg["image_size"] = Json(int64_t(4294967296LL + 32));
    write_json(dir + "/config.json", cfg);
    add_case("model_int_beyond_2p32", 2, 30, 1024, "image_size.*out of range", {cli, "info", dir});
  }
  {  // shapes whose product would overflow in config_from_shapes (numel 0 passes the size check)
    Json h = Json::object();
    auto entry = [](std::vector<int64_t> shape, int64_t bytes, int64_t begin) {
      Json e = Json::object();
      e["dtype"] = "F32";
      Json s = Json::array();
      for (auto d : shape) s.push_back(Json(d));
      e["shape"] = s;
      e["data_offsets"] = Json(Json::Array{Json(begin), Json(begin + bytes)});
      return e;
    };
    h["cls_token"] = entry({1, 1, 32}, 128, 0);
    h["pos_embed"] = entry({1, int64_t(1) << 62, 0}, 0, 128);
    h["patch_embed.proj.weight"] = entry({32, 3, 4, 4}, 32 * 3 * 16 * 4, 128);
    h["blocks.0.attn.qkv.weight"] = entry({96, 32}, 96 * 32 * 4, 128 + 32 * 3 * 16 * 4);
    write_bytes(at("shape_overflow_model.safetensors"),
                raw_safetensors(h, std::string(128 + 32 * 3 * 16 * 4 + 96 * 32 * 4, '\0')));
    add_case("model_shape_overflow", 2, 30, 1024, "out of range",
             {cli, "info", at("shape_overflow_model.safetensors")});
  }
  {  // config.json nested 100,000 deep
    const std::string dir = at("timm_deep_config");
    copy_folder(timm, dir);
    write_bytes(dir + "/config.json", std::string(100000, '[') + std::string(100000, ']'));
    add_case("model_config_deeply_nested", 2, 30, 1024, "config.json: .*nesting",
             {cli, "info", dir});
  }
  {  // a folder named like a model file
    fs::create_directories(at("folder_model/model.safetensors"));
    add_case("model_weights_are_a_folder", 2, 30, 1024, "folder_model",
             {cli, "embed", "--model", at("folder_model"), "--pixels", pixels});
  }
}

void adapter_cases(const std::string& cli) {
  const std::string pixels = data("pixels.safetensors"), clip = data("models/hf_clip");
  auto embed_with = [&](const std::string& adapter) {
    return std::vector<std::string>{cli,         "embed", "--model",  clip,
                                    "--adapter", adapter, "--pixels", pixels};
  };
  const std::string rank_str = peft_variant("peft_rank_string", [](Json& c) {
    c["rank_pattern"] = Json::object();
    c["rank_pattern"]["q_proj"] = "4";
  });
  add_case("peft_rank_pattern_string", 2, 30, 1024,
           "adapter_config.json: rank_pattern entry \"q_proj\"", {cli, "info", rank_str});
  add_case("peft_rank_pattern_string_embed", 2, 30, 1024, "adapter_config.json: rank_pattern",
           embed_with(rank_str));
  add_case("peft_rank_pattern_fraction", 2, 30, 1024, "rank must be an integer",
           {cli, "info", peft_variant("peft_rank_fraction", [](Json& c) {
              c["rank_pattern"] = Json::object();
              c["rank_pattern"]["q_proj"] = 2.5;
            })});
  add_case("peft_alpha_pattern_string", 2, 30, 1024, "alpha must be a finite number",
           {cli, "info", peft_variant("peft_alpha_string", [](Json& c) {
              c["alpha_pattern"] = Json::object();
              c["alpha_pattern"]["fc1"] = "x";
            })});
  add_case("peft_rank_pattern_regex_bomb", 0, 30, 1024,
           "warning: .*looks like a regular expression",
           embed_with(peft_variant("peft_regex_bomb", [](Json& c) {
             c["rank_pattern"]["(a*)*(a*)*(a*)*b"] = 4;  // kept: the fixture's own entry
           })));
  add_case(
      "peft_r_huge", 2, 30, 1024, "r must be an integer",
      {cli, "info", peft_variant("peft_r_huge", [](Json& c) { c["r"] = Json(int64_t(1) << 40); })});
  add_case("peft_layers_to_transform_none", 2, 30, 1024, "layers_to_transform leaves none",
           {cli, "info", peft_variant("peft_layers_99", [](Json& c) {
              c["layers_to_transform"] = Json(Json::Array{99});
            })});
  add_case("peft_layers_to_transform_2p32", 2, 30, 1024, "out of range",
           {cli, "info", peft_variant("peft_layers_2p32", [](Json& c) {
              c["layers_to_transform"] = Json(Json::Array{Json(int64_t(1) << 32)});
            })});
  {
    const std::string dir = peft_variant("peft_alpha_1e999", [](Json&) {});
    std::ifstream in(dir + "/adapter_config.json");
    std::string s((std::istreambuf_iterator<char>(in)), {});
    const size_t p = s.find("\"lora_alpha\": 8.0");
    s.replace(p, 17, "\"lora_alpha\": 1e999");
    write_bytes(dir + "/adapter_config.json", s);
    add_case("peft_alpha_1e999", 2, 30, 1024, "adapter_config.json", embed_with(dir));
  }
  {  // adapter_config.json is a folder
    const std::string dir = at("peft_config_folder");
    copy_folder(data("adapters/hf_clip_peft"), dir);
    fs::remove(dir + "/adapter_config.json");
    fs::create_directories(dir + "/adapter_config.json");
    add_case("peft_config_is_a_folder", 2, 30, 1024, "adapter_config.json", {cli, "info", dir});
  }
  // Tensor names: 30,000 bytes (stack overflow in std::regex before), 1,000 bytes (parsed).
  for (const auto& [label, len, rc, err] :
       std::vector<std::tuple<std::string, size_t, int, std::string>>{
           {"peft_name_30000", 30000, 2, "a tensor name of 300[0-9]+ bytes"},
           {"peft_name_1000", 1000, 0, "^"}}) {
    const std::string dir = at(label);
    copy_folder(data("adapters/hf_clip_peft"), dir);
    lrc::SafetensorsFile f(dir + "/adapter_model.safetensors");
    std::vector<lrc::NamedTensor> t;
    for (const auto& r : f.records()) t.push_back({r.name, f.load(r.name)});
    t.push_back({std::string(len, 'a') + ".lora_A.weight", torch::zeros({4, 32})});
    t.push_back({std::string(len, 'a') + ".lora_B.weight", torch::zeros({32, 4})});
    write_bytes(dir + "/adapter_model.safetensors", lrc::serialize_safetensors(t));
    add_case(label, rc, 30, 1024, rc == 2 ? "adapter_model.safetensors: " + err : err,
             {cli, "info", dir});
  }
  {  // NaN in a LoRA factor
    lrc::LoraAdapter a = lrc::read_adapter(data("adapters/timm_reference.safetensors"));
    a.entries.front().A.view(-1)[0] = std::numeric_limits<float>::infinity();
    a.info.format = "native";
    lrc::save_adapter(a, at("inf_adapter.safetensors"));
    add_case("adapter_infinite_weight", 2, 30, 1024, "inf_adapter.safetensors: .*NaN or infinite",
             {cli, "embed", "--model", data("models/timm"), "--adapter",
              at("inf_adapter.safetensors"), "--pixels", pixels});
  }
  add_case("adapter_other_family_warns", 0, 30, 1024,
           "warning: made for a hf-vit model, but this model is timm",
           {cli, "embed", "--model", data("models/timm"), "--adapter", data("adapters/hf_vit_peft"),
            "--pixels", pixels});
}

void file_cases(const std::string& cli) {
  const std::string pixels = data("pixels.safetensors"), timm = data("models/timm");
  {
    std::vector<std::string> names;
    for (int i = 0; i < 100000; ++i) names.push_back("t" + std::to_string(i));
    write_bytes(at("keys_100000.safetensors"), empty_tensors(names));
    add_case("header_100000_keys_info", 0, 30, 1024, "^",
             {cli, "info", at("keys_100000.safetensors")});
    add_case("header_100000_keys_json", 0, 30, 1024, "^",
             {cli, "info", "--json", at("keys_100000.safetensors")});
    add_case("header_100000_keys_embed", 2, 30, 1024, "keys_100000.safetensors",
             {cli, "embed", "--model", at("keys_100000.safetensors"), "--pixels", pixels});
    names.push_back("one_more");
    write_bytes(at("keys_100001.safetensors"), empty_tensors(names));
    add_case("header_too_many_keys", 2, 30, 1024, "more than 100000 tensors",
             {cli, "info", at("keys_100001.safetensors")});
  }
  write_bytes(at("long_name.safetensors"), empty_tensors({std::string(30000, 'x')}));
  add_case("header_name_30000", 2, 30, 1024, "long_name.safetensors: a tensor name of 30000 bytes",
           {cli, "info", at("long_name.safetensors")});
  write_bytes(at("escapes.safetensors"), empty_tensors({"evil\x1b]0;pwned\x07\x1b[2J\x1b[31mred",
                                                        "c1\xc2\x9b"
                                                        "2J"}));
  add_case("header_terminal_escapes", 0, 30, 1024, "^", {cli, "info", at("escapes.safetensors")});
  write_bytes(at("not_utf8.safetensors"), empty_tensors({"\xff\xfe\xfd"}));
  add_case("header_not_utf8_json", 0, 30, 1024, "^",
           {cli, "info", "--json", at("not_utf8.safetensors")});
  {
    Json meta = Json::object();
    meta["format"] = "lrc-meta-checkpoint";
    meta["step"] = 40;
    meta["best_step"] = 20;
    std::vector<lrc::NamedTensor> t{{"exp_avg.0", torch::zeros({4})},
                                    {"exp_avg_sq.0", torch::zeros({4})}};
    write_bytes(at("run/step_40/optimizer.safetensors"),
                lrc::serialize_safetensors(t, {{"lrc", meta.dump()}}));
    add_case("info_meta_checkpoint", 0, 30, 1024, "^",
             {cli, "info", at("run/step_40/optimizer.safetensors")});
  }
  // FIFOs: open() without O_NONBLOCK waited forever for a writer.
  ::mkfifo(at("fifo.safetensors").c_str(), 0600);
  ::mkfifo(at("fifo.png").c_str(), 0600);
  add_case("fifo_info", 2, 10, 1024, "fifo.safetensors: not a regular file",
           {cli, "info", at("fifo.safetensors")});
  add_case(
      "fifo_adapter", 2, 10, 1024, "fifo.safetensors",
      {cli, "embed", "--model", timm, "--adapter", at("fifo.safetensors"), "--pixels", pixels});
  add_case("fifo_model", 2, 10, 1024, "fifo.safetensors",
           {cli, "embed", "--model", at("fifo.safetensors"), "--pixels", pixels});
  add_case("fifo_image", 2, 10, 1024, "fifo.png: not a regular file",
           {cli, "embed", "--model", timm, at("fifo.png")});
  fs::remove(at("loop"));
  fs::create_symlink("loop", at("loop"));
  add_case("symlink_loop", 2, 10, 1024, "loop", {cli, "info", at("loop")});
  // Images: claimed sizes (refused before decoding) and real extreme shapes (decoded, cropped).
  write_bytes(at("bomb.png"), png_claiming(30000, 30000));
  add_case("image_png_bomb", 2, 20, 700, "bomb.png: PNG image of 30000 x 30000 pixels",
           {cli, "embed", "--model", timm, at("bomb.png")});
  write_bytes(at("bomb.jpg"), jpeg_claiming(65000, 65000));
  add_case("image_jpeg_bomb", 2, 20, 700, "bomb.jpg: JPEG image of 65000 x 65000",
           {cli, "embed", "--model", timm, at("bomb.jpg")});
  write_bytes(at("zero.png"), png_claiming(0, 0).substr(0, 64));
  add_case("image_zero_size", 2, 20, 700, "zero.png: not a readable image",
           {cli, "embed", "--model", timm, at("zero.png")});
  write_bytes(at("wide.bmp"), bmp(999999, 1));
  add_case("image_999999x1", 0, 30, 700, "^", {cli, "embed", "--model", timm, at("wide.bmp")});
  write_bytes(at("tall.bmp"), bmp(1, 999999));
  add_case("image_1x999999", 0, 30, 700, "^", {cli, "embed", "--model", timm, at("tall.bmp")});
  {
    std::ifstream in(data("images/red/0.png"), std::ios::binary);
    std::string s((std::istreambuf_iterator<char>(in)), {});
    write_bytes(at("cut.png"), s.substr(0, s.size() / 2));
    add_case("image_truncated", 2, 20, 700, "cut.png: not a readable image",
             {cli, "embed", "--model", timm, at("cut.png")});
  }
  write_bytes(at("text.jpg"), "hello, I am not a picture\n");
  add_case("image_text_named_jpg", 2, 20, 700, "text.jpg: not a readable image",
           {cli, "embed", "--model", timm, at("text.jpg")});
  // Flags and outputs.
  add_case("out_is_a_folder", 2, 30, 1024, "is a folder",
           {cli, "embed", "--model", timm, "--pixels", pixels, "--out", out_dir});
  add_case("out_in_missing_folder", 2, 30, 1024, "does not exist",
           {cli, "embed", "--model", timm, "--pixels", pixels, "--out",
            at("no/such/dir/f.safetensors")});
  add_case("threads_4000", 0, 30, 1024, "using",
           {cli, "embed", "--model", timm, "--pixels", pixels, "--threads", "4000"});
  add_case("threads_100000", 0, 30, 1024, "using",
           {cli, "embed", "--model", timm, "--pixels", pixels, "--threads", "100000"});
  add_case("batch_huge", 0, 30, 1024, "^",
           {cli, "embed", "--model", timm, "--pixels", pixels, "--batch", "100000000"});
  add_case("threads_not_a_number", 2, 10, 1024, "--threads",
           {cli, "embed", "--model", timm, "--pixels", pixels, "--threads", "lots"});
}

// The embedded default (a 6-block ViT with 78 tensors, its meta-LoRA, prior and zoo): the
// hostile inputs above through the model users start with, each under 2 GiB.
void default_cases(const std::string& cli, const std::string& def) {
  const std::string model = def + "/model.safetensors", meta = def + "/meta_lora.safetensors";
  std::vector<std::string> samples;
  for (const auto& e : fs::directory_iterator(def + "/samples"))
    if (e.is_directory())
      for (const auto& f : fs::directory_iterator(e.path()))
        if (f.path().extension() == ".png") {
          samples.push_back(f.path().string());
          break;
        }
  std::sort(samples.begin(), samples.end());
  if (samples.size() < 2) throw std::runtime_error(def + "/samples: fewer than 2 classes");
  const std::vector<std::string> support{"--support", "a=" + samples[0], "--support",
                                         "b=" + samples[1]};
  auto classify = [&](std::vector<std::string> extra) {
    std::vector<std::string> a{cli, "classify", "--model", model, "--adapter", meta};
    a.insert(a.end(), support.begin(), support.end());
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };
  add_case(
      "default_extreme_aspect_queries", 0, 60, 2048, "^",
      classify({at("wide.bmp"), at("tall.bmp"), "--threads", "100000", "--batch", "100000000"}));
  add_case("default_bomb_query", 2, 30, 2048, "bomb.png: PNG image of 30000 x 30000",
           classify({at("bomb.png")}));
  add_case("default_fifo_query", 2, 30, 2048, "fifo.png: not a regular file",
           classify({at("fifo.png")}));
  add_case(
      "default_foreign_adapter", 2, 30, 2048, "wrong base model",
      {cli, "embed", "--model", model, "--adapter", data("adapters/hf_clip_peft"), samples[0]});
  add_case(
      "default_nan_adapter", 2, 30, 2048, "NaN or infinite",
      {cli, "embed", "--model", model, "--adapter", at("inf_adapter.safetensors"), samples[0]});
  for (const std::string f : {"model.safetensors", "meta_lora.safetensors", "prior.safetensors",
                              "zoo/lora_000.safetensors"})
    add_case("default_info_" + fs::path(f).stem().string(), 0, 30, 2048, "^",
             {cli, "info", def + "/" + f});
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::cerr << "usage: make_corpus OUT_DIR DATA_DIR CLI [DEFAULT_DIR]\n";
    return 2;
  }
  out_dir = fs::absolute(argv[1]).string(), data_dir = fs::absolute(argv[2]).string();
  const std::string cli = argv[3];
  fs::remove_all(out_dir);
  fs::create_directories(out_dir);
  cases.open(fs::path(out_dir) / "cases.tsv");
  torch::manual_seed(0);
  try {
    file_cases(cli);
    model_cases(cli);
    adapter_cases(cli);
    if (argc == 5) default_cases(cli, argv[4]);
  } catch (const std::exception& e) {
    std::cerr << "make_corpus: " << e.what() << "\n";
    return 1;
  }
  std::cout << "corpus written to " << out_dir << "\n";
  return 0;
}
