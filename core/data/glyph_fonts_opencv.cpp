// FreeType wrapper of the Glyphs renderer. Named *_opencv.cpp so that it builds into lrc_core,
// which links FreeType (and OpenCV, whose cv::Mat holds the rasters).
#include "data/glyph_fonts.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <opencv2/core.hpp>

#include "io/error.h"

namespace lrc {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_font_file(const std::filesystem::path& p) {
  const std::string ext = lower(p.extension().string());
  return ext == ".ttf" || ext == ".otf" || ext == ".ttc";
}

std::string ft_message(FT_Error err) {
  const char* text = FT_Error_String(err);
  return text ? std::string(text) : "FreeType error " + std::to_string(int(err));
}

}  // namespace

bool GlyphRaster::blank() const {
  return coverage.empty() || cv::countNonZero(coverage) == 0;
}

GlyphBox GlyphRaster::box() const {
  const double px = std::max(1, pixel_size);
  GlyphBox b;
  b.x0 = left / px;
  b.x1 = (left + coverage.cols) / px;
  b.y1 = top / px;
  b.y0 = (top - coverage.rows) / px;
  return b;
}

FontLibrary::FontLibrary() {
  FT_Error err = FT_Init_FreeType(&lib_);
  if (err) throw Error("cannot start FreeType: " + ft_message(err));
}

FontLibrary::~FontLibrary() {
  FT_Done_FreeType(lib_);
}

FontFace::FontFace(const FontLibrary& lib, const std::string& path, int face_index) : path_(path) {
  FT_Error err = FT_New_Face(lib.handle(), path.c_str(), face_index, &face_);
  if (err) throw InputError(file_message(path, "cannot open the font: " + ft_message(err)));
  // Symbol fonts without a Unicode map draw no letter: has() reports false for every one.
  unicode_ = FT_Select_Charmap(face_, FT_ENCODING_UNICODE) == 0;
}

FontFace::~FontFace() {
  FT_Done_Face(face_);
}

int FontFace::num_faces() const {
  return int(face_->num_faces);
}

std::string FontFace::family() const {
  return face_->family_name ? face_->family_name : "";
}

std::string FontFace::style() const {
  return face_->style_name ? face_->style_name : "";
}

std::vector<char32_t> FontFace::code_points() const {
  std::vector<char32_t> out;
  if (!unicode_) return out;
  FT_UInt index = 0;
  for (FT_ULong cp = FT_Get_First_Char(face_, &index); index != 0;
       cp = FT_Get_Next_Char(face_, cp, &index))
    out.push_back(char32_t(cp));
  std::sort(out.begin(), out.end());
  return out;
}

bool FontFace::has(char32_t cp) const {
  return unicode_ && FT_Get_Char_Index(face_, FT_ULong(cp)) != 0;
}

GlyphRaster FontFace::render(char32_t cp, int pixel_size) {
  const FT_UInt index = unicode_ ? FT_Get_Char_Index(face_, FT_ULong(cp)) : 0;
  return render_index(index, pixel_size);
}

GlyphRaster FontFace::render_notdef(int pixel_size) {
  return render_index(0, pixel_size);
}

GlyphRaster FontFace::render_index(unsigned glyph_index, int pixel_size) {
  FT_Error err = FT_Set_Pixel_Sizes(face_, 0, FT_UInt(pixel_size));
  // Unhinted outlines scale linearly, so boxes measured at one size hold at every other.
  if (!err) err = FT_Load_Glyph(face_, glyph_index, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP);
  if (!err) err = FT_Render_Glyph(face_->glyph, FT_RENDER_MODE_NORMAL);
  if (err)
    throw Error(file_message(
        path_, "cannot render glyph " + std::to_string(glyph_index) + ": " + ft_message(err)));
  const FT_Bitmap& bm = face_->glyph->bitmap;
  GlyphRaster r;
  r.left = face_->glyph->bitmap_left;
  r.top = face_->glyph->bitmap_top;
  r.pixel_size = pixel_size;
  if (bm.rows == 0 || bm.width == 0 || bm.pixel_mode != FT_PIXEL_MODE_GRAY) return r;
  cv::Mat view(int(bm.rows), int(bm.width), CV_8UC1, bm.buffer, size_t(std::abs(bm.pitch)));
  r.coverage = view.clone();  // the buffer belongs to FreeType's glyph slot
  return r;
}

std::vector<std::string> find_font_files(const std::vector<std::string>& dirs) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_regular_file(ec) && is_font_file(it->path())) out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

FontFace& FaceCache::get(const FontFile& font) {
  auto& slot = faces_[{font.path, font.face_index}];
  if (!slot) slot = std::make_unique<FontFace>(lib_, font.path, font.face_index);
  return *slot;
}

}  // namespace lrc
