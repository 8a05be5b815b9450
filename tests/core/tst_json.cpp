#include "harness.h"
#include "io/error.h"
#include "io/json.h"

using lrc::InputError;
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
  CHECK_THROWS_WITH(Json::parse("[1 2]"), "at byte 3: syntax error while parsing array");
  CHECK_THROWS_WITH(Json::parse("{\"a\":1,\"a\":2}"), "duplicate key");
  CHECK_THROWS_WITH(Json::parse("\"abc"), "missing closing quote");
  CHECK_THROWS_WITH(Json::parse("01"), "at byte 1: syntax error");
  CHECK_THROWS_WITH(Json::parse("[\"\xff\"]"), "ill-formed UTF-8");
  CHECK_THROWS_WITH(Json::parse(std::string(200, '[')), "nesting deeper");
  CHECK_THROWS_WITH(Json::parse(""), "unexpected end");
}

LRC_TEST(depth_limit_counts_containers) {
  CHECK(Json::parse(std::string(128, '[') + std::string(128, ']')).is_array());
  CHECK_THROWS_WITH(Json::parse(std::string(129, '[') + std::string(129, ']')),
                    "nesting deeper than 128");
  CHECK_THROWS_WITH(Json::parse("[[[]]]", 2), "nesting deeper than 2");
}

LRC_TEST(duplicate_keys_are_found_in_large_objects) {
  std::string text = "{";
  for (int i = 0; i < 20000; ++i)
    text += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  Json ok = Json::parse(text.substr(0, text.size() - 1) + "}");
  CHECK_EQ(ok.size(), size_t(20000));
  CHECK_EQ(ok.at("k19999").as_int(), 19999);
  CHECK_THROWS_WITH(Json::parse(text + "\"k17\":0}"), "duplicate key \"k17\"");
  // Duplicates are per object: the same key in two objects is fine.
  CHECK(Json::parse(R"([{"a":1},{"a":2}])").size() == 2);
}

LRC_TEST(dump_replaces_invalid_utf8_and_writes_nan_as_null) {
  Json j = Json::object();
  j["name"] = std::string("bad\xff");
  j["x"] = std::nan("");
  j["n"] = int64_t(-5);
  j["f"] = 0.1;
  const std::string text = j.dump();
  CHECK_EQ(text, std::string("{\"name\":\"bad\xef\xbf\xbd\",\"x\":null,\"n\":-5,\"f\":0.1}"));
  CHECK(Json::parse(text).at("x").is_null());
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

// The optional-member getters fall back for an absent or null member only: "r": "8" in a
// PEFT config must not quietly become the default rank.
LRC_TEST(optional_getters_refuse_a_member_of_another_type) {
  const Json j =
      Json::parse(R"({"r": "8", "alpha": null, "n": 3, "name": 5, "flag": 1, "s": "x"})");
  CHECK_EQ(j.get_number("alpha", 16), 16.0);  // null: not set
  CHECK_EQ(j.get_int("n", 0), 3);
  CHECK_EQ(j.get_string("s", ""), std::string("x"));
  CHECK_THROWS_WITH(j.get_int("r", 8), "\"r\" is a string, expected a number");
  CHECK_THROWS_WITH(j.get_int32("r", 8), "\"r\" is a string, expected a number");
  CHECK_THROWS_WITH(j.get_number("r", 8), "\"r\" is a string, expected a number");
  CHECK_THROWS_WITH(j.get_string("name", ""), "\"name\" is a number, expected a string");
  CHECK_THROWS_WITH(j.get_bool("flag", false), "\"flag\" is a number, expected true or false");
  bool input_error = false;
  try {
    j.get_int("r", 8);
  } catch (const InputError&) {
    input_error = true;
  }
  CHECK(input_error);
}

// Sizes read from files are narrowed to int without wrapping: 2^32 + 32 is an error, not 32.
LRC_TEST(int32_access_refuses_values_beyond_int) {
  const Json j = Json::parse(R"({"ok": 224, "big": 4294967328, "neg": -2147483649, "s": "4"})");
  CHECK_EQ(j.at("ok").as_int32(), 224);
  CHECK_EQ(j.get_int32("absent", 7), 7);
  CHECK_THROWS_WITH(j.at("big").as_int32(), "4294967328 is out of range");
  CHECK_THROWS_WITH(j.get_int32("big", 0), "\"big\": JSON integer 4294967328 is out of range");
  CHECK_THROWS_WITH(j.at("neg").as_int32(), "out of range");
  CHECK_THROWS_WITH(j.at("s").as_int32(), "expected integer");
}

// Dumping a large object is linear (ordered_json's operator[] searched every member) and keeps
// the order.
LRC_TEST(large_objects_dump_in_order) {
  Json o = Json::object();
  for (int i = 0; i < 200000; ++i) o.append_new_member("k" + std::to_string(i), i);
  const std::string text = o.dump();
  CHECK(text.rfind("{\"k0\":0,\"k1\":1,", 0) == 0);
  CHECK(text.find("\"k199999\":199999}") != std::string::npos);
}
