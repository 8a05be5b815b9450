#include "api/local_ranks.h"

#include <filesystem>
#include <iostream>
#include <map>

#include "api/settings_json.h"
#include "io/atomic_file.h"
#include "io/error.h"
#include "io/json.h"

namespace fs = std::filesystem;

namespace lrc::api {

std::string helper_program(const MetaTrainSettings& s) {
  const std::string exe = s.helper_executable.empty() ? this_executable() : s.helper_executable;
  std::error_code ec;
  if (exe.empty() || !fs::is_regular_file(exe, ec))
    throw InputError("a run of " + std::to_string(s.local_processes) +
                     " processes needs the program that runs the other ranks, but " +
                     (exe.empty() ? std::string("this system does not say which program runs")
                                  : exe + " does not exist"));
  return exe;
}

namespace {

// A bare "cuda" lets each helper take the GPU of its LOCAL_RANK (runtime/runtime.cpp).
std::string helper_device(const std::string& rank0_device) {
  return rank0_device.rfind("cuda", 0) == 0 ? "cuda" : rank0_device;
}

Json worker_file(const Model& model, const MetaTrainSettings& s, int threads_per_rank) {
  MetaTrainSettings w = s;
  w.local_processes = 1;
  w.helper_executable.clear();
  w.join_environment_group = true;
  w.invert_missing = false;  // rank 0 has inverted them before the helpers start
  w.threads = threads_per_rank;
  Json j = Json::object();
  j["model"] = model.summary().path;
  j["device"] = helper_device(model.summary().device);
  j["settings"] = to_json(w);
  return j;
}

}  // namespace

LocalRanks::LocalRanks(const Model& model, const MetaTrainSettings& s, int threads_per_rank) {
  const std::string exe = helper_program(s);
  log_dir_ = (fs::path(s.checkpoint_dir()) / "ranks").string();
  fs::create_directories(log_dir_);
  const std::string settings_path = (fs::path(log_dir_) / "settings.json").string();
  write_file_atomic(settings_path, worker_file(model, s, threads_per_rank).dump(1));

  rank0_.rank = 0;
  rank0_.world_size = s.local_processes;
  rank0_.local_rank = 0;
  rank0_.master_addr = "127.0.0.1";
  rank0_.master_port = dist::free_loopback_port();
  rank0_.source = "local processes";
  for (int rank = 1; rank < s.local_processes; ++rank) {
    const std::map<std::string, std::string> env{
        {"RANK", std::to_string(rank)},
        {"WORLD_SIZE", std::to_string(s.local_processes)},
        {"LOCAL_RANK", std::to_string(rank)},
        {"MASTER_ADDR", rank0_.master_addr},
        {"MASTER_PORT", std::to_string(rank0_.master_port)},
        // Slurm's own variables would describe another run (the GUI started inside salloc).
        {"SLURM_PROCID", ""},
        {"SLURM_NTASKS", ""},
        {"SLURM_LOCALID", ""},
        {"LRC_TRACE", ""}};
    const std::string log =
        (fs::path(log_dir_) / ("rank_" + std::to_string(rank) + ".log")).string();
    helpers_.push_back(ChildProcess::spawn(exe, {kMetaTrainWorkerFlag, settings_path}, env, log));
  }
}

LocalRanks::~LocalRanks() {
  for (auto& h : helpers_) h.stop();
}

std::string LocalRanks::failures() {
  std::string out;
  for (size_t i = 0; i < helpers_.size(); ++i) {
    // A helper that saw rank 0 fail ends a moment later; give it that moment.
    const auto status = helpers_[i].wait_for(std::chrono::milliseconds(500));
    if (!status || *status == 0) continue;
    out += (out.empty() ? "" : "; ") + std::string("rank ") + std::to_string(i + 1) +
           " exited with status " + std::to_string(*status);
    const std::string tail = last_lines(helpers_[i].log_path(), 2);
    if (!tail.empty()) out += " (" + tail + ")";
  }
  return out;
}

void LocalRanks::finish(std::chrono::seconds limit,
                        const std::function<void(const std::string&)>& log) {
  for (size_t i = 0; i < helpers_.size(); ++i) {
    const auto status = helpers_[i].wait_for(limit);
    if (status && *status == 0) continue;
    const int code = status ? *status : helpers_[i].stop();
    if (log)
      log("rank " + std::to_string(i + 1) +
          (status ? " ended with status " : " did not end; stopped: status ") +
          std::to_string(code) + " after the result was saved (" + helpers_[i].log_path() + ")");
  }
}

int run_meta_training_worker(const std::string& settings_file) {
  try {
    std::string model_path, device;
    MetaTrainSettings s;
    try {  // every problem of the file itself is bad input naming it
      const Json j = Json::parse(read_text_file(settings_file));
      model_path = j.at("model").as_string();
      device = j.at("device").as_string();
      s = meta_train_settings_from(j.at("settings"));
    } catch (const InputError&) {
      throw;
    } catch (const Error& e) {
      throw InputError(e.what());
    }
    const auto model = Model::load(model_path, device);
    s.local_processes = 1;
    s.join_environment_group = true;
    JobControl control;
    JobCallbacksPlain callbacks;
    callbacks.log = [](const std::string& line) { std::cerr << line << "\n"; };
    const MetaTrainOutcome o = run_meta_training(*model, s, callbacks, control);
    std::cerr << "rank " << o.rank << " of " << o.world_size << ": " << o.steps
              << " steps done (rank 0 writes the result)\n";
    return 0;
  } catch (const InputError& e) {
    // Name the settings file once: file errors already do, parse and field errors do not.
    const std::string what = e.what();
    std::cerr << "error: "
              << (what.find(settings_file) == std::string::npos ? settings_file + ": " : "") << what
              << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace lrc::api
