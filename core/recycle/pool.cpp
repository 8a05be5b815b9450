// The surrogate pool on disk (contract in pool.h). Two conventions beyond the header:
// - PNGs are de-normalized with info["preprocess"] = {"mean": [3], "std": [3]} (what invert()
//   records); without it the project's default normalization (mean = std = 0.5) is assumed.
// - A loss history in info["losses"] (an object of equally long number arrays, one per column)
//   is written to losses.csv instead of the metadata, keeping the header small, and read back
//   from there by load_pool.
#include "recycle/pool.h"

#include <cctype>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>

#include <torch/torch.h>

#include "data/pixels.h"
#include "io/atomic_file.h"
#include "io/csv.h"
#include "io/error.h"
#include "io/png.h"
#include "io/safetensors.h"
#include "model/checkpoint.h"
#include "model/vit.h"

namespace lrc {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPoolFile = "pool.safetensors";
constexpr const char* kLossesFile = "losses.csv";
constexpr const char* kPoolFormatTag = "lrc-pool";
constexpr int kPoolFormatVersion = 1;

// ---- keep indices ----

torch::Tensor sorted_indices(const torch::Tensor& idx) {
  return std::get<0>(idx.sort(/*dim=*/1));
}

// ---- saving ----

void check_pool(const SurrogatePool& p) {
  auto fail = [](const std::string& what) { throw InputError("surrogate pool: " + what); };
  if (!p.pixels.defined() || p.pixels.dim() != 4 || p.pixels.size(1) != 3 ||
      p.pixels.size(2) != p.pixels.size(3))
    fail("pixels must have shape [N, 3, S, S]");
  const int64_t n = p.size();
  if (!p.labels.defined() || p.labels.dim() != 1 || p.labels.size(0) != n)
    fail("labels must have shape [N]");
  if (!p.patch_rank.defined() || p.patch_rank.dim() != 2 || p.patch_rank.size(0) != n)
    fail("patch_rank must have shape [N, P]");
  if (p.mask.defined() && p.mask.sizes() != p.patch_rank.sizes())
    fail("mask must have the shape of patch_rank");
  if (p.confidence.defined() && (p.confidence.dim() != 1 || p.confidence.size(0) != n))
    fail("confidence must have shape [N]");
  if (p.class_names.empty()) fail("no class names");
}

Preprocess pool_preprocess(const Json& info) {
  Preprocess pre;
  const Json* j = info.find("preprocess");
  if (!j || !j->is_object()) return pre;
  for (const char* key : {"mean", "std"}) {
    const Json* v = j->find(key);
    if (!v || !v->is_array() || v->size() != 3) continue;
    auto& dst = std::string(key) == "mean" ? pre.mean : pre.std;
    for (size_t c = 0; c < 3; ++c) dst[c] = float(v->as_array()[c].as_number());
  }
  return pre;
}

// Folder names for classes: file-system-safe, unique, never empty.
std::vector<std::string> class_folders(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  std::set<std::string> used;
  for (size_t i = 0; i < names.size(); ++i) {
    std::string s;
    for (char ch : names[i])
      s += (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_') ? ch : '_';
    if (s.empty() || used.count(s)) s += (s.empty() ? "class" : "_") + std::to_string(i);
    used.insert(s);
    out.push_back(s);
  }
  return out;
}

// (N, S, S) uint8 0/1: every patch of the mask blown up to patch size.
torch::Tensor pixel_mask(const torch::Tensor& mask, int64_t image_size) {
  const auto grid = int64_t(std::llround(std::sqrt(double(mask.size(1)))));
  const int64_t patch = image_size / grid;
  return mask.view({-1, grid, grid})
      .repeat_interleave(patch, /*dim=*/1)
      .repeat_interleave(patch, /*dim=*/2);
}

// A folder of the pool, or an InputError naming it (a file in the way, no permission).
void make_folder(const fs::path& folder) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec)
    throw InputError(file_message(folder.string(), "cannot create the folder: " + ec.message()));
}

void write_pngs(const SurrogatePool& p, const fs::path& dir) {
  auto images = denormalize_to_u8(p.pixels, pool_preprocess(p.info));  // (N, S, S, 3)
  torch::Tensor masked;
  if (p.mask.defined()) masked = images * pixel_mask(p.mask.cpu(), p.pixels.size(2)).unsqueeze(-1);
  const auto folders = class_folders(p.class_names);
  std::vector<int64_t> count(folders.size(), 0);
  auto labels = p.labels.cpu();
  for (int64_t i = 0; i < p.size(); ++i) {
    const auto c = size_t(labels[i].item<int64_t>());
    const std::string name = std::to_string(count[c]++) + ".png";
    make_folder(dir / "images" / folders[c]);
    write_png((dir / "images" / folders[c] / name).string(), images[i]);
    if (!masked.defined()) continue;
    make_folder(dir / "masked" / folders[c]);
    write_png((dir / "masked" / folders[c] / name).string(), masked[i]);
  }
}

