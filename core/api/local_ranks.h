// The helper processes of a local data-parallel meta-training run
// (MetaTrainSettings::local_processes): rank 0 is the calling process, ranks 1… are this program
// (or the configured helper) started in its hidden worker mode on the loopback interface, with
// the environment torchrun would give them. Internal to core/api.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/jobs.h"
#include "api/session.h"
#include "runtime/distributed.h"
#include "runtime/subprocess.h"

namespace lrc::api {

// The program that runs ranks 1… (helper_executable, else this program); throws InputError
// naming it when it does not exist.
std::string helper_program(const MetaTrainSettings& s);

class LocalRanks {
 public:
  // Writes the helpers' settings to checkpoint_dir()/ranks/settings.json and starts ranks
  // 1 … local_processes − 1 with `threads_per_rank` threads each. Throws InputError when the
  // helper program is missing, lrc::Error when one cannot be started.
  LocalRanks(const Model& model, const MetaTrainSettings& s, int threads_per_rank);
  ~LocalRanks();  // stops the helpers still running
  LocalRanks(const LocalRanks&) = delete;
  LocalRanks& operator=(const LocalRanks&) = delete;

  // What rank 0 joins with (127.0.0.1, the chosen port).
  const dist::Rendezvous& rank0() const { return rank0_; }
  std::string log_dir() const { return log_dir_; }
  // The helpers that have ended with a non-zero status, with the end of their logs; empty when
  // none has (for the message of an error rank 0 saw).
  std::string failures();
  // After rank 0's last step: waits up to `limit` for every helper; one that fails or does not
  // end is reported through `log` (the result is saved by then, so it is not an error).
  void finish(std::chrono::seconds limit, const std::function<void(const std::string&)>& log);

 private:
  dist::Rendezvous rank0_;
  std::string log_dir_;
  std::vector<ChildProcess> helpers_;
};

}  // namespace lrc::api
