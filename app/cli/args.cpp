#include "args.h"

#include <sstream>
#include <utility>

#include "io/error.h"

namespace lrc::cli {

OptionSpec with_compute_options(OptionSpec spec) {
  spec.values.insert({"device", "threads", "seed", "precision"});
  return spec;
}

Args::Args(std::string command, std::map<std::string, std::vector<std::string>> values,
           std::vector<std::string> positionals)
    : command_(std::move(command)),
      values_(std::move(values)),
      positionals_(std::move(positionals)) {}

bool Args::has(const std::string& name) const {
  return values_.count(name) > 0;
}

std::string Args::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second.back();
}

std::string Args::require(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw InputError("\"" + command_ + "\" needs --" + name);
  return it->second.back();
}

std::vector<std::string> Args::get_all(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

long long Args::get_int(const std::string& name, long long fallback) const {
  if (!has(name)) return fallback;
  const std::string v = get(name);
  try {
    size_t used = 0;
    long long n = std::stoll(v, &used);
    if (used == v.size()) return n;
  } catch (...) {
  }
  throw InputError("option --" + name + " expects an integer, got \"" + v + "\"");
}

double Args::get_double(const std::string& name, double fallback) const {
  if (!has(name)) return fallback;
  const std::string v = get(name);
  try {
    size_t used = 0;
    double d = std::stod(v, &used);
    if (used == v.size()) return d;
  } catch (...) {
  }
  throw InputError("option --" + name + " expects a number, got \"" + v + "\"");
}

namespace {
template <typename T, typename Conv>
std::vector<T> parse_list(const std::string& option, const std::string& text, Conv conv,
                          const char* what) {
  std::vector<T> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) continue;
    try {
      size_t used = 0;
      T v = conv(item, &used);
      if (used != item.size()) throw 0;
      out.push_back(v);
    } catch (...) {
      throw InputError("option --" + option + " expects a comma-separated list of " + what +
                       ", got \"" + text + "\"");
    }
  }
  return out;
}
}  // namespace

std::vector<int> parse_int_list(const std::string& option, const std::string& text) {
  return parse_list<int>(
      option, text, [](const std::string& s, size_t* u) { return std::stoi(s, u); }, "integers");
}

std::vector<double> parse_double_list(const std::string& option, const std::string& text) {
  return parse_list<double>(
      option, text, [](const std::string& s, size_t* u) { return std::stod(s, u); }, "numbers");
}

}  // namespace lrc::cli
