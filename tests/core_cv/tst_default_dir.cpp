// api::locate_default_dir: where the GUI and the CLI look for the embedded default — the
// LRC_DEFAULT_DIR override, the installed share/lora-recycle/default next to the binary, the build
// tree, the source tree.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "api/session.h"
#include "harness.h"

namespace fs = std::filesystem;
using lrc::api::locate_default_dir;

namespace {

// A folder that counts as a default: it holds a model.safetensors (contents do not matter).
fs::path make_default(const fs::path& dir) {
  fs::create_directories(dir);
  std::ofstream(dir / "model.safetensors") << "x";
  return fs::weakly_canonical(dir);
}

// The scratch folder is shared by the binary's tests: each gets its own part.
fs::path scratch(const char* test) {
  return fs::path(lrc::test::scratch_dir()) / test;
}

// Runs the lookup without a LRC_DEFAULT_DIR from the caller's environment.
std::string locate(const fs::path& exe_dir, const fs::path& source_dir) {
  unsetenv("LRC_DEFAULT_DIR");
  return locate_default_dir(exe_dir.string(), source_dir.string());
}

}  // namespace

LRC_TEST(installed_default_wins_over_the_source_tree) {
  const fs::path root = scratch("installed_default_wins_over_the_source_tree");
  const fs::path installed = make_default(root / "usr/share/lora-recycle/default");
  const fs::path source = root / "checkout";
  make_default(source / "resources/default");
  fs::create_directories(root / "usr/bin");
  CHECK_EQ(locate(root / "usr/bin", source), installed.string());
}

LRC_TEST(build_tree_finds_the_checkout) {
  const fs::path root = scratch("build_tree_finds_the_checkout");
  const fs::path checkout = make_default(root / "checkout/resources/default");
  fs::create_directories(root / "checkout/build/bin");
  CHECK_EQ(locate(root / "checkout/build/bin", ""), checkout.string());
}

LRC_TEST(source_tree_is_the_last_resort) {
  const fs::path root = scratch("source_tree_is_the_last_resort");
  const fs::path source = make_default(root / "src/resources/default");
  fs::create_directories(root / "elsewhere/bin");
  CHECK_EQ(locate(root / "elsewhere/bin", root / "src"), source.string());
  CHECK_EQ(locate(root / "elsewhere/bin", root / "nowhere"), std::string());
  CHECK_EQ(locate("", ""), std::string());
}

LRC_TEST(environment_overrides_everything) {
  const fs::path root = scratch("environment_overrides_everything");
  make_default(root / "usr/share/lora-recycle/default");
  const fs::path chosen = root / "chosen";  // need not hold anything: the user asked for it
  setenv("LRC_DEFAULT_DIR", chosen.c_str(), 1);
  const std::string found = locate_default_dir((root / "usr/bin").string(), "");
  unsetenv("LRC_DEFAULT_DIR");
  CHECK_EQ(found, chosen.lexically_normal().string());
}
