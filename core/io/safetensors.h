// safetensors reading (fully validated; tensors read with pread, no mapping) and atomic writing.
//
// Format: 8-byte little-endian header length N, N bytes of JSON header
// {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}},
// then the data section; offsets are relative to its start.
//
// Every malformed file is rejected in the constructor with lrc::InputError("<path>: <problem>"):
// nothing is allocated from sizes the file claims before they are checked against the file size.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <torch/types.h>

namespace lrc {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

size_t dtype_size(DType t);
const char* dtype_name(DType t);
// Throws lrc::InputError for names outside the supported set.
DType dtype_from_name(const std::string& name);
c10::ScalarType to_scalar_type(DType t);
DType dtype_from_scalar(c10::ScalarType t);

struct TensorRecord {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint64_t begin = 0;  // byte offsets into the data section
  uint64_t end = 0;
  int64_t numel() const;
};

using Metadata = std::vector<std::pair<std::string, std::string>>;

// A validated safetensors file, kept open. Immutable after construction; safe to read from
// several threads. Tensors returned by load() own their memory.
class SafetensorsFile {
 public:
  // Headers beyond this size are refused: real ones are a few hundred KB even for huge models.
  static constexpr uint64_t kMaxHeaderBytes = uint64_t(100) << 20;
  // Real checkpoints hold a few thousand tensors with names under 200 bytes; the limits keep a
  // hostile header's cost bounded (and every name printable in an error message).
  static constexpr size_t kMaxTensors = 100000;
  static constexpr size_t kMaxNameBytes = 1024;

  explicit SafetensorsFile(std::string path);

  const std::string& path() const { return path_; }
  uint64_t file_size() const;
  const std::vector<TensorRecord>& records() const { return records_; }  // in header order
  const TensorRecord* find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }
  const Metadata& metadata() const { return metadata_; }
  std::string metadata_value(std::string_view key, const std::string& fallback = "") const;

  // A CPU tensor with the stored dtype and shape. Throws lrc::InputError naming the file and the
  // key when it is absent.
  torch::Tensor load(std::string_view name) const;

 private:
  struct Source;
  void parse_header();
  std::string path_;
  std::shared_ptr<Source> src_;
  std::vector<TensorRecord> records_;
  std::unordered_map<std::string, size_t> index_;  // name → position in records_
  Metadata metadata_;
};

struct NamedTensor {
  std::string name;
  torch::Tensor tensor;
};

// The bytes of a safetensors file holding `tensors` (in this order) and `metadata`.
std::string serialize_safetensors(const std::vector<NamedTensor>& tensors,
                                  const Metadata& metadata = {});
// Writes atomically. Tensors may live on any device; they are copied to the CPU.
void save_safetensors(const std::string& path, const std::vector<NamedTensor>& tensors,
                      const Metadata& metadata = {});

}  // namespace lrc
