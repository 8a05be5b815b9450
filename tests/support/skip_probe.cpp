// A test binary with one passing and one skipped test: tst_harness_reports_skips checks that the
// harness turns a skip into CTest's skip code instead of a pass.
#include "harness.h"

LRC_TEST(passes) { CHECK(1 + 1 == 2); }

LRC_TEST(needs_missing_data) {
  LRC_SKIP("probe data not installed");
  CHECK(false);  // never reached: a skip ends the test
}
