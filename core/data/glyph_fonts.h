// FreeType behind a small interface, for the Glyphs renderer (data/glyphs.h): finding font files,
// reading their character maps, and rasterizing one character to an 8-bit coverage image.
// Internal to lrc_core (its .cpp is the only code that sees FreeType's headers).
//
// Thread-safety: a FontLibrary and the FontFaces opened from it belong to one thread; threads that
// render in parallel each open their own (FreeType's rule). The free functions are thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

struct FT_LibraryRec_;
struct FT_FaceRec_;

namespace lrc {

// One face of a font file (a .ttc holds several).
struct FontFile {
  std::string path;
  int face_index = 0;
  std::string family;  // FreeType's family_name, e.g. "Noto Serif Thai"
  std::string style;   // FreeType's style_name, e.g. "Bold"
};

// The ink box of a glyph in em units (1 = the font's size), y up from the baseline.
struct GlyphBox {
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
};

// A rasterized glyph: coverage 0..255 (CV_8UC1, may be empty) whose top-left pixel lies `left`
// pixels right of the pen position and `top` pixels above the baseline.
struct GlyphRaster {
  cv::Mat coverage;
  int left = 0;
  int top = 0;
  int pixel_size = 0;  // pixels per em it was rendered at
  bool blank() const;  // no pixel with ink
  // Its ink box in em units.
  GlyphBox box() const;
};

class FontLibrary {
 public:
  FontLibrary();  // throws lrc::Error if FreeType cannot start
  ~FontLibrary();
  FontLibrary(const FontLibrary&) = delete;
  FontLibrary& operator=(const FontLibrary&) = delete;
  FT_LibraryRec_* handle() const { return lib_; }

 private:
  FT_LibraryRec_* lib_ = nullptr;
};

class FontFace {
 public:
  // Throws lrc::InputError naming the file when FreeType cannot open it.
  FontFace(const FontLibrary& lib, const std::string& path, int face_index);
  ~FontFace();
  FontFace(const FontFace&) = delete;
  FontFace& operator=(const FontFace&) = delete;

  int num_faces() const;
  std::string family() const;
  std::string style() const;
  // Every code point in the font's Unicode character map, ascending.
  std::vector<char32_t> code_points() const;
  bool has(char32_t cp) const;
  // Renders `cp` (or .notdef when the font lacks it) unhinted at `pixel_size` pixels per em.
  // Throws lrc::Error naming the font when FreeType fails.
  GlyphRaster render(char32_t cp, int pixel_size);
  GlyphRaster render_notdef(int pixel_size);
  const std::string& path() const { return path_; }

 private:
  GlyphRaster render_index(unsigned glyph_index, int pixel_size);

  FT_FaceRec_* face_ = nullptr;
  bool unicode_ = false;  // has a Unicode character map
  std::string path_;
};

// Regular files under `dirs` (recursively) ending in .ttf/.otf/.ttc (any case), sorted by path so
// that every run sees the same order; folders that do not exist are skipped.
std::vector<std::string> find_font_files(const std::vector<std::string>& dirs);

// Opens the faces of each file lazily and keeps them (one thread's cache).
class FaceCache {
 public:
  explicit FaceCache(const FontLibrary& lib) : lib_(lib) {}
  FontFace& get(const FontFile& font);

 private:
  const FontLibrary& lib_;
  std::map<std::pair<std::string, int>, std::unique_ptr<FontFace>> faces_;
};

}  // namespace lrc
