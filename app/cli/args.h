// The parsed options of an Args-style command (CLI11 parses them: parse.cpp), read by name with
// typed accessors. Errors are lrc::InputError (exit code 2).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace lrc::cli {

struct OptionSpec {
  std::set<std::string> values;  // options that take a value (may repeat)
  std::set<std::string> flags;   // boolean switches
};

// Options every computing command accepts (docs/method.md §7).
OptionSpec with_compute_options(OptionSpec spec);

class Args {
 public:
  // `values`: every occurrence of each value option ("1" per occurrence for flags), in order.
  Args(std::string command, std::map<std::string, std::vector<std::string>> values,
       std::vector<std::string> positionals);

  bool has(const std::string& name) const;
  bool flag(const std::string& name) const { return has(name); }
  // The last value given for `name`, or `fallback`.
  std::string get(const std::string& name, const std::string& fallback = "") const;
  // Throws InputError "missing --name" when absent.
  std::string require(const std::string& name) const;
  std::vector<std::string> get_all(const std::string& name) const;
  long long get_int(const std::string& name, long long fallback) const;
  double get_double(const std::string& name, double fallback) const;
  const std::vector<std::string>& positionals() const { return positionals_; }
  const std::string& command() const { return command_; }

 private:
  std::string command_;
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positionals_;
};

// Parses "1,2,3" into integers / doubles; InputError naming the option on bad items.
std::vector<int> parse_int_list(const std::string& option, const std::string& text);
std::vector<double> parse_double_list(const std::string& option, const std::string& text);

}  // namespace lrc::cli
