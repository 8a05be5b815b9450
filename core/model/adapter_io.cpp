#include "model/adapter_io.h"

#include <cmath>
#include <filesystem>

#include <torch/torch.h>

#include "io/error.h"
#include "io/safetensors.h"
#include "model/adapter_formats_internal.h"
#include "model/checkpoint.h"

namespace lrc {

namespace fs = std::filesystem;

const char* adapter_format_name(AdapterFormat f) {
  switch (f) {
    case AdapterFormat::Native:
      return "native";
    case AdapterFormat::Peft:
      return "peft";
    case AdapterFormat::Reference:
      return "reference";
  }
  return "?";
}

namespace {

// A PEFT folder, whether PATH names the folder or one of its two files.
std::string peft_folder(const std::string& path) {
  std::error_code ec;
  fs::path p(path);
  if (fs::is_directory(p, ec)) return fs::exists(p / "adapter_config.json", ec) ? path : "";
  const auto name = p.filename().string();
  if (name == "adapter_config.json" || name == "adapter_model.safetensors") {
    auto dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
    if (fs::exists(dir / "adapter_config.json", ec)) return dir.string();
  }
  return "";
}

std::optional<AdapterFormat> format_of_file(const SafetensorsFile& f) {
  Json meta = read_lrc_metadata(f);
  if (meta.is_object() && meta.get_string("format", "") == kAdapterFormatTag)
    return AdapterFormat::Native;
  if (f.contains("w_a_000")) return AdapterFormat::Reference;
  return std::nullopt;
}

// NaN or infinite weights would make every feature null and every probability nan with exit 0.
void check_finite(const LoraAdapter& a, const std::string& path) {
  auto check = [&](const torch::Tensor& t, const std::string& what) {
    if (t.defined() && t.numel() > 0 && t.is_floating_point() &&
        !torch::isfinite(t).all().item<bool>())
      throw InputError(file_message(path, what + " holds NaN or infinite values"));
  };
  for (const auto& e : a.entries) {
    check(e.A, "tensor \"" + e.source + "\" (lora_A)");
    check(e.B, "lora_B of \"" + e.source + "\"");
    if (!std::isfinite(e.scale()))
      throw InputError(file_message(path, "the scale of \"" + e.source +
                                              "\" is not finite (alpha " + std::to_string(e.alpha) +
                                              ")"));
  }
  check(a.head.weight, "classifier head \"" + a.head.source + "\"");
  check(a.head.bias, "classifier head bias");
}

}  // namespace

std::optional<AdapterFormat> sniff_adapter(const std::string& path) {
  if (!peft_folder(path).empty()) return AdapterFormat::Peft;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  try {
    return format_of_file(SafetensorsFile(path));
  } catch (const Error&) {
    return std::nullopt;
  }
}

LoraAdapter read_adapter(const std::string& path) {
  const std::string dir = peft_folder(path);
  LoraAdapter a;
  if (!dir.empty()) {
    a = detail::read_peft_adapter(dir);
  } else {
    std::error_code ec;
    if (fs::is_directory(path, ec))
      throw InputError(
          file_message(path, "folder holds no adapter_config.json: not a PEFT adapter"));
    SafetensorsFile f(path);
    auto fmt = format_of_file(f);
    if (!fmt) {
      throw InputError(
          file_message(path, "not a LoRA adapter (no project metadata and no w_a_000 key)"));
    }
    a = *fmt == AdapterFormat::Native ? detail::read_native_adapter(f)
                                      : detail::read_reference_adapter(f);
  }
  if (a.info.name.empty()) a.info.name = fs::path(path).stem().string();
  check_finite(a, path);
  return a;
}

LoraAdapter load_adapter(const std::string& path, const ViTConfig& config) {
  LoraAdapter a = read_adapter(path);
  if (a.info.format == "reference" && int(a.layers().size()) != config.depth)
    throw InputError(file_message(path, "reference-format adapter covers " +
                                            std::to_string(a.layers().size()) +
                                            " blocks but the model has " +
                                            std::to_string(config.depth) + "; wrong base model?"));
  check_adapter_fits(a, config, path);
  // Same widths do not make the same features: an adapter tuned on another family's VFM fits
  // the shapes but adapts different weights.
  const std::string made_for = a.info.base.is_object() ? a.info.base.get_string("family", "") : "";
  const std::string here = family_name(config.family);
  if (!made_for.empty() && made_for != here)
    a.warnings.push_back("made for a " + made_for + " model, but this model is " + here +
                         ": the shapes fit, the features it adapts may not");
  return a;
}

}  // namespace lrc
