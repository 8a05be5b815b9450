#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <torch/torch.h>

#include "harness.h"
#include "io/atomic_file.h"
#include "io/error.h"
#include "io/safetensors.h"

using namespace lrc;
namespace fs = std::filesystem;

namespace {

bool same_bytes(const torch::Tensor& a, const torch::Tensor& b) {
  if (a.scalar_type() != b.scalar_type() || a.sizes() != b.sizes()) return false;
  if (a.numel() == 0) return true;  // empty tensors may have no storage: memcmp(nullptr) is UB
  auto x = a.contiguous(), y = b.contiguous();
  return std::memcmp(x.data_ptr(), y.data_ptr(), size_t(x.numel()) * x.element_size()) == 0;
}

std::vector<std::pair<std::string, std::string>> read_table(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::pair<std::string, std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    rows.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  return rows;
}

}  // namespace

LRC_TEST(every_dtype_round_trips_bit_exactly) {
  torch::manual_seed(1);
  std::vector<NamedTensor> tensors = {
      {"f64", torch::randn({3, 2}, torch::kDouble)},
      {"f32", torch::randn({4, 5})},
      {"f16", torch::randn({7}).to(torch::kHalf)},
      {"bf16", torch::randn({2, 3, 4}).to(torch::kBFloat16)},
      {"i64", torch::randint(-1000000000000LL, 1000000000000LL, {6}, torch::kLong)},
      {"i32", torch::randint(-100000, 100000, {3, 3}, torch::kInt)},
      {"i16", torch::randint(-1000, 1000, {5}, torch::kShort)},
      {"i8", torch::randint(-100, 100, {9}, torch::kChar)},
      {"u8", torch::randint(0, 255, {2, 2}, torch::kByte)},
      {"bool", torch::rand({8}) > 0.5},
      {"scalar", torch::tensor(3.5f)},
      {"empty", torch::zeros({0, 4})},
  };
  // NaN and infinities must survive too.
  tensors[1].tensor[0][0] = std::numeric_limits<float>::quiet_NaN();
  tensors[1].tensor[0][1] = -std::numeric_limits<float>::infinity();
  const std::string path = test::scratch_dir() + "/all.safetensors";
  save_safetensors(path, tensors, {{"z", "last"}, {"a", "first"}});
  SafetensorsFile f(path);
  CHECK_EQ(f.records().size(), tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    CHECK_EQ(f.records()[i].name, tensors[i].name);  // key order kept
    CHECK(same_bytes(f.load(tensors[i].name), tensors[i].tensor));
  }
  CHECK_EQ(f.metadata().size(), size_t(2));
  CHECK_EQ(f.metadata()[0].first, std::string("z"));
  CHECK_EQ(f.metadata_value("a"), std::string("first"));
  // Writing what we read gives the same bytes.
  std::vector<NamedTensor> again;
  for (const auto& r : f.records()) again.push_back({r.name, f.load(r.name)});
  CHECK(serialize_safetensors(again, f.metadata()) == read_text_file(path));
}

LRC_TEST(data_section_is_eight_byte_aligned) {
  const std::string path = test::scratch_dir() + "/align.safetensors";
  save_safetensors(path, {{"x", torch::ones({3})}});
  std::string bytes = read_text_file(path);
  uint64_t n = 0;
  std::memcpy(&n, bytes.data(), 8);
  CHECK_EQ(n % 8, uint64_t(0));
}

LRC_TEST(malformed_corpus_is_rejected_with_named_problem) {
  const auto rows = read_table(test::data_path("bad/expected.tsv"));
  CHECK(rows.size() >= 15);
  for (const auto& [file, expect] : rows) {
    const std::string path = test::data_path("bad/" + file);
    bool threw = false;
    try {
      SafetensorsFile f(path);
    } catch (const InputError& e) {
      threw = true;
      const std::string msg = e.what();
      if (msg.find(expect) == std::string::npos || msg.find(file) == std::string::npos)
        test::report_failure(
            __FILE__, __LINE__,
            file + ": message \"" + msg + "\" lacks \"" + expect + "\" or the file name");
    }
    if (!threw) test::report_failure(__FILE__, __LINE__, file + " was accepted");
  }
}

