// The PNG encoder, checked by an independent decoder written here: chunk layout, CRC-32 of every
// chunk (bitwise, no table), IHDR fields, the zlib header, stored deflate blocks, Adler-32
// (naive), and the pixels after unfiltering.
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "harness.h"
#include "io/error.h"
#include "io/png.h"

using namespace lrc;

namespace {

uint32_t be32(const std::string& s, size_t at) {
  return uint32_t(uint8_t(s[at])) << 24 | uint32_t(uint8_t(s[at + 1])) << 16 |
         uint32_t(uint8_t(s[at + 2])) << 8 | uint32_t(uint8_t(s[at + 3]));
}

uint32_t crc_bitwise(const std::string& bytes) {
  uint32_t c = 0xffffffffu;
  for (unsigned char b : bytes) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
  }
  return ~c;
}

uint32_t adler_naive(const std::string& bytes) {
  uint32_t a = 1, b = 0;
  for (unsigned char x : bytes) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return b << 16 | a;
}

struct Decoded {
  uint32_t width = 0, height = 0;
  int bit_depth = 0, colour = -1, compression = -1, filter = -1, interlace = -1;
  std::vector<std::string> chunk_types;
  bool crcs_ok = true, zlib_header_ok = false, blocks_ok = true, adler_ok = false,
       filters_ok = true;
  int stored_blocks = 0;
  std::vector<uint8_t> pixels;  // unfiltered, row-major
};

// Stored deflate blocks → raw bytes; flags anything that is not a well-formed stored block.
std::string inflate_stored(const std::string& z, size_t& pos, Decoded& d) {
  std::string raw;
  for (bool last = false; !last;) {
    if (pos + 5 > z.size()) return d.blocks_ok = false, raw;
    const auto header = uint8_t(z[pos]);
    last = header & 1;
    if ((header >> 1) != 0) d.blocks_ok = false;  // BTYPE must be 00, rest padding
    const uint32_t len = uint8_t(z[pos + 1]) | uint32_t(uint8_t(z[pos + 2])) << 8;
    const uint32_t nlen = uint8_t(z[pos + 3]) | uint32_t(uint8_t(z[pos + 4])) << 8;
    if ((len ^ 0xffffu) != nlen || pos + 5 + len > z.size()) return d.blocks_ok = false, raw;
    raw.append(z, pos + 5, len);
    pos += 5 + len;
    ++d.stored_blocks;
  }
  return raw;
}

Decoded decode(const std::string& png) {
  Decoded d;
  const std::string signature = "\x89PNG\r\n\x1a\n";
  CHECK(png.compare(0, 8, signature) == 0);
  std::string idat;
  for (size_t pos = 8; pos + 12 <= png.size();) {
    const uint32_t len = be32(png, pos);
    const std::string type = png.substr(pos + 4, 4), data = png.substr(pos + 8, len);
    d.chunk_types.push_back(type);
    if (crc_bitwise(type + data) != be32(png, pos + 8 + len)) d.crcs_ok = false;
    if (type == "IHDR") {
      d.width = be32(data, 0), d.height = be32(data, 4);
      d.bit_depth = uint8_t(data[8]), d.colour = uint8_t(data[9]),
      d.compression = uint8_t(data[10]);
      d.filter = uint8_t(data[11]), d.interlace = uint8_t(data[12]);
    }
    if (type == "IDAT") idat += data;
    pos += 12 + len;
  }
  d.zlib_header_ok = idat.size() > 6 && (uint8_t(idat[0]) & 0x0f) == 8 &&
                     (uint32_t(uint8_t(idat[0])) * 256 + uint8_t(idat[1])) % 31 == 0 &&
                     !(uint8_t(idat[1]) & 0x20);
  size_t pos = 2;
  const std::string raw = inflate_stored(idat, pos, d);
  d.adler_ok = pos + 4 == idat.size() && be32(idat, pos) == adler_naive(raw);
  const size_t channels = d.colour == 2 ? 3 : 1, row = d.width * channels;
  if (raw.size() != d.height * (row + 1)) return d.filters_ok = false, d;
  for (size_t y = 0; y < d.height; ++y) {
    if (raw[y * (row + 1)] != 0) d.filters_ok = false;
    for (size_t i = 0; i < row; ++i) d.pixels.push_back(uint8_t(raw[y * (row + 1) + 1 + i]));
  }
  return d;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<uint8_t> bytes_of(const torch::Tensor& t) {
  auto c = t.contiguous();
  return {c.data_ptr<uint8_t>(), c.data_ptr<uint8_t>() + c.numel()};
}

void check_roundtrip(const torch::Tensor& image) {
  const std::string path = test::scratch_dir() + "/img.png";
  write_png(path, image);
  Decoded d = decode(read_all(path));
  CHECK_EQ(d.width, uint32_t(image.size(1)));
  CHECK_EQ(d.height, uint32_t(image.size(0)));
  CHECK_EQ(d.bit_depth, 8);
  CHECK_EQ(d.colour, image.dim() == 3 ? 2 : 0);
  CHECK_EQ(d.compression, 0);
  CHECK_EQ(d.filter, 0);
  CHECK_EQ(d.interlace, 0);
  CHECK(d.chunk_types == std::vector<std::string>({"IHDR", "IDAT", "IEND"}));
  CHECK(d.crcs_ok);
  CHECK(d.zlib_header_ok);
  CHECK(d.blocks_ok);
  CHECK(d.adler_ok);
  CHECK(d.filters_ok);
  CHECK(d.pixels == bytes_of(image));
}

}  // namespace

