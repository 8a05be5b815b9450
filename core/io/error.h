// Exception types of the core. Every message names the file (or key) and the problem, and where
// possible a hint, so the CLI and UI can show it unchanged.
#pragma once

#include <stdexcept>
#include <string>

namespace lrc {

// Base of every error the core throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The user's input is wrong: a malformed or mismatched file, a bad flag value, an impossible
// request. The CLI maps it to exit code 2.
class InputError : public Error {
 public:
  using Error::Error;
};

// A job noticed its cancel flag and stopped early; not a failure.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled") {}
};

// "file: problem" — the single place that formats file-related messages.
inline std::string file_message(const std::string& path, const std::string& problem) {
  return path + ": " + problem;
}

}  // namespace lrc
