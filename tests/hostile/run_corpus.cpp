// Runs every case of OUT/cases.tsv (make_corpus.cpp) as its own process and checks what a user
// must be able to rely on: the expected exit code (never a signal), stderr matching the case's
// pattern, within its time and peak-memory limits, and no terminal escape byte in the output.
//   run_corpus CORPUS_DIR [CASE_NAME]
// Under sanitizers (LRC_HOSTILE_SANITIZED=1) times are scaled by 10 and memory is not checked
// (shadow memory inflates it).
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Case {
  std::string name;
  int rc = 0;
  double seconds = 0;
  long mib = 0;
  std::string err;
  std::vector<std::string> args;
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, '\t')) out.push_back(cell);
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

struct Outcome {
  bool timed_out = false;
  int status = 0;
  double seconds = 0;
  long max_rss_mib = 0;
  std::string out, err;
};

Outcome run(const Case& c, const std::string& dir, double limit) {
  const std::string out_path = dir + "/." + c.name + ".out",
                    err_path = dir + "/." + c.name + ".err";
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    // A runaway guard for the machine (the check below is the real limit); not under ASan,
    // which reserves terabytes of address space.
    if (!std::getenv("LRC_HOSTILE_SANITIZED")) {
      rlimit as{rlim_t(16) << 30, rlim_t(16) << 30};
      ::setrlimit(RLIMIT_AS, &as);
    }
    const int o = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int in = ::open("/dev/null", O_RDONLY);
    ::dup2(in, 0), ::dup2(o, 1), ::dup2(e, 2);
    std::vector<char*> argv;
    for (const auto& a : c.args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    std::perror("execv");
    ::_exit(127);
  }
  Outcome r;
  rusage usage{};
  for (;;) {
    const pid_t done = ::wait4(pid, &r.status, WNOHANG, &usage);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (done == pid) break;
    if (r.seconds > limit) {
      r.timed_out = true;
      ::kill(-pid, SIGKILL);
      ::wait4(pid, &r.status, 0, &usage);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  r.max_rss_mib = usage.ru_maxrss / 1024;
  r.out = slurp(out_path), r.err = slurp(err_path);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: run_corpus CORPUS_DIR [CASE]\n";
    return 2;
  }
  const std::string dir = argv[1];
  const std::string only = argc > 2 ? argv[2] : "";
  const bool sanitized = std::getenv("LRC_HOSTILE_SANITIZED") != nullptr;
  std::ifstream list(dir + "/cases.tsv");
  if (!list) {
    std::cerr << dir << "/cases.tsv: missing (run make_corpus first)\n";
    return 1;
  }
  std::vector<Case> cases;
  for (std::string line; std::getline(list, line);) {
    const auto cells = split_tabs(line);
    if (cells.size() < 6) continue;
    Case c{cells[0],
           std::stoi(cells[1]),
           std::stod(cells[2]),
           std::stol(cells[3]),
           cells[4],
           std::vector<std::string>(cells.begin() + 5, cells.end())};
    if (only.empty() || c.name == only) cases.push_back(std::move(c));
  }
  if (cases.empty()) {
    std::cerr << "no cases to run\n";
    return 1;
  }
  int failures = 0;
  for (const Case& c : cases) {
    const double limit = c.seconds * (sanitized ? 10 : 1);
    const Outcome r = run(c, dir, limit);
    std::vector<std::string> problems;
    if (r.timed_out)
      problems.push_back("still running after " + std::to_string(int(limit)) + " s (killed)");
    else if (WIFSIGNALED(r.status))
      problems.push_back(std::string("killed by signal ") + strsignal(WTERMSIG(r.status)));
    else if (WEXITSTATUS(r.status) != c.rc)
      problems.push_back("exit " + std::to_string(WEXITSTATUS(r.status)) + ", expected " +
                         std::to_string(c.rc));
    if (!sanitized && r.max_rss_mib > c.mib)
      problems.push_back("peak memory " + std::to_string(r.max_rss_mib) + " MiB > " +
                         std::to_string(c.mib) + " MiB");
    if (!std::regex_search(r.err, std::regex(c.err)))
      problems.push_back("stderr does not match \"" + c.err + "\"");
    if (r.out.find('\x1b') != std::string::npos || r.err.find('\x1b') != std::string::npos)
      problems.push_back("a raw ESC byte reached the terminal");
    // Decoder libraries may print their own line first (libpng does); ours must be there.
    if (c.rc == 2 && r.err.rfind("error: ", 0) != 0 && r.err.find("\nerror: ") == std::string::npos)
      problems.push_back("bad input without an \"error: \" message");
    std::printf("%-34s %s  exit %-3d %6.2f s %6ld MiB\n", c.name.c_str(),
                problems.empty() ? "ok  " : "FAIL",
                WIFEXITED(r.status) ? WEXITSTATUS(r.status) : -1, r.seconds, r.max_rss_mib);
    for (const auto& p : problems) std::printf("    %s\n", p.c_str());
    if (!problems.empty()) {
      std::printf("    stderr: %.600s\n", r.err.c_str());
      ++failures;
    }
  }
  std::printf("%zu cases, %d failed\n", cases.size(), failures);
  return failures == 0 ? 0 : 1;
}