LRC_TEST(missing_key_and_missing_file_are_input_errors) {
  const std::string path = test::scratch_dir() + "/one.safetensors";
  save_safetensors(path, {{"x", torch::ones({1})}});
  SafetensorsFile f(path);
  CHECK_THROWS_WITH(f.load("y"), "no tensor named \"y\"");
  CHECK_THROWS_WITH(SafetensorsFile(test::scratch_dir() + "/nope.safetensors"), "cannot open");
  CHECK_THROWS_WITH(SafetensorsFile(test::scratch_dir()), "not a regular file");
}

LRC_TEST(writer_refuses_bad_names) {
  CHECK_THROWS_WITH(serialize_safetensors({{"__metadata__", torch::ones({1})}}), "cannot store");
  CHECK_THROWS_WITH(serialize_safetensors({{"a", torch::ones({1})}, {"a", torch::ones({1})}}),
                    "duplicate");
  CHECK_THROWS_WITH(serialize_safetensors({{"c", torch::ones({1}, torch::kComplexFloat)}}),
                    "cannot be stored");
}

LRC_TEST(atomic_write_replaces_whole_file_and_leaves_no_temporaries) {
  const std::string dir = test::scratch_dir() + "/atomic";
  fs::create_directories(dir);
  const std::string path = dir + "/file.txt";
  write_file_atomic(path, std::string("first version"));
  write_file_atomic(path, std::string("second"));
  CHECK_EQ(read_text_file(path), std::string("second"));
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir)) (void)e, ++files;
  CHECK_EQ(files, size_t(1));
  CHECK_THROWS_WITH(write_file_atomic(dir + "/missing/x.txt", std::string("x")), "does not exist");
}

LRC_TEST(large_file_reads_through_the_mapping) {
  // 48 MB: big enough that a copy-everything reader would show; checks offsets far into the file.
  const std::string path = test::scratch_dir() + "/large.safetensors";
  auto big = torch::arange(12 * 1024 * 1024, torch::kFloat);
  save_safetensors(path, {{"big", big}, {"tail", torch::tensor({42.0f})}});
  SafetensorsFile f(path);
  CHECK_EQ(f.load("tail").item<float>(), 42.0f);
  CHECK(torch::equal(f.load("big"), big));
}

// A file another process truncates while we hold it open: reading the tensors afterwards is an
// error naming the file (through a memory mapping it was SIGBUS).
LRC_TEST(a_file_truncated_after_opening_gives_an_error_not_a_signal) {
  const std::string path = (fs::temp_directory_path() / "lrc_truncated.safetensors").string();
  save_safetensors(path, {{"big", torch::ones({256, 256})}});
  SafetensorsFile f(path);
  fs::resize_file(path, 200);
  CHECK_THROWS_WITH(f.load("big"), "lrc_truncated.safetensors: the file ends at byte");
  fs::remove(path);
}

// A FIFO with no writer: opening it must not wait for one.
LRC_TEST(a_fifo_is_refused_without_blocking) {
  const std::string path = (fs::temp_directory_path() / "lrc_fifo.safetensors").string();
  fs::remove(path);
  CHECK(::mkfifo(path.c_str(), 0600) == 0);
  CHECK_THROWS_WITH(SafetensorsFile{path}, "lrc_fifo.safetensors: not a regular file");
  CHECK_THROWS_WITH(read_text_file(path), "lrc_fifo.safetensors: not a regular file");
  fs::remove(path);
}

// Lookups go through an index and the limits hold: 100,000 keys load, one more is refused, and
// a name beyond 1024 bytes is refused with its length.
LRC_TEST(header_limits_on_keys_and_names) {
  const std::string path = (fs::temp_directory_path() / "lrc_many.safetensors").string();
  std::vector<NamedTensor> t;
  for (size_t i = 0; i < SafetensorsFile::kMaxTensors; ++i)
    t.push_back({"k" + std::to_string(i), torch::empty({0})});
  save_safetensors(path, t);
  SafetensorsFile f(path);
  CHECK_EQ(f.records().size(), SafetensorsFile::kMaxTensors);
  CHECK(f.find("k99999") == &f.records().back());
  CHECK(f.find("k100000") == nullptr);
  t.push_back({"one_more", torch::empty({0})});
  save_safetensors(path, t);
  CHECK_THROWS_WITH(SafetensorsFile{path}, "more than 100000 tensors");
  save_safetensors(path, {{std::string(1025, 'n'), torch::empty({0})}});
  CHECK_THROWS_WITH(SafetensorsFile{path}, "a tensor name of 1025 bytes (limit 1024)");
  fs::remove(path);
}
