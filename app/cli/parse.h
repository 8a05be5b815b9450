// Parsing a subcommand's arguments with CLI11: one declaration gives the options, their defaults,
// validation and help. Parse errors become lrc::InputError (exit code 2) worded for this CLI.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.h"

namespace lrc::cli {

// Parses `argv` (the arguments after the command name) and runs the command; prints the help
// for -h/--help. Throws InputError for unknown options, missing or malformed values.
int run_command(const Command& command, const std::vector<std::string>& argv);

// The command's help text (usage, options with defaults).
std::string command_help(const Command& command);

// Number validators with this CLI's wording ("must be at least 1, got 0").
CLI::Validator at_least(double min);

// --device, --threads, --seed, --precision bound to `flags`, in the "compute options" group.
void add_compute_options(CLI::App& app, ComputeFlags& flags);

// --way, --shot, --query of N-way K-shot episodes (defaults: the bound values).
void add_episode_options(CLI::App& app, int& way, int& shot, int& query);

// A value option that must be given: "\"<command>\" needs --name" when it is not.
CLI::Option* add_required(CLI::App& app, const std::string& name, std::string& value,
                          const std::string& description);

// "3,6,9" → integers / "0.3,0.3" → numbers; InputError naming the option on a bad item.
std::vector<int> parse_int_list(const std::string& option, const std::string& text);
std::vector<double> parse_double_list(const std::string& option, const std::string& text);

}  // namespace lrc::cli
