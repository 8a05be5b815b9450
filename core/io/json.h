// A small JSON value with strict typed accessors (errors are lrc::Error naming the types, integers
// stay exact) over nlohmann-json's parser and serializer. safetensors headers from untrusted files
// need hard limits while parsing (nesting depth, duplicate keys) and byte positions in errors.
// Objects keep insertion order, so headers round-trip unchanged. nlohmann-json stays out of this
// header: only json.cpp includes it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/error.h"

namespace lrc {

// Thrown by Json::parse; the message holds the byte offset of the problem.
class JsonParseError : public InputError {
 public:
  using InputError::InputError;
};

class Json {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };
  using Array = std::vector<Json>;
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() = default;
  Json(std::nullptr_t) {}
  Json(bool b) : type_(Type::Bool), bool_(b) {}
  Json(int v) : Json(static_cast<int64_t>(v)) {}
  Json(int64_t v) : type_(Type::Number), num_(static_cast<double>(v)), int_(v), integral_(true) {}
  Json(uint64_t v) : Json(static_cast<int64_t>(v)) {}
  Json(double v) : type_(Type::Number), num_(v) {}
  Json(const char* s) : type_(Type::String), str_(s) {}
  Json(std::string s) : type_(Type::String), str_(std::move(s)) {}
  Json(Array a) : type_(Type::Array), arr_(std::move(a)) {}
  Json(Object o) : type_(Type::Object), obj_(std::move(o)) {}
  static Json array() { return Json(Array{}); }
  static Json object() { return Json(Object{}); }

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::Null; }
  bool is_bool() const { return type_ == Type::Bool; }
  bool is_number() const { return type_ == Type::Number; }
  // True for numbers written without fraction or exponent that fit in int64.
  bool is_integer() const { return type_ == Type::Number && integral_; }
  bool is_string() const { return type_ == Type::String; }
  bool is_array() const { return type_ == Type::Array; }
  bool is_object() const { return type_ == Type::Object; }

  // Accessors throw lrc::Error naming the expected type when the value has another.
  bool as_bool() const;
  double as_number() const;
  int64_t as_int() const;
  // as_int() limited to int's range: sizes and counts read from files must not wrap when
  // narrowed (2^32 + 224 is an error, not 224). Throws lrc::Error naming the value.
  int as_int32() const;
  const std::string& as_string() const;
  const Array& as_array() const;
  Array& as_array();
  const Object& as_object() const;

  // Object access. find() returns nullptr when absent; at() throws lrc::Error naming the key.
  const Json* find(std::string_view key) const;
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  const Json& at(std::string_view key) const;
  // Inserts (keeping order) or replaces; turns a null value into an object first.
  Json& operator[](std::string_view key);
  void push_back(Json v);
  // Appends without looking for the key: only for builders that already know it is new (the
  // parser checks duplicates with a hash set; operator[] would make a large object O(n^2)).
  void append_new_member(std::string key, Json v);
  size_t size() const;

  // Convenience getters for optional object members: the fallback when absent or null; a member
  // of another type is an InputError naming the key (a damaged file, not a default).
  std::string get_string(std::string_view key, const std::string& fallback) const;
  double get_number(std::string_view key, double fallback) const;
  int64_t get_int(std::string_view key, int64_t fallback) const;
  // get_int() checked against int's range; the error names the key.
  int get_int32(std::string_view key, int fallback) const;
  bool get_bool(std::string_view key, bool fallback) const;

  // indent < 0: compact one-line output.
  std::string dump(int indent = -1) const;
  // Throws JsonParseError with the byte offset of a syntax error, on nesting deeper than
  // max_depth and on a key repeated in one object.
  static Json parse(std::string_view text, int max_depth = 128);

  friend bool operator==(const Json& a, const Json& b);
  friend bool operator!=(const Json& a, const Json& b) { return !(a == b); }

 private:
  Type type_ = Type::Null;
  bool bool_ = false;
  double num_ = 0.0;
  int64_t int_ = 0;
  bool integral_ = false;
  std::string str_;
  Array arr_;
  Object obj_;
};

const char* json_type_name(Json::Type t);

}  // namespace lrc
