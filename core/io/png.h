// A minimal PNG encoder for 8-bit RGB and grey images. The engine writes surrogate images on GPU
// machines that have neither OpenCV nor zlib, so this needs neither: the image data goes into
// *stored* (uncompressed) deflate blocks, and CRC-32 / Adler-32 are computed here. Files are
// therefore about as large as the raw pixels, which is fine for the small images a pool holds.
//
// Failure: InputError for tensors of the wrong shape or type; lrc::Error naming the file when a
// write fails. Thread-safety: all functions are pure or write distinct files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <torch/types.h>

namespace lrc {

// CRC-32 (ISO 3309 / PNG) and Adler-32 (zlib), continuing from a previous value.
uint32_t png_crc32(const void* data, size_t size, uint32_t crc = 0);
uint32_t png_adler32(const void* data, size_t size, uint32_t adler = 1);

// PNG bytes of `height` rows of `width` pixels with `channels` = 3 (RGB) or 1 (grey), row-major,
// tightly packed. Throws InputError for other channel counts or empty images.
std::string encode_png(const uint8_t* pixels, int64_t height, int64_t width, int channels);
// The same for a uint8 tensor (H, W, 3) or (H, W) on any device.
std::string encode_png(const torch::Tensor& image);
// encode_png() written atomically to `path` (the folder must exist).
void write_png(const std::string& path, const torch::Tensor& image);

}  // namespace lrc