LRC_TEST(checksums_match_known_values) {
  // Standard check values of CRC-32 and Adler-32 for "123456789", and Wikipedia's Adler example.
  CHECK_EQ(png_crc32("123456789", 9), 0xcbf43926u);
  CHECK_EQ(png_adler32("123456789", 9), 0x091e01deu);
  CHECK_EQ(png_adler32("Wikipedia", 9), 0x11e60398u);
  CHECK_EQ(png_crc32("", 0), 0u);
  CHECK_EQ(png_adler32("", 0), 1u);
  // Continuing from a previous value equals one pass.
  CHECK_EQ(png_crc32("6789", 4, png_crc32("12345", 5)), 0xcbf43926u);
  CHECK_EQ(png_adler32("6789", 4, png_adler32("12345", 5)), 0x091e01deu);
}

LRC_TEST(large_input_adler_matches_naive) {
  // Long runs of 0xff exercise the deferred modulo.
  std::string big(200000, char(0xff));
  for (size_t i = 0; i < big.size(); i += 7) big[i] = char(i & 0xff);
  CHECK_EQ(png_adler32(big.data(), big.size()), adler_naive(big));
  CHECK_EQ(png_crc32(big.data(), big.size()), crc_bitwise(big));
}

LRC_TEST(rgb_image_round_trips) {
  torch::manual_seed(1);
  check_roundtrip(torch::randint(0, 256, {5, 7, 3}, torch::kUInt8));
}

LRC_TEST(grey_image_round_trips) {
  torch::manual_seed(2);
  check_roundtrip(torch::randint(0, 256, {9, 4}, torch::kUInt8));
}

LRC_TEST(large_image_spans_several_stored_blocks) {
  torch::manual_seed(3);
  auto image = torch::randint(0, 256, {150, 200, 3}, torch::kUInt8);  // 90 150 bytes > 65 535
  check_roundtrip(image);
  Decoded d = decode(encode_png(image));
  CHECK_EQ(d.stored_blocks, 2);
}

LRC_TEST(one_pixel_and_non_contiguous_input) {
  check_roundtrip(torch::full({1, 1, 3}, 200, torch::kUInt8));
  auto chw =
      torch::arange(3 * 4 * 6, torch::kLong).remainder(256).to(torch::kUInt8).view({3, 4, 6});
  check_roundtrip(chw.permute({1, 2, 0}));  // a strided view
}

LRC_TEST(bad_inputs_are_input_errors) {
  CHECK_THROWS_WITH(encode_png(torch::zeros({4, 4, 3})), "uint8");
  CHECK_THROWS_WITH(encode_png(torch::zeros({4, 4, 4}, torch::kUInt8)), "(H, W, 3)");
  CHECK_THROWS_WITH(encode_png(torch::zeros({0, 4, 3}, torch::kUInt8)), "empty");
  CHECK_THROWS_WITH(
      write_png(test::scratch_dir() + "/no/such/folder/x.png", torch::zeros({2, 2}, torch::kUInt8)),
      "no/such/folder");
}
