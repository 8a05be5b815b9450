// The shared text helpers (io/text.h): split_list keeps empty items and trims only spaces;
// format_duration rounds to the second, switches to hours at 3600 s and names unknown times.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "harness.h"
#include "io/text.h"

using namespace lrc;

namespace {

using Items = std::vector<std::string>;

}  // namespace

LRC_TEST(split_list_trims_spaces_and_keeps_empty_items) {
  CHECK(split_list("a, b ,c") == Items({"a", "b", "c"}));
  CHECK(split_list("a,,b") == Items({"a", "", "b"}));
  CHECK(split_list("a,") == Items({"a", ""}));
  CHECK(split_list(",") == Items({"", ""}));
  CHECK(split_list("  ") == Items({""}));
  CHECK(split_list("") == Items());
  CHECK(split_list("one") == Items({"one"}));
  // Only spaces are trimmed; tabs and inner spaces stay.
  CHECK(split_list("\ta b\t, c") == Items({"\ta b\t", "c"}));
  // Another separator splits the same way (commas then stay inside the items).
  CHECK(split_list("a=1,2; b=3;", ';') == Items({"a=1,2", "b=3", ""}));
  const std::string owned = "x,y";  // std::string arguments work as well
  CHECK(split_list(owned) == Items({"x", "y"}));
}

LRC_TEST(format_duration_reads_like_a_clock) {
  CHECK_EQ(format_duration(0), std::string("0:00"));
  CHECK_EQ(format_duration(7.4), std::string("0:07"));
  CHECK_EQ(format_duration(7.5), std::string("0:08"));  // rounded, not cut
  CHECK_EQ(format_duration(245), std::string("4:05"));
  CHECK_EQ(format_duration(3599.4), std::string("59:59"));
  CHECK_EQ(format_duration(3599.6), std::string("1:00:00"));
  CHECK_EQ(format_duration(3723), std::string("1:02:03"));
  CHECK_EQ(format_duration(100 * 3600 + 61), std::string("100:01:01"));
}

LRC_TEST(format_duration_names_unknown_times) {
  CHECK_EQ(format_duration(-1), std::string("?"));
  CHECK_EQ(format_duration(std::nan("")), std::string("?"));
  CHECK_EQ(format_duration(std::numeric_limits<double>::infinity()), std::string("?"));
  CHECK_EQ(format_duration(1e300), std::string("?"));  // no overflow in the rounding
  CHECK_EQ(format_duration(-1, "-"), std::string("-"));
  CHECK_EQ(format_duration(61, "-"), std::string("1:01"));
}

// printable: a tensor name cannot clear the screen or retitle the terminal.
LRC_TEST(printable_escapes_control_characters) {
  CHECK_EQ(printable("evil\x1b[2J\x07"), std::string("evil\\x1b[2J\\x07"));
  CHECK_EQ(printable("c1 \xc2\x9b"
                     "2J"),
           std::string("c1 \\x9b2J"));  // U+009B, the 8-bit CSI
  CHECK_EQ(printable("a\nb"), std::string("a\\x0ab"));
  CHECK_EQ(printable("a\nb", 100, true), std::string("a\nb"));
  CHECK_EQ(printable("größe ✓\t"), std::string("größe ✓\t"));  // other UTF-8 and tabs pass
  CHECK_EQ(printable(std::string(10, 'x'), 4), std::string("xxxx… (10 bytes)"));
}
