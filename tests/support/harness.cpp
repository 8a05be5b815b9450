#include "harness.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <torch/torch.h>

namespace lrc::test {

namespace {
int g_failures = 0;
}

std::vector<TestCase>& registry() {
  static std::vector<TestCase> tests;
  return tests;
}

void report_failure(const char* file, int line, const std::string& what) {
  ++g_failures;
  std::cerr << "  FAILED " << file << ":" << line << ": " << what << "\n";
}

std::string data_dir() {
  if (const char* env = std::getenv("LRC_TEST_DATA")) return env;
  return LRC_TEST_DATA_DIR;
}

torch::Device device() {
  const char* d = std::getenv("LRC_TEST_DEVICE");
  return d && std::string(d).rfind("cuda", 0) == 0 ? torch::Device(d) : torch::Device(torch::kCPU);
}

std::string data_path(const std::string& relative) {
  return data_dir() + "/" + relative;
}

std::string scratch_dir() {
  static std::string dir = [] {
    namespace fs = std::filesystem;
    auto d = fs::temp_directory_path() / ("lrc-test-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d.string();
  }();
  return dir;
}

}  // namespace lrc::test

int main(int argc, char** argv) {
  using namespace lrc::test;
  // One intra-op thread by default: CTest runs tests in parallel, and OpenMP threads spinning
  // against each other on a 2-core machine are much slower than one thread each.
  const char* threads = std::getenv("LRC_TEST_THREADS");
  torch::set_num_threads(threads ? std::max(1, std::atoi(threads)) : 1);
  int run = 0, failed_tests = 0, skipped = 0;
  for (const auto& t : registry()) {
    bool selected = argc < 2;
    for (int i = 1; i < argc; ++i) selected |= std::string(argv[i]) == t.name;
    if (!selected) continue;
    ++run;
    const int before = g_failures;
    const auto start = std::chrono::steady_clock::now();
    try {
      t.body();
    } catch (const Skipped& s) {
      ++skipped;
      std::cout << "[SKIP] " << t.name << ": " << s.reason << std::endl;
      continue;
    } catch (const std::exception& e) {
      report_failure(t.name, 0, std::string("unexpected exception: ") + e.what());
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const bool ok = g_failures == before;
    failed_tests += ok ? 0 : 1;
    std::cout << (ok ? "[ OK ] " : "[FAIL] ") << t.name << " (" << int(ms) << " ms)" << std::endl;
  }
  std::filesystem::remove_all(scratch_dir());
  const int executed = run - skipped;
  std::cout << executed - failed_tests << "/" << executed << " tests passed";
  if (skipped > 0) std::cout << ", " << skipped << " skipped";
  std::cout << "\n";
  if (failed_tests > 0 || run == 0) return 1;
  return skipped > 0 ? kSkipExitCode : 0;
}
