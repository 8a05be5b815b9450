// A tiny test harness for the core's tests. The engine's tests must build and run on GPU
// machines that have LibTorch but neither Qt (for Qt Test) nor GoogleTest, so the core tests
// use this; UI tests use Qt Test.
//
//   LRC_TEST(name) { CHECK(x == 1); CHECK_NEAR(a, b, 1e-4); CHECK_THROWS_WITH(f(), "substring"); }
//
// A test binary runs all its tests (or those named on the command line) and exits non-zero if
// any check failed. A test whose data is missing calls LRC_SKIP("why"): when nothing failed and
// something skipped, the binary exits with kSkipExitCode, which CTest shows as "Skipped" (a
// missing package must not look like a pass).
#pragma once

#include <cmath>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <torch/types.h>

namespace lrc::test {

struct TestCase {
  const char* name;
  std::function<void()> body;
};

std::vector<TestCase>& registry();
void report_failure(const char* file, int line, const std::string& what);
// Folder with fixtures (tests/data), from $LRC_TEST_DATA or the build's source tree.
std::string data_dir();
std::string data_path(const std::string& relative);
// The device tests run models on: $LRC_TEST_DEVICE ("cuda", "cuda:1") or the CPU.
torch::Device device();
// A fresh, empty scratch folder for this test binary under the system temp folder.
std::string scratch_dir();

// CTest's SKIP_RETURN_CODE for every test binary (cmake/LrcTests.cmake).
constexpr int kSkipExitCode = 77;

// Thrown by LRC_SKIP; the harness reports the test as skipped with the reason.
struct Skipped {
  std::string reason;
};

struct Registrar {
  Registrar(const char* name, std::function<void()> body) {
    registry().push_back({name, std::move(body)});
  }
};

}  // namespace lrc::test

#define LRC_TEST_CAT2(a, b) a##b
#define LRC_TEST_CAT(a, b) LRC_TEST_CAT2(a, b)
#define LRC_TEST(name)                                                                       \
  static void LRC_TEST_CAT(lrc_test_, name)();                                               \
  static ::lrc::test::Registrar LRC_TEST_CAT(lrc_reg_, name)(#name,                          \
                                                             LRC_TEST_CAT(lrc_test_, name)); \
  static void LRC_TEST_CAT(lrc_test_, name)()

// Ends the current test as skipped (its data or a package is missing); see kSkipExitCode.
#define LRC_SKIP(reason)       \
  throw ::lrc::test::Skipped { \
    reason                     \
  }

// LibTorch pulls in glog, whose CHECK macros abort the process; the harness's record a failure
// and go on, so they replace glog's in test files.
#undef CHECK
#undef CHECK_EQ
#undef CHECK_NEAR

#define CHECK(cond)                                                                   \
  do {                                                                                \
    if (!(cond)) ::lrc::test::report_failure(__FILE__, __LINE__, "CHECK(" #cond ")"); \
  } while (0)

#define CHECK_EQ(a, b)                                                       \
  do {                                                                       \
    const auto lrc_a = (a); /* copies: (a) may be a member of a temporary */ \
    const auto lrc_b = (b);                                                  \
    if (!(lrc_a == lrc_b)) {                                                 \
      std::ostringstream lrc_s;                                              \
      lrc_s << "CHECK_EQ(" #a ", " #b "): " << lrc_a << " != " << lrc_b;     \
      ::lrc::test::report_failure(__FILE__, __LINE__, lrc_s.str());          \
    }                                                                        \
  } while (0)

#define CHECK_NEAR(a, b, tol)                                                                  \
  do {                                                                                         \
    const double lrc_a = double(a), lrc_b = double(b);                                         \
    if (!(std::fabs(lrc_a - lrc_b) <= (tol))) {                                                \
      std::ostringstream lrc_s;                                                                \
      lrc_s << "CHECK_NEAR(" #a ", " #b "): " << lrc_a << " vs " << lrc_b << " (tol " << (tol) \
            << ")";                                                                            \
      ::lrc::test::report_failure(__FILE__, __LINE__, lrc_s.str());                            \
    }                                                                                          \
  } while (0)

// Expects `expr` to throw a std::exception whose what() contains `needle`.
#define CHECK_THROWS_WITH(expr, needle)                                                           \
  do {                                                                                            \
    bool lrc_thrown = false;                                                                      \
    try {                                                                                         \
      (void)(expr);                                                                               \
    } catch (const std::exception& lrc_e) {                                                       \
      lrc_thrown = true;                                                                          \
      if (std::string(lrc_e.what()).find(needle) == std::string::npos)                            \
        ::lrc::test::report_failure(                                                              \
            __FILE__, __LINE__,                                                                   \
            std::string("exception \"") + lrc_e.what() + "\" lacks \"" + (needle) + "\"");        \
    }                                                                                             \
    if (!lrc_thrown) ::lrc::test::report_failure(__FILE__, __LINE__, "no exception from " #expr); \
  } while (0)
