#include "recycle/zoo.h"

#include <algorithm>
#include <filesystem>

#include <torch/torch.h>

#include "io/atomic_file.h"
#include "io/error.h"
#include "io/json.h"
#include "model/adapter_io.h"

namespace lrc {

namespace fs = std::filesystem;

std::vector<ZooMember> list_zoo(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError(file_message(dir, "not a folder of LoRA adapters"));
  std::vector<ZooMember> out;
  const fs::path index = fs::path(dir) / "index.json";
  if (fs::exists(index, ec)) {
    Json j;
    try {
      j = Json::parse(read_text_file(index.string()));
      for (const auto& e : j.at("loras").as_array()) {
        const std::string file = e.at("file").as_string();
        out.push_back({fs::path(file).stem().string(), (fs::path(dir) / file).string()});
      }
    } catch (const InputError&) {
      throw;
    } catch (const Error& e) {
      throw InputError(file_message(index.string(), e.what()));
    }
  } else {
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.empty() || name[0] == '.') continue;
      if (sniff_adapter(entry.path().string()))
        out.push_back({entry.path().stem().string(), entry.path().string()});
    }
    std::sort(out.begin(), out.end(),
              [](const ZooMember& a, const ZooMember& b) { return a.name < b.name; });
  }
  if (out.empty()) throw InputError(file_message(dir, "no LoRA adapters in this folder"));
  return out;
}

std::vector<LoraAdapter> load_zoo(const std::string& dir, const ViTConfig& config) {
  std::vector<LoraAdapter> out;
  for (const auto& m : list_zoo(dir)) {
    out.push_back(load_adapter(m.path, config));
    out.back().info.name = m.name;
  }
  return out;
}

LoraAdapter average_adapters(const std::vector<LoraAdapter>& members) {
  if (members.empty()) throw InputError("cannot average an empty LoRA collection");
  std::vector<const LoraAdapter*> ptrs;
  for (const auto& m : members) ptrs.push_back(&m);
  torch::NoGradGuard no_grad;
  LoraAdapter avg =
      combine_adapters(ptrs, std::vector<double>(members.size(), 1.0 / double(members.size())));
  avg.info.name = "zoo-average";
  return avg.to(avg.entries.empty() ? torch::kCPU : avg.entries.front().A.device());
}

}  // namespace lrc
