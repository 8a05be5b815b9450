#include "harness.h"
#include "io/json.h"

using lrc::Json;

LRC_TEST(parses_and_dumps_round_trip) {
  const std::string text = R"({"b":[1,2.5,-3e2,true,false,null],"a":{"s":"x\"y\\u00e9\n"}})";
  Json j = Json::parse(text);
  CHECK(j.is_object());
  CHECK_EQ(j.as_object().front().first, std::string("b"));  // insertion order kept
  CHECK_EQ(j.at("b").as_array()[0].as_int(), 1);
  CHECK_NEAR(j.at("b").as_array()[2].as_number(), -300.0, 0);
  CHECK(!j.at("b").as_array()[1].is_integer());
  CHECK_EQ(j.at("a").at("s").as_string(), std::string("x\"y\\u00e9\n"));
  CHECK(Json::parse(j.dump()) == j);
  CHECK(Json::parse(j.dump(2)) == j);
}

LRC_TEST(unicode_escapes_decode_to_utf8) {
  Json j = Json::parse(R"(["\u00e9", "\ud83d\ude00"])");
  CHECK_EQ(j.as_array()[0].as_string(), std::string("\xc3\xa9"));
  CHECK_EQ(j.as_array()[1].as_string(), std::string("\xf0\x9f\x98\x80"));
}

LRC_TEST(rejects_malformed_text_with_position) {
  CHECK_THROWS_WITH(Json::parse("{\"a\":1,}"), "at byte 7");
  CHECK_THROWS_WITH(Json::parse("[1 2]"), "expected ',' or ']'");
  CHECK_THROWS_WITH(Json::parse("{\"a\":1,\"a\":2}"), "duplicate key");
  CHECK_THROWS_WITH(Json::parse("\"abc"), "unterminated string");
  CHECK_THROWS_WITH(Json::parse("01"), "unexpected characters");
  CHECK_THROWS_WITH(Json::parse(std::string(200, '[')), "nesting deeper");
  CHECK_THROWS_WITH(Json::parse(""), "unexpected end");
}

LRC_TEST(large_integers_stay_exact) {
  Json j = Json::parse("[9007199254740993, 99999999999999999999]");
  CHECK_EQ(j.as_array()[0].as_int(), int64_t(9007199254740993LL));
  CHECK(!j.as_array()[1].is_integer());
  CHECK_THROWS_WITH(j.as_array()[1].as_int(), "not an integer");
}

LRC_TEST(typed_access_errors_name_the_types) {
  Json j = Json::parse("{\"a\": \"x\"}");
  CHECK_THROWS_WITH(j.at("a").as_int(), "is a string, expected integer");
  CHECK_THROWS_WITH(j.at("missing"), "missing JSON key \"missing\"");
  CHECK_EQ(j.get_int("missing", 7), 7);
}
