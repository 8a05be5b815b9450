// PNG files, written by OpenCV's encoder (libpng): the one PNG writer of the project (surrogate
// pools, the Glyphs renderer, tests). Engine-only builds have no OpenCV: there png_supported() is
// false and write_png throws, so pools are saved as tensors only (recycle/pool.h).
//
// Failure: InputError for images of the wrong shape or type; lrc::Error naming the file when the
// encoding or the write fails, or when the build cannot write PNG. Thread-safe for distinct paths.
#pragma once

#include <string>

#include <torch/types.h>

namespace cv {
class Mat;
}

namespace lrc {

// Whether this build writes PNG files (false in engine-only builds).
bool png_supported();

// Writes a uint8 tensor (H, W, 3) RGB or (H, W) grey, on any device, atomically to `path` (the
// folder must exist).
void write_png(const std::string& path, const torch::Tensor& image);

// The same for an 8-bit OpenCV image in OpenCV's channel order (BGR or grey). For OpenCV code;
// defined only in builds with OpenCV.
void write_png(const std::string& path, const cv::Mat& image);

}  // namespace lrc