void write_losses(const Json& losses, const fs::path& path) {
  const auto& cols = losses.as_object();
  size_t rows = cols.empty() ? 0 : cols.front().second.size();
  std::ostringstream csv;
  csv.precision(9);
  csv << "step";
  for (const auto& [name, values] : cols) {
    if (!values.is_array() || values.size() != rows)
      throw InputError("surrogate pool: loss column \"" + name + "\" is not an array of " +
                       std::to_string(rows));
    csv << "," << name;
  }
  csv << "\n";
  for (size_t r = 0; r < rows; ++r) {
    csv << (r + 1);
    for (const auto& col : cols) csv << "," << col.second.as_array()[r].as_number();
    csv << "\n";
  }
  write_file_atomic(path.string(), csv.str());
}

Json pool_metadata(const SurrogatePool& p) {
  Json meta = Json::object();
  meta["format"] = kPoolFormatTag;
  meta["version"] = kPoolFormatVersion;
  meta["adapter_name"] = p.adapter_name;
  meta["adapter_path"] = p.adapter_path;
  Json names = Json::array();
  for (const auto& n : p.class_names) names.push_back(Json(n));
  meta["class_names"] = std::move(names);
  meta["teacher_accuracy"] = p.teacher_accuracy;
  Json info = Json::object();
  if (p.info.is_object())
    for (const auto& [key, value] : p.info.as_object())
      if (key != "losses") info[key] = value;
  meta["info"] = std::move(info);
  return meta;
}

}  // namespace

torch::Tensor SurrogatePool::keep_for_ratio(double ratio) const {
  if (!patch_rank.defined()) throw Error("surrogate pool has no patch ranking");
  if (!(ratio >= 0.0 && ratio < 1.0))
    throw InputError("mask ratio " + std::to_string(ratio) + " is outside [0, 1)");
  const int64_t k = tokens_kept(num_patches(), ratio);
  return sorted_indices(patch_rank.slice(/*dim=*/1, 0, k));
}

torch::Tensor SurrogatePool::keep_from_mask() const {
  if (!mask.defined()) return keep_for_ratio(0.0);
  // The mask in ranking order; a stable descending sort puts each image's kept patches first,
  // most important first.
  auto ranked_mask = mask.to(torch::kLong).gather(1, patch_rank);
  const int64_t k = ranked_mask.sum(1).min().item<int64_t>();
  if (k < 1) throw InputError("surrogate pool: an image's mask keeps no patch");
  auto pos =
      std::get<1>(ranked_mask.sort(/*stable=*/true, /*dim=*/1, /*descending=*/true)).slice(1, 0, k);
  return sorted_indices(patch_rank.gather(1, pos));
}

void save_pool(const SurrogatePool& pool, const std::string& dir, bool write_pngs_too) {
  check_pool(pool);
  make_folder(dir);
  const Json* losses = pool.info.is_object() ? pool.info.find("losses") : nullptr;
  if (losses && losses->is_object()) {
    write_losses(*losses, fs::path(dir) / kLossesFile);
  } else {
    std::error_code ignored;  // a stale history from an earlier pool must not be read back
    fs::remove(fs::path(dir) / kLossesFile, ignored);
  }
  // Engine-only builds cannot encode PNG: there the pool is its tensors (pool.h).
  if (write_pngs_too && png_supported()) write_pngs(pool, dir);
  // pool.safetensors last: resumable runs (invert --zoo, meta-training's missing pools) take a
  // folder holding it as finished, so a run killed while writing the images leaves a folder that
  // is inverted again, not one that passes for complete without its PNGs.
  std::vector<NamedTensor> tensors{{"pixels", pool.pixels.to(torch::kHalf)},
                                   {"labels", pool.labels.to(torch::kLong)},
                                   {"patch_rank", pool.patch_rank.to(torch::kLong)}};
  if (pool.mask.defined()) tensors.push_back({"mask", pool.mask.to(torch::kUInt8)});
  if (pool.confidence.defined())
    tensors.push_back({"confidence", pool.confidence.to(torch::kFloat)});
  save_safetensors((fs::path(dir) / kPoolFile).string(), tensors,
                   {{kMetaKey, pool_metadata(pool).dump()}});
}

// ---- loading: read metadata → load tensors → validate shapes → losses.csv ----

