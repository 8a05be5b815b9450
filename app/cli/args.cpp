#include "args.h"

#include <sstream>

#include "io/error.h"

namespace lrc::cli {

OptionSpec with_compute_options(OptionSpec spec) {
  spec.values.insert({"device", "threads", "seed", "precision"});
  return spec;
}

Args::Args(const std::string& command, const std::vector<std::string>& argv, const OptionSpec& spec)
    : command_(command) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.size() < 3 || a.compare(0, 2, "--") != 0) {
      positionals_.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    const auto eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (spec.flags.count(name)) {
      if (inline_value)
        throw InputError("option --" + name + " of \"" + command + "\" takes no value");
      values_[name].push_back("1");
    } else if (spec.values.count(name)) {
      if (!inline_value) {
        if (i + 1 >= argv.size())
          throw InputError("option --" + name + " of \"" + command + "\" needs a value");
        value = argv[++i];
      }
      values_[name].push_back(value);
    } else {
      throw InputError("unknown option --" + name + " for \"" + command +
                       "\" (see lora-recycle-cli help " + command + ")");
    }
  }
}

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
