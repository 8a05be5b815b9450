// The LoRA Recycle reference format: w_a_### (r × in) and w_b_### (out × r), ordered
// q0, v0, q1, v1, …, scale 1, plus a bias-free head fc_{in}in_{out}out.
#include <cstdio>
#include <regex>

#include <torch/torch.h>

#include "io/error.h"
#include "model/adapter_formats_internal.h"

namespace lrc::detail {

namespace {
std::string numbered_key(const char* prefix, int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%03d", i);
  return prefix + std::string(buf);
}
}  // namespace

bool is_reference_key(const std::string& name) {
  static const std::regex re(R"(^(w_a_\d{3}|w_b_\d{3}|fc_\d+in_\d+out)$)");
  return std::regex_match(name, re);
}

LoraAdapter read_reference_adapter(const SafetensorsFile& file) {
  LoraAdapter a;
  a.info.format = "reference";
  int count = 0;
  while (count < 1000 && file.contains(numbered_key("w_a_", count))) ++count;
  if (count == 0)
    throw InputError(
        file_message(file.path(), "no w_a_000 key: not a LoRA Recycle reference adapter"));
  if (count % 2 != 0)
    throw InputError(file_message(
        file.path(), "odd number (" + std::to_string(count) +
                         ") of w_a_ tensors; the reference format stores q and v of each block"));
  for (int i = 0; i < count; ++i) {
    const std::string a_key = numbered_key("w_a_", i), b_key = numbered_key("w_b_", i);
    if (!file.contains(b_key))
      throw InputError(file_message(file.path(), "has " + a_key + " but no " + b_key));
    LoraEntry e;
    e.layer = i / 2;
    e.target = i % 2 == 0 ? LoraTarget::Q : LoraTarget::V;
    e.A = file.load(a_key);
    e.B = file.load(b_key);
    e.alpha = 1.0;  // scale 1: alpha / r with r = 1
    e.scale_rank = 1;
    e.source = a_key;
    a.entries.push_back(std::move(e));
  }
  static const std::regex head_re(R"(^fc_(\d+)in_(\d+)out$)");
  for (const auto& r : file.records()) {
    std::smatch m;
    if (std::regex_match(r.name, m, head_re)) {
      a.head.weight = file.load(r.name);
      a.head.source = r.name;
      auto in = std::stoll(m[1].str()), out = std::stoll(m[2].str());
      if (a.head.weight.dim() != 2 || a.head.weight.size(0) != out || a.head.weight.size(1) != in)
        throw InputError(file_message(file.path(), "head \"" + r.name + "\" does not have shape [" +
                                                       std::to_string(out) + ", " +
                                                       std::to_string(in) + "]"));
    } else if (!is_reference_key(r.name)) {
      a.warnings.push_back("unknown key \"" + r.name + "\" ignored");
    }
  }
  return a;
}

}  // namespace lrc::detail