namespace {

void read_pool_metadata(const SafetensorsFile& f, SurrogatePool& p) {
  Json meta = read_lrc_metadata(f);
  if (!meta.is_object() || meta.get_string("format", "") != kPoolFormatTag)
    throw InputError(file_message(
        f.path(), "not a surrogate pool (metadata \"lrc\" lacks format \"lrc-pool\")"));
  if (meta.get_int("version", 0) != kPoolFormatVersion)
    throw InputError(file_message(f.path(), "unsupported pool format version"));
  try {
    p.adapter_name = meta.get_string("adapter_name", "");
    p.adapter_path = meta.get_string("adapter_path", "");
    for (const auto& n : meta.at("class_names").as_array()) p.class_names.push_back(n.as_string());
    p.teacher_accuracy = meta.get_number("teacher_accuracy", 0.0);
    if (const Json* info = meta.find("info"); info && info->is_object()) p.info = *info;
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    throw InputError(file_message(f.path(), std::string("bad pool metadata: ") + e.what()));
  }
  if (p.class_names.empty()) throw InputError(file_message(f.path(), "the pool lists no classes"));
}

void load_pool_tensors(const SafetensorsFile& f, SurrogatePool& p) {
  p.pixels = f.load("pixels").to(torch::kFloat);
  p.labels = f.load("labels");
  p.patch_rank = f.load("patch_rank");
  if (f.contains("mask")) p.mask = f.load("mask");
  if (f.contains("confidence")) p.confidence = f.load("confidence").to(torch::kFloat);
}

void validate_pool(const SafetensorsFile& f, const SurrogatePool& p) {
  auto fail = [&](const std::string& what) { throw InputError(file_message(f.path(), what)); };
  const auto& px = p.pixels;
  if (px.dim() != 4 || px.size(0) < 1 || px.size(1) != 3 || px.size(2) != px.size(3))
    fail("\"pixels\" has shape " + c10::str(px.sizes()) + ", expected [N, 3, S, S]");
  const int64_t n = px.size(0), side = px.size(2);
  if (p.labels.scalar_type() != torch::kLong || p.labels.dim() != 1 || p.labels.size(0) != n)
    fail("\"labels\" must be int64 of shape [" + std::to_string(n) + "]");
  if (p.labels.min().item<int64_t>() < 0 ||
      p.labels.max().item<int64_t>() >= int64_t(p.class_names.size()))
    fail("\"labels\" must lie in [0, " + std::to_string(p.class_names.size()) + ")");
  const auto& rank = p.patch_rank;
  if (rank.scalar_type() != torch::kLong || rank.dim() != 2 || rank.size(0) != n ||
      rank.size(1) < 1)
    fail("\"patch_rank\" must be int64 of shape [" + std::to_string(n) + ", P]");
  const int64_t patches = rank.size(1), grid = int64_t(std::llround(std::sqrt(double(patches))));
  if (grid * grid != patches || side % grid != 0)
    fail("\"patch_rank\" has " + std::to_string(patches) + " patches, not a square grid dividing " +
         std::to_string(side));
  if (!torch::equal(std::get<0>(rank.sort(1)), torch::arange(patches).expand({n, patches})))
    fail("\"patch_rank\" rows must be permutations of 0.." + std::to_string(patches - 1));
  if (p.mask.defined() &&
      (p.mask.sizes() != rank.sizes() || p.mask.scalar_type() != torch::kUInt8 ||
       p.mask.max().item<int64_t>() > 1))
    fail("\"mask\" must be uint8 0/1 of shape [" + std::to_string(n) + ", " +
         std::to_string(patches) + "]");
  if (p.confidence.defined() && (p.confidence.dim() != 1 || p.confidence.size(0) != n))
    fail("\"confidence\" must have shape [" + std::to_string(n) + "]");
}

// A cell of losses.csv as a number; all of it must be one ("1.5x" is not).
double csv_number(const CsvTable& table, const CsvRow& row, size_t column) {
  const std::string& cell = row.fields[column];
  size_t used = 0;
  try {
    const double v = std::stod(cell, &used);
    if (used == cell.size()) return v;
  } catch (const std::exception&) {
  }
  throw table.error(row, "\"" + cell + "\" is not a number");
}

// losses.csv → info["losses"] (columns of numbers); a missing file is fine.
void read_losses(const fs::path& path, SurrogatePool& p) {
  if (!fs::exists(path)) return;
  CsvOptions options;
  options.header = true;
  const CsvTable table = read_csv(path.string(), options);
  std::vector<Json> cols(table.header.size(), Json::array());
  for (const CsvRow& row : table.rows)
    for (size_t c = 0; c < cols.size(); ++c) cols[c].push_back(Json(csv_number(table, row, c)));
  Json losses = Json::object();
  for (size_t c = 1; c < cols.size(); ++c)
    losses[table.header[c]] = std::move(cols[c]);  // column 0 is the step
  p.info["losses"] = std::move(losses);
}

}  // namespace

SurrogatePool load_pool(const std::string& path) {
  const fs::path file = fs::is_directory(path) ? fs::path(path) / kPoolFile : fs::path(path);
  if (!fs::exists(file))
    throw InputError(file_message(file.string(), "no surrogate pool here (file not found)"));
  SafetensorsFile f(file.string());
  SurrogatePool p;
  read_pool_metadata(f, p);
  for (const char* key : {"pixels", "labels", "patch_rank"})
    if (!f.contains(key))
      throw InputError(file_message(f.path(), std::string("missing tensor \"") + key + "\""));
  load_pool_tensors(f, p);
  validate_pool(f, p);
  read_losses(file.parent_path() / kLossesFile, p);
  return p;
}

}  // namespace lrc
