#include "io/safetensors.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <numeric>
#include <unordered_set>

#include "io/atomic_file.h"
#include "io/error.h"
#include "io/json.h"

namespace lrc {

namespace {

struct DTypeInfo {
  DType dtype;
  const char* name;
  size_t size;
  c10::ScalarType scalar;
};

constexpr DTypeInfo kDTypes[] = {
    {DType::F64, "F64", 8, c10::ScalarType::Double},
    {DType::F32, "F32", 4, c10::ScalarType::Float},
    {DType::F16, "F16", 2, c10::ScalarType::Half},
    {DType::BF16, "BF16", 2, c10::ScalarType::BFloat16},
    {DType::I64, "I64", 8, c10::ScalarType::Long},
    {DType::I32, "I32", 4, c10::ScalarType::Int},
    {DType::I16, "I16", 2, c10::ScalarType::Short},
    {DType::I8, "I8", 1, c10::ScalarType::Char},
    {DType::U8, "U8", 1, c10::ScalarType::Byte},
    {DType::Bool, "BOOL", 1, c10::ScalarType::Bool},
};

const DTypeInfo& info(DType t) {
  for (const auto& d : kDTypes)
    if (d.dtype == t) return d;
  throw Error("unknown dtype enum value");
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

}  // namespace

size_t dtype_size(DType t) {
  return info(t).size;
}
const char* dtype_name(DType t) {
  return info(t).name;
}
c10::ScalarType to_scalar_type(DType t) {
  return info(t).scalar;
}

DType dtype_from_name(const std::string& name) {
  for (const auto& d : kDTypes)
    if (name == d.name) return d.dtype;
  throw InputError("unknown dtype \"" + name + "\"");
}

DType dtype_from_scalar(c10::ScalarType t) {
  for (const auto& d : kDTypes)
    if (d.scalar == t) return d.dtype;
  throw Error(std::string("tensors of type ") + c10::toString(t) +
              " cannot be stored in safetensors");
}

int64_t TensorRecord::numel() const {
  return std::accumulate(shape.begin(), shape.end(), int64_t(1), std::multiplies<int64_t>());
}

// The open file. Tensors are read with pread() rather than through a memory mapping: a mapped
// file that another process truncates raises SIGBUS on access, a short read is an error message.
struct SafetensorsFile::Source {
  int fd = -1;
  uint64_t size = 0;
  uint64_t data_start = 0;  // 8 + header length
  ~Source() {
    if (fd >= 0) ::close(fd);
  }
};

namespace {

// Reads exactly n bytes at offset, or throws naming the file (it shrank, or the disk failed).
void read_exact(int fd, const std::string& path, uint64_t offset, void* out, uint64_t n) {
  auto* dst = static_cast<char*>(out);
  while (n > 0) {
    const size_t chunk = size_t(std::min<uint64_t>(n, uint64_t(1) << 30));
    const ssize_t got = ::pread(fd, dst, chunk, off_t(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0)
      throw InputError(file_message(path, std::string("read failed: ") + std::strerror(errno)));
    if (got == 0)
      throw InputError(file_message(
          path, "the file ends at byte " + std::to_string(offset) +
                    ", earlier than it did when it was opened (truncated while being read?)"));
    dst += got, offset += uint64_t(got), n -= uint64_t(got);
  }
}

}  // namespace

SafetensorsFile::SafetensorsFile(std::string path) : path_(std::move(path)) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait forever for a writer.
  int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    throw InputError(file_message(path_, std::string("cannot open: ") + std::strerror(errno)));
  src_ = std::make_shared<Source>();
  src_->fd = fd;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    throw InputError(file_message(path_, "not a regular file (a folder, FIFO, socket or device)"));
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  src_->size = uint64_t(st.st_size);
  if (src_->size == 0)
    throw InputError(file_message(path_, "empty file (0 bytes), not a safetensors file"));
  parse_header();
}

uint64_t SafetensorsFile::file_size() const {
  return src_->size;
}

namespace {

// Reads one header entry; `data_size` is the size of the data section in bytes.
TensorRecord parse_record(const std::string& name, const Json& v, uint64_t data_size) {
  auto bad = [&](const std::string& what) {
    return InputError("tensor \"" + name + "\": " + what);
  };
  if (!v.is_object()) throw bad("header entry is not a JSON object");
  TensorRecord r;
  r.name = name;
  const Json* dt = v.find("dtype");
  if (!dt || !dt->is_string()) throw bad("missing \"dtype\"");
  try {
    r.dtype = dtype_from_name(dt->as_string());
  } catch (const InputError& e) {
    throw bad(e.what());
  }
  const Json* sh = v.find("shape");
  if (!sh || !sh->is_array()) throw bad("missing \"shape\" array");
  if (sh->size() > 16) throw bad("shape has more than 16 dimensions");
  uint64_t count = 1;
  bool overflow = false;
  for (const auto& d : sh->as_array()) {
    if (!d.is_integer()) throw bad("shape holds a non-integer");
    int64_t n = d.as_int();
    if (n < 0) throw bad("negative dimension " + std::to_string(n) + " in shape");
    r.shape.push_back(n);
    if (n != 0 && count > UINT64_MAX / uint64_t(n)) overflow = true;
    count *= uint64_t(n);
  }
  const Json* off = v.find("data_offsets");
  if (!off || !off->is_array() || off->size() != 2 || !off->as_array()[0].is_integer() ||
      !off->as_array()[1].is_integer())
    throw bad("\"data_offsets\" must be two integers");
  int64_t b = off->as_array()[0].as_int(), e = off->as_array()[1].as_int();
  if (b < 0 || e < 0) throw bad("negative data offset");
  if (b > e)
    throw bad("data offsets reversed (begin " + std::to_string(b) + " > end " + std::to_string(e) +
              ")");
  r.begin = uint64_t(b);
  r.end = uint64_t(e);
  if (r.end > data_size)
    throw bad("data offsets [" + std::to_string(b) + ", " + std::to_string(e) +
              "] run past the end of the file (data section is " + std::to_string(data_size) +
              " bytes)");
  uint64_t elem = dtype_size(r.dtype);
  if (overflow || count > UINT64_MAX / elem || count * elem != r.end - r.begin)
    throw bad("shape " + shape_text(r.shape) + " with dtype " + dtype_name(r.dtype) +
              " does not match " + std::to_string(r.end - r.begin) + " bytes of data");
  return r;
}

void check_overlaps(std::vector<const TensorRecord*> recs) {
  std::sort(recs.begin(), recs.end(), [](auto* a, auto* b) { return a->begin < b->begin; });
  const TensorRecord* furthest = nullptr;  // the non-empty tensor reaching furthest so far
  for (const TensorRecord* r : recs) {
    if (r->end == r->begin) continue;  // empty tensors occupy no bytes
    if (furthest && r->begin < furthest->end)
      throw InputError("tensors \"" + furthest->name + "\" and \"" + r->name +
                       "\" have overlapping data");
    if (!furthest || r->end > furthest->end) furthest = r;
  }
}

// What a file that is not safetensors probably is, from its first bytes: the usual mistakes
// (an image, a JSON side file, a PyTorch .pt/.pth checkpoint) deserve better than "header length
// 8245921739492559483". Empty when nothing is recognised.
std::string foreign_format(const uint8_t* p, uint64_t size) {
  auto starts = [&](const char* magic, size_t n) {
    return size >= n && std::memcmp(p, magic, n) == 0;
  };
  const std::string torch_hint =
      " (a PyTorch .pt/.pth checkpoint? convert it with safetensors.torch.save_file)";
  if (starts("\x89PNG", 4)) return "is a PNG image, not a safetensors file";
  if (starts("\xff\xd8\xff", 3)) return "is a JPEG image, not a safetensors file";
  if (starts("PK\x03\x04", 4)) return "is a zip archive, not a safetensors file" + torch_hint;
  if (starts("\x80", 1) && size > 1 && p[1] >= 2 && p[1] <= 5)
    return "is a Python pickle, not a safetensors file" + torch_hint;
  uint64_t i = 0;
  while (i < size && i < 64 && std::isspace(p[i])) ++i;
  if (i < size && (p[i] == '{' || p[i] == '[')) return "is a JSON file, not a safetensors file";
  return {};
}

}  // namespace

void SafetensorsFile::parse_header() {
  const uint64_t size = src_->size;
  if (size < 8)
    throw InputError(file_message(path_, "file too short (" + std::to_string(size) +
                                             " bytes) to hold a safetensors header length"));
  uint8_t head[64];
  const uint64_t head_len = std::min<uint64_t>(size, sizeof head);
  read_exact(src_->fd, path_, 0, head, head_len);
  uint64_t n = 0;
  std::memcpy(&n, head, 8);  // little-endian on every platform we build for
  if (n > size - 8) {
    const std::string what = foreign_format(head, head_len);
    if (!what.empty()) throw InputError(file_message(path_, what));
  }
  if (n > kMaxHeaderBytes)
    throw InputError(file_message(path_, "header length " + std::to_string(n) +
                                             " is absurdly large (limit " +
                                             std::to_string(kMaxHeaderBytes) + " bytes)"));
  if (n > size - 8)
    throw InputError(file_message(path_, "header length " + std::to_string(n) +
                                             " runs past the end of the file (" +
                                             std::to_string(size) + " bytes)"));
  if (n < 2) throw InputError(file_message(path_, "header is empty, not a JSON object"));
  std::string text(size_t(n), '\0');
  read_exact(src_->fd, path_, 8, text.data(), n);
  src_->data_start = 8 + n;
  Json header;
  try {
    header = Json::parse(text, 16);
  } catch (const JsonParseError& e) {
    throw InputError(
        file_message(path_, std::string("header is not valid JSON (") + e.what() + ")"));
  }
  if (!header.is_object()) throw InputError(file_message(path_, "header is not a JSON object"));
  const uint64_t data_size = size - 8 - n;
  try {
    for (const auto& [key, value] : header.as_object()) {
      if (key == "__metadata__") {
        if (!value.is_object()) throw InputError("\"__metadata__\" is not a JSON object");
        for (const auto& [mk, mv] : value.as_object()) {
          if (!mv.is_string()) throw InputError("metadata value \"" + mk + "\" is not a string");
          metadata_.emplace_back(mk, mv.as_string());
        }
        continue;
      }
      if (key.empty()) throw InputError("tensor with an empty name");
      if (key.size() > kMaxNameBytes)
        throw InputError("a tensor name of " + std::to_string(key.size()) + " bytes (limit " +
                         std::to_string(kMaxNameBytes) + ")");
      if (records_.size() >= kMaxTensors)
        throw InputError("more than " + std::to_string(kMaxTensors) + " tensors");
      index_.emplace(key, records_.size());
      records_.push_back(parse_record(key, value, data_size));
    }
    std::vector<const TensorRecord*> recs;
    for (const auto& r : records_) recs.push_back(&r);
    check_overlaps(std::move(recs));
  } catch (const InputError& e) {
    throw InputError(file_message(path_, e.what()));
  }
}

const TensorRecord* SafetensorsFile::find(std::string_view name) const {
  // A hash index: callers look up every key of large headers, which a scan made quadratic.
  const auto it = index_.find(std::string(name));
  return it == index_.end() ? nullptr : &records_[it->second];
}

std::string SafetensorsFile::metadata_value(std::string_view key,
                                            const std::string& fallback) const {
  for (const auto& [k, v] : metadata_)
    if (k == key) return v;
  return fallback;
}

torch::Tensor SafetensorsFile::load(std::string_view name) const {
  const TensorRecord* r = find(name);
  if (!r) throw InputError(file_message(path_, "no tensor named \"" + std::string(name) + "\""));
  auto t = torch::empty(r->shape, torch::TensorOptions().dtype(to_scalar_type(r->dtype)));
  if (r->end > r->begin)
    read_exact(src_->fd, path_, src_->data_start + r->begin, t.data_ptr(), r->end - r->begin);
  return t;
}

std::string serialize_safetensors(const std::vector<NamedTensor>& tensors,
                                  const Metadata& metadata) {
  Json header = Json::object();
  if (!metadata.empty()) {
    Json meta = Json::object();
    for (const auto& [k, v] : metadata) meta[k] = v;
    header["__metadata__"] = std::move(meta);
  }
  std::vector<torch::Tensor> cpu;
  std::unordered_set<std::string> names;  // a hash set: Json lookups would make this O(n^2)
  uint64_t offset = 0;
  for (const auto& nt : tensors) {
    if (nt.name.empty() || nt.name == "__metadata__")
      throw Error("cannot store a tensor named \"" + nt.name + "\"");
    if (!names.insert(nt.name).second) throw Error("duplicate tensor name \"" + nt.name + "\"");
    auto t = nt.tensor.detach().to(torch::kCPU).contiguous();
    DType dt = dtype_from_scalar(t.scalar_type());
    Json entry = Json::object();
    entry["dtype"] = dtype_name(dt);
    Json shape = Json::array();
    for (auto d : t.sizes()) shape.push_back(Json(int64_t(d)));
    entry["shape"] = std::move(shape);
    uint64_t bytes = uint64_t(t.numel()) * dtype_size(dt);
    entry["data_offsets"] = Json(Json::Array{Json(int64_t(offset)), Json(int64_t(offset + bytes))});
    header.append_new_member(nt.name, std::move(entry));
    offset += bytes;
    cpu.push_back(std::move(t));
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // keep the data section 8-byte aligned
  std::string out;
  out.reserve(8 + text.size() + offset);
  uint64_t n = text.size();
  out.append(reinterpret_cast<const char*>(&n), 8);
  out += text;
  for (const auto& t : cpu)
    out.append(static_cast<const char*>(t.data_ptr()), uint64_t(t.numel()) * t.element_size());
  return out;
}

void save_safetensors(const std::string& path, const std::vector<NamedTensor>& tensors,
                      const Metadata& metadata) {
  std::string bytes = serialize_safetensors(tensors, metadata);
  write_file_atomic(path, bytes.data(), bytes.size());
}

}  // namespace lrc
