// Parsing and serialization are nlohmann-json's (a SAX handler builds the tree, so the limits
// that untrusted headers need are enforced while reading, not after); this file keeps only the
// value type's strict accessors.
#include "io/json.h"

#include <cmath>
#include <limits>
#include <unordered_set>

#include <nlohmann/json.hpp>

namespace lrc {

const char* json_type_name(Json::Type t) {
  switch (t) {
    case Json::Type::Null:
      return "null";
    case Json::Type::Bool:
      return "boolean";
    case Json::Type::Number:
      return "number";
    case Json::Type::String:
      return "string";
    case Json::Type::Array:
      return "array";
    case Json::Type::Object:
      return "object";
  }
  return "?";
}

namespace {

[[noreturn]] void wrong_type(Json::Type have, const char* want) {
  throw Error(std::string("JSON value is a ") + json_type_name(have) + ", expected " + want);
}

using Nl = nlohmann::ordered_json;

// Builds lrc::Json from nlohmann's SAX events: rejects nesting deeper than max_depth and
// duplicate object keys (a hash set per open object, so a hostile header with many keys costs
// O(n), not O(n^2)); syntax errors carry nlohmann's byte position.
class TreeBuilder : public nlohmann::json_sax<Nl> {
 public:
  explicit TreeBuilder(int max_depth) : max_depth_(max_depth) {}
  Json take() { return std::move(root_); }

  bool null() override { return put(Json(nullptr)); }
  bool boolean(bool v) override { return put(Json(v)); }
  bool number_integer(number_integer_t v) override { return put(Json(int64_t(v))); }
  bool number_unsigned(number_unsigned_t v) override {
    // Above int64's range the value is kept as a (non-integral) double, as JSON readers do.
    if (v > uint64_t(std::numeric_limits<int64_t>::max())) return put(Json(double(v)));
    return put(Json(int64_t(v)));
  }
  bool number_float(number_float_t v, const string_t&) override { return put(Json(double(v))); }
  bool string(string_t& v) override { return put(Json(std::move(v))); }
  bool binary(binary_t&) override { return put(Json(nullptr)); }  // not produced by text JSON

  bool start_object(std::size_t) override { return open(Json::object()); }
  bool key(string_t& k) override {
    Frame& f = stack_.back();
    if (!f.keys.insert(k).second) throw JsonParseError("invalid JSON: duplicate key \"" + k + "\"");
    f.key = std::move(k);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(Json::array()); }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    // nlohmann counts the characters read, the offending one included: report its 0-based
    // offset. Its message starts with an id and "line L, column C: "; keep the description.
    std::string what = ex.what();
    const size_t colon = what.find(": ");
    if (colon != std::string::npos) what = what.substr(colon + 2);
    throw JsonParseError("invalid JSON at byte " + std::to_string(position > 0 ? position - 1 : 0) +
                         ": " + what);
  }

 private:
  struct Frame {
    Json value;
    std::string key;  // the key whose value comes next (objects)
    std::unordered_set<std::string> keys;
  };

  bool open(Json container) {
    if (int(stack_.size()) >= max_depth_)
      throw JsonParseError("invalid JSON: nesting deeper than " + std::to_string(max_depth_));
    stack_.push_back({std::move(container), {}, {}});
    return true;
  }
  bool close() {
    Json done = std::move(stack_.back().value);
    stack_.pop_back();
    return put(std::move(done));
  }
  bool put(Json v) {
    if (stack_.empty()) {
      root_ = std::move(v);
    } else if (Frame& f = stack_.back(); f.value.is_array()) {
      f.value.push_back(std::move(v));
    } else {
      f.value.append_new_member(std::move(f.key), std::move(v));
    }
    return true;
  }

  int max_depth_;
  std::vector<Frame> stack_;
  Json root_;
};

Nl to_nlohmann(const Json& j) {
  switch (j.type()) {
    case Json::Type::Null:
      return nullptr;
    case Json::Type::Bool:
      return j.as_bool();
    case Json::Type::Number:
      if (j.is_integer()) return j.as_int();
      return std::isfinite(j.as_number()) ? Nl(j.as_number()) : Nl(nullptr);  // no NaN in JSON
    case Json::Type::String:
      return j.as_string();
    case Json::Type::Array: {
      Nl out = Nl::array();
      for (const Json& v : j.as_array()) out.push_back(to_nlohmann(v));
      return out;
    }
    case Json::Type::Object: {
      Nl out = Nl::object();
      // Keys are unique already: append instead of ordered_json's operator[], which searches
      // the members linearly and made dumping a 100k-key header quadratic.
      auto& members = out.get_ref<Nl::object_t&>();
      members.reserve(j.size());
      for (const auto& [k, v] : j.as_object()) members.emplace_back(k, to_nlohmann(v));
      return out;
    }
  }
  return nullptr;
}

}  // namespace

