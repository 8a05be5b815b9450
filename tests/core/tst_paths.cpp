// path_for_record: what jobs write into provenance and indexes is relative to the recording file,
// so shipped files (the embedded default, a shared collection) carry no machine's folders.
#include <filesystem>
#include <limits>

#include "harness.h"
#include "io/disk_space.h"
#include "io/error.h"
#include "io/paths.h"

using lrc::path_for_record;
namespace fs = std::filesystem;

LRC_TEST(paths_are_relative_to_the_recording_files_folder) {
  const std::string root = lrc::test::scratch_dir();
  fs::create_directories(root + "/work/glyphs/zoo");
  fs::create_directories(root + "/out/zoo");
  CHECK_EQ(path_for_record(root + "/work/glyphs/zoo", root + "/out/zoo/lora_000.safetensors"),
           std::string("../../work/glyphs/zoo"));
  CHECK_EQ(path_for_record(root + "/out/zoo", root + "/out/meta.safetensors"), std::string("zoo"));
  // Folders that do not exist yet, and relative input, give the same answer.
  CHECK_EQ(path_for_record(root + "/new/data", root + "/out/x.safetensors"),
           std::string("../new/data"));
  const fs::path cwd = fs::current_path();
  fs::current_path(root);
  CHECK_EQ(path_for_record("work/glyphs", "out/model.safetensors"), std::string("../work/glyphs"));
  fs::current_path(cwd);
}

LRC_TEST(empty_stays_empty_and_nothing_absolute_comes_out) {
  CHECK(path_for_record("", "/x/y.json").empty());
  const std::string r = path_for_record("/usr/share/datasets/fashion-mnist", "/tmp/a/b.json");
  CHECK(!r.empty() && r[0] != '/');
}

LRC_TEST(free_space_is_checked_with_the_numbers) {
  // Enough room: nothing happens.
  lrc::check_free_space("/pools", 10u << 20, 11u << 20, "the surrogate pools");
  bool threw = false;
  try {
    lrc::check_free_space("/pools", 300u << 20, 20u << 20, "the surrogate pools");
  } catch (const lrc::InputError& e) {
    threw = true;
    const std::string m = e.what();
    CHECK(m.find("/pools") != std::string::npos);
    CHECK(m.find("300 MB needed") != std::string::npos);
    CHECK(m.find("20 MB free") != std::string::npos);
    CHECK(m.find("surrogate pools") != std::string::npos);
  }
  CHECK(threw);
  // A folder a job has yet to create is measured on its nearest existing ancestor.
  const auto tmp = std::filesystem::temp_directory_path();
  const uint64_t deep = lrc::free_bytes((tmp / "lrc-no-such" / "deeper").string());
  const uint64_t here = lrc::free_bytes(tmp.string());
  CHECK(here > 0 && here != std::numeric_limits<uint64_t>::max());
  CHECK(deep > 0 && deep != std::numeric_limits<uint64_t>::max());
}
