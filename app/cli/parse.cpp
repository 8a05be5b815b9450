#include "parse.h"

#include <iostream>
#include <map>
#include <regex>
#include <sstream>

#include "api/session.h"
#include "io/error.h"
#include "io/text.h"

namespace lrc::cli {

namespace {

const char* const kComputeGroup = "compute options";

std::string see_help(const std::string& command) {
  return " (see lora-recycle-cli help " + command + ")";
}

// CLI11 says "--model is required"; this CLI has always said what the command needs.
std::string required_message(const std::string& command, const std::string& what) {
  static const std::regex re("^([-A-Za-z0-9_]+)(,[^ ]*)? is required");
  std::smatch m;
  if (std::regex_search(what, m, re)) return "\"" + command + "\" needs " + m[1].str();
  return what + see_help(command);
}

// Extras are allowed so that an unknown option gets this CLI's message (not CLI11's list).
void reject_extras(const std::string& command, const std::vector<std::string>& extras) {
  for (const auto& a : extras)
    if (a.size() > 1 && a[0] == '-')
      throw InputError("unknown option " + a.substr(0, a.find('=')) + " for \"" + command + "\"" +
                       see_help(command));
  if (!extras.empty())
    throw InputError("unexpected argument \"" + extras.front() + "\" for \"" + command + "\"" +
                     see_help(command));
}

// A fresh CLI11 app for the command, its options declared; `runner` is set for declared commands.
std::unique_ptr<CLI::App> make_app(const Command& c, std::function<int()>* runner) {
  auto app = std::make_unique<CLI::App>(c.summary, "lora-recycle-cli " + c.name);
  app->allow_extras();
  app->set_help_flag("-h,--help", "this help");
  app->get_formatter()->column_width(34);
  // A repeated option: the last one wins (scripts append overrides to a base command line).
  app->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  *runner = c.declare(*app);
  return app;
}

}  // namespace

CLI::Validator at_least(double min) {
  std::ostringstream name;
  name << ">=" << min;
  return CLI::Validator(
      [min](std::string& text) -> std::string {
        double v = 0;
        if (!CLI::detail::lexical_cast(text, v)) return "expects a number, got \"" + text + "\"";
        if (v < min) {
          std::ostringstream out;
          out << "must be at least " << min << ", got " << text;
          return out.str();
        }
        return {};
      },
      name.str());
}

void add_compute_options(CLI::App& app, ComputeFlags& f) {
  app.add_option("--device", f.device, "cpu, cuda, cuda:N or auto")
      ->capture_default_str()
      ->group(kComputeGroup);
  app.add_option("--threads", f.threads, "LibTorch threads (0: every core)")
      ->capture_default_str()
      ->check(at_least(0))
      ->group(kComputeGroup);
  app.add_option("--seed", f.seed, "random seed: the same seed gives the same result")
      ->capture_default_str()
      ->group(kComputeGroup);
  app.add_option("--precision", f.precision,
                 "auto (bf16 on CPUs with AVX512-BF16 or AMX and CUDA devices with bf16, fp32 "
                 "elsewhere), fp32, bf16 or fp16")
      ->capture_default_str()
      ->check(CLI::IsMember(api::precision_options()))
      ->group(kComputeGroup);
}

void add_episode_options(CLI::App& app, int& way, int& shot, int& query) {
  app.add_option("--way", way, "classes per episode")->capture_default_str()->check(at_least(2));
  app.add_option("--shot", shot, "support images per class")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--query", query, "query images per class")
      ->capture_default_str()
      ->check(at_least(1));
}

CLI::Option* add_required(CLI::App& app, const std::string& name, std::string& value,
                          const std::string& description) {
  return app.add_option(name, value, description)->required();
}

std::string command_help(const Command& c) {
  std::function<int()> runner;
  return make_app(c, &runner)->help();
}

int run_command(const Command& c, const std::vector<std::string>& argv) {
  std::function<int()> runner;
  const auto app = make_app(c, &runner);
  try {
    std::vector<std::string> reversed(argv.rbegin(), argv.rend());  // CLI11's order
    app->parse(reversed);
  } catch (const CLI::CallForHelp&) {
    std::cout << command_help(c);
    return 0;
  } catch (const CLI::RequiredError& e) {
    throw InputError(required_message(c.name, e.what()));
  } catch (const CLI::ParseError& e) {
    throw InputError(std::string(e.what()) + see_help(c.name));
  }
  reject_extras(c.name, app->remaining());
  return runner();
}

}  // namespace lrc::cli

namespace lrc::cli {

namespace {
template <typename T>
std::vector<T> parse_list(const std::string& option, const std::string& text, const char* what) {
  std::vector<T> out;
  for (const std::string& item : split_list(text)) {
    if (item.empty()) continue;
    T v{};
    if (!CLI::detail::lexical_cast(item, v))
      throw InputError("option --" + option + " expects a comma-separated list of " + what +
                       ", got \"" + text + "\"");
    out.push_back(v);
  }
  return out;
}
}  // namespace

std::vector<int> parse_int_list(const std::string& option, const std::string& text) {
  return parse_list<int>(option, text, "integers");
}

std::vector<double> parse_double_list(const std::string& option, const std::string& text) {
  return parse_list<double>(option, text, "numbers");
}

}  // namespace lrc::cli