bool Json::as_bool() const {
  if (type_ != Type::Bool) wrong_type(type_, "boolean");
  return bool_;
}
double Json::as_number() const {
  if (type_ != Type::Number) wrong_type(type_, "number");
  return integral_ ? static_cast<double>(int_) : num_;
}
int64_t Json::as_int() const {
  if (type_ != Type::Number) wrong_type(type_, "integer");
  if (integral_) return int_;
  if (std::isfinite(num_) && std::floor(num_) == num_ && std::fabs(num_) < 9.0e15)
    return static_cast<int64_t>(num_);
  throw Error("JSON number " + std::to_string(num_) + " is not an integer in range");
}
int Json::as_int32() const {
  const int64_t v = as_int();
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
    throw Error("JSON integer " + std::to_string(v) + " is out of range");
  return int(v);
}
const std::string& Json::as_string() const {
  if (type_ != Type::String) wrong_type(type_, "string");
  return str_;
}
const Json::Array& Json::as_array() const {
  if (type_ != Type::Array) wrong_type(type_, "array");
  return arr_;
}
Json::Array& Json::as_array() {
  if (type_ != Type::Array) wrong_type(type_, "array");
  return arr_;
}
const Json::Object& Json::as_object() const {
  if (type_ != Type::Object) wrong_type(type_, "object");
  return obj_;
}

const Json* Json::find(std::string_view key) const {
  if (type_ != Type::Object) return nullptr;
  for (const auto& kv : obj_)
    if (kv.first == key) return &kv.second;
  return nullptr;
}
const Json& Json::at(std::string_view key) const {
  const Json* v = find(key);
  if (!v) throw Error("missing JSON key \"" + std::string(key) + "\"");
  return *v;
}
Json& Json::operator[](std::string_view key) {
  if (type_ == Type::Null) type_ = Type::Object;
  if (type_ != Type::Object) wrong_type(type_, "object");
  for (auto& kv : obj_)
    if (kv.first == key) return kv.second;
  obj_.emplace_back(std::string(key), Json());
  return obj_.back().second;
}
void Json::push_back(Json v) {
  if (type_ == Type::Null) type_ = Type::Array;
  if (type_ != Type::Array) wrong_type(type_, "array");
  arr_.push_back(std::move(v));
}
void Json::append_new_member(std::string key, Json v) {
  if (type_ == Type::Null) type_ = Type::Object;
  if (type_ != Type::Object) wrong_type(type_, "object");
  obj_.emplace_back(std::move(key), std::move(v));
}
size_t Json::size() const {
  if (type_ == Type::Array) return arr_.size();
  if (type_ == Type::Object) return obj_.size();
  return 0;
}

namespace {

// The member `key` of `obj` when it holds a value of the wanted kind; nullptr when it is absent or
// null (null is how writers spell "not set", e.g. a NaN loss). A member of another type is a
// damaged or foreign file, not a default: falling back silently would hide it.
const Json* typed_member(const Json& obj, std::string_view key, bool (Json::*is_kind)() const,
                         const char* want) {
  const Json* v = obj.find(key);
  if (!v || v->is_null()) return nullptr;
  if (!(v->*is_kind)())
    throw InputError("\"" + std::string(key) + "\" is a " + json_type_name(v->type()) +
                     ", expected " + want);
  return v;
}

}  // namespace

std::string Json::get_string(std::string_view key, const std::string& fallback) const {
  const Json* v = typed_member(*this, key, &Json::is_string, "a string");
  return v ? v->str_ : fallback;
}
double Json::get_number(std::string_view key, double fallback) const {
  const Json* v = typed_member(*this, key, &Json::is_number, "a number");
  return v ? v->as_number() : fallback;
}
int64_t Json::get_int(std::string_view key, int64_t fallback) const {
  const Json* v = typed_member(*this, key, &Json::is_number, "a number");
  return v ? v->as_int() : fallback;
}
int Json::get_int32(std::string_view key, int fallback) const {
  const Json* v = typed_member(*this, key, &Json::is_number, "a number");
  if (!v) return fallback;
  try {
    return v->as_int32();
  } catch (const Error& e) {
    throw Error("\"" + std::string(key) + "\": " + e.what());
  }
}
bool Json::get_bool(std::string_view key, bool fallback) const {
  const Json* v = typed_member(*this, key, &Json::is_bool, "true or false");
  return v ? v->bool_ : fallback;
}

std::string Json::dump(int indent) const {
  // Invalid UTF-8 (a file name from an odd file system) is replaced, never a reason to lose a save.
  return to_nlohmann(*this).dump(indent, ' ', false, Nl::error_handler_t::replace);
}

Json Json::parse(std::string_view text, int max_depth) {
  TreeBuilder builder(max_depth);
  Nl::sax_parse(text.begin(), text.end(), &builder);
  return builder.take();
}

bool operator==(const Json& a, const Json& b) {
  if (a.type_ != b.type_) return false;
  switch (a.type_) {
    case Json::Type::Null:
      return true;
    case Json::Type::Bool:
      return a.bool_ == b.bool_;
    case Json::Type::Number:
      return a.as_number() == b.as_number();
    case Json::Type::String:
      return a.str_ == b.str_;
    case Json::Type::Array:
      return a.arr_ == b.arr_;
    case Json::Type::Object:
      return a.obj_ == b.obj_;
  }
  return false;
}

}  // namespace lrc
