#include "io/png.h"

#include <algorithm>
#include <array>

#include <torch/torch.h>

#include "io/atomic_file.h"
#include "io/error.h"

namespace lrc {

namespace {

// A stored deflate block holds at most 65535 bytes (its LEN field is 16 bits).
constexpr size_t kMaxStoredBlock = 65535;
constexpr unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
constexpr uint32_t kAdlerModulus = 65521;

const std::array<uint32_t, 256>& crc_table() {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  return table;
}

void put_u32_be(std::string& out, uint32_t v) {
  out.push_back(char((v >> 24) & 0xff));
  out.push_back(char((v >> 16) & 0xff));
  out.push_back(char((v >> 8) & 0xff));
  out.push_back(char(v & 0xff));
}

void put_chunk(std::string& out, const char type[4], const std::string& data) {
  put_u32_be(out, uint32_t(data.size()));
  const size_t type_pos = out.size();
  out.append(type, 4);
  out += data;
  // The chunk CRC covers the type and the data, not the length.
  put_u32_be(out, png_crc32(out.data() + type_pos, 4 + data.size()));
}

// The raw scanlines: each row starts with filter type 0 (none).
std::string scanlines(const uint8_t* pixels, int64_t height, int64_t width, int channels) {
  const size_t row = size_t(width) * size_t(channels);
  std::string raw;
  raw.reserve(size_t(height) * (row + 1));
  for (int64_t y = 0; y < height; ++y) {
    raw.push_back('\0');
    raw.append(reinterpret_cast<const char*>(pixels) + size_t(y) * row, row);
  }
  return raw;
}

// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4).
std::string zlib_stored(const std::string& raw) {
  std::string z;
  z.push_back(char(0x78));  // CMF: deflate, 32 KiB window
  z.push_back(char(0x01));  // FLG: no dictionary, fastest; (0x78 * 256 + 0x01) % 31 == 0
  size_t pos = 0;
  do {
    const size_t len = std::min(kMaxStoredBlock, raw.size() - pos);
    const bool last = pos + len == raw.size();
    z.push_back(char(last ? 1 : 0));  // BFINAL, BTYPE = 00 (stored), padded to a byte
    z.push_back(char(len & 0xff));
    z.push_back(char(len >> 8));
    z.push_back(char(~len & 0xff));
    z.push_back(char((~len >> 8) & 0xff));
    z.append(raw, pos, len);
    pos += len;
  } while (pos < raw.size());
  put_u32_be(z, png_adler32(raw.data(), raw.size()));
  return z;
}

std::string ihdr(int64_t height, int64_t width, int channels) {
  std::string h;
  put_u32_be(h, uint32_t(width));
  put_u32_be(h, uint32_t(height));
  h.push_back(char(8));                      // bit depth
  h.push_back(char(channels == 3 ? 2 : 0));  // colour type: truecolour or greyscale
  h.push_back('\0');                         // compression: deflate
  h.push_back('\0');                         // filter method 0
  h.push_back('\0');                         // no interlace
  return h;
}

}  // namespace

uint32_t png_crc32(const void* data, size_t size, uint32_t crc) {
  const auto& table = crc_table();
  auto p = static_cast<const unsigned char*>(data);
  uint32_t c = crc ^ 0xffffffffu;
  for (size_t i = 0; i < size; ++i) c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

uint32_t png_adler32(const void* data, size_t size, uint32_t adler) {
  auto p = static_cast<const unsigned char*>(data);
  uint32_t a = adler & 0xffff, b = adler >> 16;
  // 5552 bytes is the most that can be summed before b could overflow 32 bits (zlib's NMAX).
  constexpr size_t kBlock = 5552;
  while (size > 0) {
    const size_t n = std::min(size, kBlock);
    for (size_t i = 0; i < n; ++i) {
      a += p[i];
      b += a;
    }
    a %= kAdlerModulus;
    b %= kAdlerModulus;
    p += n;
    size -= n;
  }
  return (b << 16) | a;
}

std::string encode_png(const uint8_t* pixels, int64_t height, int64_t width, int channels) {
  if (channels != 1 && channels != 3)
    throw InputError("PNG encoder: " + std::to_string(channels) +
                     " channels; only 1 (grey) or 3 (RGB)");
  // PNG dimensions are 31-bit.
  if (height < 1 || width < 1 || height > 0x7fffffff || width > 0x7fffffff)
    throw InputError("PNG encoder: image size " + std::to_string(height) + " x " +
                     std::to_string(width) + " is empty or too large");
  std::string out(reinterpret_cast<const char*>(kSignature), sizeof kSignature);
  put_chunk(out, "IHDR", ihdr(height, width, channels));
  put_chunk(out, "IDAT", zlib_stored(scanlines(pixels, height, width, channels)));
  put_chunk(out, "IEND", std::string());
  return out;
}

std::string encode_png(const torch::Tensor& image) {
  const bool rgb = image.dim() == 3 && image.size(2) == 3;
  if (image.scalar_type() != torch::kUInt8 || !(rgb || image.dim() == 2))
    throw InputError("PNG encoder needs a uint8 tensor (H, W, 3) or (H, W), got " +
                     std::string(c10::toString(image.scalar_type())) + " with " +
                     std::to_string(image.dim()) + " dimensions");
  auto cpu = image.to(torch::kCPU).contiguous();
  return encode_png(cpu.data_ptr<uint8_t>(), cpu.size(0), cpu.size(1), rgb ? 3 : 1);
}

void write_png(const std::string& path, const torch::Tensor& image) {
  const std::string bytes = encode_png(image);
  write_file_atomic(path, bytes);
}

}  // namespace lrc
