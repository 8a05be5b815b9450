#include "data/image_header.h"

#include <cctype>
#include <cstdlib>

namespace lrc {

namespace {

// Little- and big-endian reads that return nullopt past the end instead of reading it.
struct Bytes {
  std::string_view s;
  bool has(size_t at, size_t n) const { return at <= s.size() && n <= s.size() - at; }
  uint8_t u8(size_t at) const { return uint8_t(s[at]); }
  std::optional<uint32_t> le(size_t at, int n) const {
    if (!has(at, size_t(n))) return std::nullopt;
    uint32_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | u8(at + size_t(i));
    return v;
  }
  std::optional<uint32_t> be(size_t at, int n) const {
    if (!has(at, size_t(n))) return std::nullopt;
    uint32_t v = 0;
    for (int i = 0; i < n; ++i) v = (v << 8) | u8(at + size_t(i));
    return v;
  }
  bool starts(std::string_view magic, size_t at = 0) const {
    return has(at, magic.size()) && s.compare(at, magic.size(), magic) == 0;
  }
};

std::optional<ImageHeader> make(const char* format, std::optional<uint32_t> w,
                                std::optional<uint32_t> h) {
  if (!w || !h) return std::nullopt;
  return ImageHeader{format, int64_t(*w), int64_t(*h)};
}

std::optional<ImageHeader> png(const Bytes& b) {
  if (!b.starts("IHDR", 12)) return std::nullopt;
  return make("PNG", b.be(16, 4), b.be(20, 4));
}

// Walks the JPEG markers up to the first start-of-frame, which holds the size.
std::optional<ImageHeader> jpeg(const Bytes& b) {
  size_t at = 2;
  while (b.has(at, 4)) {
    if (b.u8(at) != 0xFF) return std::nullopt;
    const uint8_t marker = b.u8(at + 1);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length
      at += 2;
      continue;
    }
    const bool sof =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) return make("JPEG", b.be(at + 7, 2), b.be(at + 5, 2));
    const auto len = b.be(at + 2, 2);
    if (!len || *len < 2) return std::nullopt;
    at += 2 + *len;
  }
  return std::nullopt;
}

std::optional<ImageHeader> bmp(const Bytes& b) {
  const auto dib = b.le(14, 4);
  if (!dib) return std::nullopt;
  if (*dib == 12) return make("BMP", b.le(18, 2), b.le(20, 2));
  const auto w = b.le(18, 4), h = b.le(22, 4);
  if (!w || !h) return std::nullopt;
  auto magnitude = [](uint32_t v) { return uint32_t(std::abs(int64_t(int32_t(v)))); };
  return make("BMP", magnitude(*w), magnitude(*h));  // negative height: top-down rows
}

std::optional<ImageHeader> webp(const Bytes& b) {
  if (b.starts("VP8 ", 12)) {
    const auto w = b.le(26, 2), h = b.le(28, 2);
    if (!w || !h) return std::nullopt;
    return make("WebP", *w & 0x3FFF, *h & 0x3FFF);
  }
  if (b.starts("VP8L", 12)) {
    const auto bits = b.le(21, 4);
    if (!bits) return std::nullopt;
    return make("WebP", (*bits & 0x3FFF) + 1, ((*bits >> 14) & 0x3FFF) + 1);
  }
  if (b.starts("VP8X", 12)) {
    const auto w = b.le(24, 3), h = b.le(27, 3);
    if (!w || !h) return std::nullopt;
    return make("WebP", *w + 1, *h + 1);
  }
  return std::nullopt;
}

// "P6 640 480 255": whitespace-separated decimal numbers, '#' comments to the end of the line.
std::optional<ImageHeader> pnm(const Bytes& b) {
  size_t at = 2;
  auto number = [&]() -> std::optional<uint32_t> {
    while (at < b.s.size()) {
      if (b.s[at] == '#') {
        while (at < b.s.size() && b.s[at] != '\n') ++at;
      } else if (std::isspace(b.u8(at))) {
        ++at;
      } else {
        break;
      }
    }
    uint64_t v = 0;
    const size_t begin = at;
    while (at < b.s.size() && std::isdigit(b.u8(at)) && v <= UINT32_MAX)
      v = v * 10 + uint64_t(b.s[at++] - '0');
    if (at == begin || v > UINT32_MAX) return std::nullopt;
    return uint32_t(v);
  };
  const auto w = number();
  const auto h = number();
  return make("PNM", w, h);
}

// The first image file directory's ImageWidth (256) and ImageLength (257) tags.
std::optional<ImageHeader> tiff(const Bytes& b) {
  const bool little = b.starts("II");
  auto rd = [&](size_t at, int n) { return little ? b.le(at, n) : b.be(at, n); };
  const auto ifd = rd(4, 4);
  if (!ifd) return std::nullopt;
  const auto count = rd(*ifd, 2);
  if (!count) return std::nullopt;
  std::optional<uint32_t> w, h;
  for (uint32_t i = 0; i < *count && i < 4096; ++i) {
    const size_t e = size_t(*ifd) + 2 + size_t(i) * 12;
    const auto tag = rd(e, 2), type = rd(e + 2, 2);
    if (!tag || !type) return std::nullopt;
    const auto value = *type == 3 ? rd(e + 8, 2) : rd(e + 8, 4);  // SHORT or LONG
    if (*tag == 256) w = value;
    if (*tag == 257) h = value;
  }
  return make("TIFF", w, h);
}

}  // namespace

std::optional<ImageHeader> read_image_header(std::string_view bytes) {
  const Bytes b{bytes};
  if (b.starts("\x89PNG\r\n\x1a\n")) return png(b);
  if (b.starts("\xFF\xD8")) return jpeg(b);
  if (b.starts("BM")) return bmp(b);
  if (b.starts("RIFF") && b.starts("WEBP", 8)) return webp(b);
  if (b.has(0, 2) && b.s[0] == 'P' && b.s[1] >= '1' && b.s[1] <= '6') return pnm(b);
  if (b.starts(std::string_view("II*\0", 4)) || b.starts(std::string_view("MM\0*", 4)))
    return tiff(b);
  return std::nullopt;
}

}  // namespace lrc
