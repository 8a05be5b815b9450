// read_image_header: the sizes image files claim, read before any decoder allocates (so a 3 KB
// file claiming 30000 x 30000 pixels is refused without decoding it).
#include <string>

#include "data/image_header.h"
#include "harness.h"

using namespace lrc;

namespace {

std::string be32(uint32_t v) {
  return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}
std::string le(uint32_t v, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += char((v >> (8 * i)) & 255);
  return s;
}

}  // namespace

LRC_TEST(png_jpeg_bmp_webp_pnm_tiff_sizes) {
  const std::string png =
      std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16) + be32(30000) + be32(20000);
  auto h = read_image_header(png);
  CHECK(h && h->format == "PNG" && h->width == 30000 && h->height == 20000);

  // An APP0 segment before the start of frame is skipped.
  const std::string jpeg = std::string("\xFF\xD8\xFF\xE0\x00\x04\x00\x00\xFF\xC2\x00\x11\x08", 13) +
                           "\x01\x02" + "\x03\x04" + std::string(12, '\0');
  h = read_image_header(jpeg);
  CHECK(h && h->format == "JPEG" && h->height == 0x0102 && h->width == 0x0304);

  const std::string bmp =
      "BM" + std::string(12, '\0') + le(40, 4) + le(640, 4) + le(uint32_t(-480), 4);
  h = read_image_header(bmp);
  CHECK(h && h->width == 640 && h->height == 480);  // negative height: top-down rows

  const std::string webp =
      "RIFF" + le(100, 4) + "WEBPVP8X" + std::string(8, '\0') + le(1999, 3) + le(999, 3);
  h = read_image_header(webp);
  CHECK(h && h->format == "WebP" && h->width == 2000 && h->height == 1000);

  h = read_image_header("P6\n# a comment\n 640 480\n255\n");
  CHECK(h && h->format == "PNM" && h->width == 640 && h->height == 480);

  const std::string tiff = std::string("II*\0", 4) + le(8, 4) + le(2, 2) + le(256, 2) + le(4, 2) +
                           le(1, 4) + le(70000, 4) + le(257, 2) + le(3, 2) + le(1, 4) + le(50, 4);
  h = read_image_header(tiff);
  CHECK(h && h->format == "TIFF" && h->width == 70000 && h->height == 50);
}

LRC_TEST(unknown_or_cut_headers_give_nothing) {
  CHECK(!read_image_header("hello, I am text"));
  CHECK(!read_image_header(std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0", 18)));  // cut
  CHECK(!read_image_header(std::string("\xFF\xD8\xFF\xE0\x00\x01", 6)));              // bad length
  CHECK(!read_image_header(""));
  CHECK(!read_image_header(std::string("II*\0\xff\xff\xff\xff", 8)));  // IFD past the end
}
