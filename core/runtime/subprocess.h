// Child processes of this program (the helper ranks of a local data-parallel run): started with
// posix_spawn, their output appended to a log file, waited for with a limit, stopped on request.
// POSIX only; no shell is involved, so arguments need no quoting. Each child has a process group
// of its own (a terminal's Ctrl-C goes to the parent alone).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lrc {

class ChildProcess {
 public:
  // Starts `executable` with `args` (argv[1…]) and this process's environment with `env`'s
  // variables set (an empty value unsets one); stdout and stderr go to `log_path` (created or
  // truncated). Throws lrc::Error naming the program when it cannot be started.
  static ChildProcess spawn(const std::string& executable, const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env,
                            const std::string& log_path);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // Stops (SIGTERM, then SIGKILL) and reaps a child that is still running: none outlives us.
  ~ChildProcess();

  // The exit status once it has ended (128 + N when signal N ended it); nullopt while running.
  std::optional<int> poll();
  // Waits at most `limit`; nullopt when it is still running then.
  std::optional<int> wait_for(std::chrono::milliseconds limit);
  // SIGTERM, then SIGKILL after `grace`; returns the exit status.
  int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

  pid_t pid() const { return pid_; }
  const std::string& log_path() const { return log_path_; }

 private:
  ChildProcess(pid_t pid, std::string log_path) : pid_(pid), log_path_(std::move(log_path)) {}
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::string log_path_;
};

// The last `max_lines` non-empty lines of a text file, joined by "; " (for error messages);
// empty when it cannot be read.
std::string last_lines(const std::string& path, int max_lines = 3);

// The program this process runs (/proc/self/exe); empty when the system does not say.
std::string this_executable();

}  // namespace lrc
