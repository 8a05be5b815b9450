// Image dimensions read from a file's header, before any decoder allocates anything: OpenCV reads
// its own pixel limit once when it is loaded (too late to lower it from inside the program), so a
// 3 KB PNG that claims 30000 × 30000 pixels must be refused here. Pure byte inspection, no OpenCV.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lrc {

struct ImageHeader {
  std::string format;  // "PNG", "JPEG", "BMP", "WebP", "PNM", "TIFF"
  int64_t width = 0;
  int64_t height = 0;
};

// The format and size the bytes claim; nullopt when the format is none of the above or the
// header is cut short before the size.
std::optional<ImageHeader> read_image_header(std::string_view bytes);

}  // namespace lrc
