// Data-parallel meta-training and sharded inversion through the real binary, on the loopback
// interface (scripts/cluster/local.sh starts the ranks):
// - 2 ranks (and 4 ranks on this machine's few cores) with K episodes per step end with the
//   meta-LoRA of 1 rank with the same K and seed (fp32, max abs difference ≤ 1e-5); K matters
//   (K = 2 differs from K = 1), so the equality is not that of two runs that ignore the ranks;
// - killing one rank mid-run stops the other with a clear error within the c10d timeout, leaves
//   no result, and --resume with 1 rank finishes the job (equal to an uninterrupted run);
// - a malformed rendezvous (WORLD_SIZE 0, RANK ≥ WORLD_SIZE, a port in use) is exit 2;
// - invert --zoo --shard 0/2 + 1/2 write exactly the pools (tensors, seeds, loss curves) of one
//   unsharded run.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <torch/torch.h>

#include "cli_runner.h"
#include "harness.h"
#include "model/adapter_io.h"
#include "recycle/meta_train.h"
#include "recycle/pool.h"
#include "runtime/distributed.h"

using namespace lrc;
namespace fs = std::filesystem;

namespace {

std::string cli() {
  const char* c = std::getenv("LRC_CLI");
  return c ? c : "lora-recycle-cli";
}

std::string local_sh() {
  const char* s = std::getenv("LRC_LOCAL_SH");
  return s ? s : "scripts/cluster/local.sh";
}

// The command's exit status (-1 when it did not exit normally).
int shell(const std::string& command) {
  const int rc = std::system(command.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string& work() {
  static const std::string dir = [] {
    const std::string d = test::scratch_dir() + "/dist";
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

std::string model() {
  return test::data_path("models/timm");
}

const std::string kNoRendezvous =
    "env -u RANK -u WORLD_SIZE -u SLURM_PROCID -u SLURM_NTASKS -u SLURM_ARRAY_TASK_ID "
    "-u SLURM_ARRAY_TASK_COUNT -u SLURM_ARRAY_TASK_MIN ";

// A 3-member zoo and its pools (made once).
const std::string& zoo() {
  static const std::string dir = [] {
    const std::string d = work() + "/zoo";
    CHECK_EQ(test::run_cli("make-zoo --model " + model() + " --data " + test::data_path("images") +
                               " --count 3 --way 2 --steps 3 --out " + d,
                           " --threads 1 >/dev/null 2>&1"),
             0);
    return d;
  }();
  return dir;
}

std::string invert_args() {
  return "invert --model " + model() + " --zoo " + zoo() +
         " --iterations 4 --per-class 4 --prune-layers 0 --prune-ratios 0.5 --seed 3 --no-png "
         "--precision fp32 --threads 1";
}

const std::string& pools() {
  static const std::string dir = [] {
    const std::string d = work() + "/pools";
    CHECK_EQ(shell(kNoRendezvous + cli() + " " + invert_args() + " --zoo-batch 1 --out " + d +
                   " >/dev/null 2>&1"),
             0);
    return d;
  }();
  return dir;
}

std::string meta_args(const std::string& out, int64_t episodes, int per_step) {
  return "meta-train --model " + model() + " --zoo " + zoo() + " --pool " + pools() + " --out " +
         out + " --way 2 --shot 1 --query 2 --mask-ratio 0.5 --episodes " +
         std::to_string(episodes) + " --episodes-per-step " + std::to_string(per_step) +
         " --seed 11 --precision fp32 --threads 1 --dist-timeout 20";
}

// One process: no rendezvous variables at all.
int one_rank(const std::string& args) {
  return shell(kNoRendezvous + cli() + " " + args + " >/dev/null 2>&1");
}

int ranks(int n, const std::string& args, const std::string& log_dir) {
  return shell("LRC_CLI=" + cli() + " LRC_RANK_LOG_DIR=" + log_dir + " bash " + local_sh() + " " +
               std::to_string(n) + " " + args + " >/dev/null 2>&1");
}

double max_abs_diff(const std::string& a_path, const std::string& b_path) {
  const LoraAdapter a = read_adapter(a_path), b = read_adapter(b_path);
  CHECK_EQ(a.entries.size(), b.entries.size());
  double worst = 0;
  for (const auto& e : a.entries) {
    const LoraEntry* f = b.find(e.layer, e.target);
    CHECK(f != nullptr);
    if (!f) return 1e9;
    worst = std::max(worst, (e.A - f->A).abs().max().item<double>());
    worst = std::max(worst, (e.B - f->B).abs().max().item<double>());
  }
  return worst;
}

void skip_without_c10d() {
  if (!dist::available()) LRC_SKIP("this LibTorch has no c10d/Gloo");
}

void check_ranks_equal_one(int n, int per_step) {
  skip_without_c10d();
  const std::string base = work() + "/eq" + std::to_string(n);
  const int64_t steps = 12;
  CHECK_EQ(one_rank(meta_args(base + "_one.safetensors", steps, per_step) + " --checkpoint-dir " +
                    base + "_one.ck"),
           0);
  const auto start = std::chrono::steady_clock::now();
  CHECK_EQ(ranks(n,
                 meta_args(base + "_many.safetensors", steps, per_step) + " --checkpoint-dir " +
                     base + "_many.ck",
                 base + "_logs"),
           0);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double diff = max_abs_diff(base + "_one.safetensors", base + "_many.safetensors");
  std::printf("  %d ranks, %d episodes per step, %lld steps: max |diff| %.3g vs 1 rank (%.2f s)\n",
              n, per_step, static_cast<long long>(steps), diff, secs);
  CHECK(diff <= 1e-5);
  // Only rank 0 wrote: its log says so, the others' say they left it to rank 0.
  CHECK(read_file(base + "_logs/rank_0.log").find("wrote ") != std::string::npos);
  CHECK(read_file(base + "_logs/rank_1.log").find("rank 0 writes the result") != std::string::npos);
  // K matters: one episode per step ends elsewhere.
  CHECK_EQ(one_rank(meta_args(base + "_k1.safetensors", steps, 1) + " --checkpoint-dir " + base +
                    "_k1.ck"),
           0);
  CHECK(max_abs_diff(base + "_one.safetensors", base + "_k1.safetensors") > 1e-4);
}

pid_t spawn(const std::string& command) {
  const pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", ("exec " + command).c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// The exit status of `pid`, waiting at most `limit` (-2 when it is still running then).
int wait_for(pid_t pid, std::chrono::seconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    int st = 0;
    if (waitpid(pid, &st, WNOHANG) == pid) return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -2;
}

std::string rank_env(int rank, int world, int port) {
  return "env RANK=" + std::to_string(rank) + " WORLD_SIZE=" + std::to_string(world) +
         " MASTER_ADDR=127.0.0.1 MASTER_PORT=" + std::to_string(port) + " ";
}

}  // namespace

LRC_TEST(two_ranks_with_two_episodes_per_step_equal_one_rank) {
  check_ranks_equal_one(2, 2);
}

LRC_TEST(four_ranks_with_four_episodes_per_step_equal_one_rank) {
  check_ranks_equal_one(4, 4);
}

// meta-train --processes N starts the helper ranks itself (the door the GUI's Training page
// uses): the same meta-LoRA as one process with the same global batch.
LRC_TEST(processes_2_starts_its_own_helper_rank_and_equals_one_process) {
  skip_without_c10d();
  const std::string base = work() + "/procs";
  const int64_t steps = 10;
  CHECK_EQ(one_rank(meta_args(base + "_one.safetensors", steps, 2) + " --checkpoint-dir " + base +
                    "_one.ck"),
           0);
  const std::string log = base + ".log";
  CHECK_EQ(shell(kNoRendezvous + cli() + " " + meta_args(base + "_two.safetensors", steps, 2) +
                 " --checkpoint-dir " + base + "_two.ck --processes 2 >" + log + " 2>&1"),
           0);
  const double diff = max_abs_diff(base + "_one.safetensors", base + "_two.safetensors");
  std::printf("  --processes 2: max |diff| %.3g vs 1 process\n", diff);
  CHECK(diff <= 1e-5);
  const std::string out = read_file(log);
  CHECK(out.find("started 1 helper process on 127.0.0.1:") != std::string::npos);
  CHECK(out.find("over 2 ranks") != std::string::npos);
  // The helper's own log, next to the checkpoints.
  CHECK(read_file(base + "_two.ck/ranks/rank_1.log").find("rank 1 of 2: 10 steps done") !=
        std::string::npos);
  // Not inside a run that torchrun or srun started.
  const int port = dist::free_loopback_port();
  const std::string err_log = base + "_env.log";
  CHECK_EQ(shell(rank_env(0, 2, port) + cli() + " " + meta_args(base + "_x.safetensors", 2, 2) +
                 " --processes 2 --dist-timeout 2 >/dev/null 2>" + err_log),
           2);
  CHECK(read_file(err_log).find("several local processes cannot be started inside a run") !=
        std::string::npos);
  CHECK(!fs::exists(base + "_x.safetensors"));
}

LRC_TEST(a_killed_rank_stops_the_run_cleanly_and_one_rank_resumes_it) {
  skip_without_c10d();
  const std::string base = work() + "/kill";
  const std::string out = base + ".safetensors", ck = base + ".ck";
  const int64_t steps = 1500;
  const std::string args = meta_args(out, steps, 2) + " --checkpoint-every 10 --checkpoint-dir " +
                           ck + " --dist-timeout 10";
  const int port = dist::free_loopback_port();
  const pid_t r0 = spawn(rank_env(0, 2, port) + cli() + " " + args + " >" + base + "_0.log 2>&1");
  const pid_t r1 = spawn(rank_env(1, 2, port) + cli() + " " + args + " >" + base + "_1.log 2>&1");
  // Kill rank 1 once the first checkpoint is there (the run is under way).
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (list_checkpoints(ck).empty() && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CHECK(!list_checkpoints(ck).empty());
  kill(r1, SIGKILL);
  const auto killed = std::chrono::steady_clock::now();
  CHECK_EQ(wait_for(r1, std::chrono::seconds(5)), -1);
  const int rc0 = wait_for(r0, std::chrono::seconds(30));
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
  if (rc0 == -2) kill(r0, SIGKILL), waitpid(r0, nullptr, 0);
  const std::string log0 = read_file(base + "_0.log");
  std::printf(
      "  rank 0 stopped %.2f s after rank 1 was killed, exit %d:\n  %s\n", secs, rc0,
      log0.substr(log0.find("error") == std::string::npos ? 0 : log0.find("error")).c_str());
  CHECK_EQ(rc0, 1);
  CHECK(secs < 10 + 5);  // within the timeout (plus the process's own exit)
  CHECK(log0.find("distributed run: rank 0 of 2") != std::string::npos);
  CHECK(log0.find("--resume") != std::string::npos);
  CHECK(!fs::exists(out));  // no partial result
  const auto left = list_checkpoints(ck);
  CHECK(!left.empty() && left.back().first < steps);
  // One rank, the same global batch: finishes from the last checkpoint ...
  CHECK_EQ(one_rank(args + " --resume"), 0);
  CHECK(fs::exists(out));
  // ... and ends where an uninterrupted run ends.
  CHECK_EQ(one_rank(meta_args(base + "_straight.safetensors", steps, 2) + " --checkpoint-dir " +
                    base + "_straight.ck"),
           0);
  CHECK(max_abs_diff(out, base + "_straight.safetensors") <= 1e-5);
}

LRC_TEST(a_malformed_rendezvous_is_exit_2) {
  const std::string args = meta_args(work() + "/bad.safetensors", 2, 2) + " 2>&1 >/dev/null";
  auto rc_and_err = [&](const std::string& env, std::string& err) {
    const std::string log = work() + "/bad.log";
    const int rc = shell("env -u SLURM_PROCID -u SLURM_NTASKS " + env + " " + cli() + " " + args +
                         " 2>" + log);
    err = read_file(log);
    return rc;
  };
  std::string err;
  CHECK_EQ(rc_and_err("RANK=0 WORLD_SIZE=0", err), 2);
  CHECK(err.find("WORLD_SIZE=0: the world size must be at least 1") != std::string::npos);
  CHECK_EQ(rc_and_err("RANK=2 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=1234", err), 2);
  CHECK(err.find("RANK=2 is outside [0, WORLD_SIZE)") != std::string::npos);
  CHECK_EQ(rc_and_err("RANK=0 WORLD_SIZE=x", err), 2);
  CHECK(err.find("not an integer") != std::string::npos);
  CHECK_EQ(rc_and_err("RANK=1", err), 2);
  CHECK(err.find("RANK is set but WORLD_SIZE is not") != std::string::npos);
  CHECK_EQ(rc_and_err("RANK=0 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1", err), 2);
  CHECK(err.find("MASTER_PORT is not set") != std::string::npos);
  CHECK_EQ(rc_and_err("-u RANK -u WORLD_SIZE SLURM_PROCID=3 SLURM_NTASKS=2", err), 2);
  CHECK(err.find("SLURM_PROCID=3 is outside") != std::string::npos);
  // Slurm's batch script sees SLURM_NTASKS of the whole allocation but is one process: without
  // srun it would wait for ranks that never start.
  const std::string batch =
      "-u RANK -u WORLD_SIZE -u SLURM_STEPID -u SLURM_STEP_ID SLURM_JOB_ID=7 "
      "SLURM_PROCID=0 SLURM_NTASKS=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=1234";
  CHECK_EQ(rc_and_err(batch, err), 2);
  CHECK(err.find("Slurm's batch script, not one of srun's tasks") != std::string::npos);
  CHECK(err.find("start the command with srun") != std::string::npos);
  CHECK_EQ(rc_and_err(batch + " SLURM_STEP_ID=4294967291", err), 2);  // the batch step's ID
  CHECK(err.find("Slurm's batch script") != std::string::npos);
  if (!dist::available()) return;
  // A port that something else already listens on.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_ANY);
  a.sin_port = 0;
  CHECK_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  CHECK_EQ(listen(fd, 4), 0);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  const int port = ntohs(a.sin_port);
  CHECK_EQ(
      rc_and_err("RANK=0 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=" + std::to_string(port),
                 err),
      2);
  CHECK(err.find("MASTER_PORT " + std::to_string(port) + ": rank 0 cannot listen") !=
        std::string::npos);
  close(fd);
}

LRC_TEST(sharded_inversion_writes_the_pools_of_one_unsharded_run) {
  // One member at a time (--zoo-batch 1) in both, so each member's inversion is the same
  // computation; members batched together agree only to float rounding (tst_cli_invert_batch).
  const std::string out = work() + "/sharded";
  const std::string args = invert_args() + " --zoo-batch 1 --out " + out;
  CHECK_EQ(shell(kNoRendezvous + cli() + " " + args + " --shard 1/2 >/dev/null 2>&1"), 0);
  CHECK(!fs::exists(out + "/lora_000"));  // shard 1/2 holds members 1 only (of 0, 1, 2)
  CHECK(fs::exists(out + "/lora_001/pool.safetensors"));
  CHECK(!fs::exists(out + "/lora_002"));
  // Shard 0/2 from a Slurm array's variables (task 5 of an array starting at 5).
  CHECK_EQ(shell(kNoRendezvous +
                 "SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=5 "
                 "SLURM_ARRAY_TASK_COUNT=2 " +
                 cli() + " " + args + " >/dev/null 2>&1"),
           0);
  // Run again: everything is there, nothing is redone.
  const std::string log = work() + "/sharded.log";
  CHECK_EQ(shell(kNoRendezvous + cli() + " " + args + " --shard 0/2 >" + log + " 2>&1"), 0);
  CHECK(read_file(log).find("kept " + out + "/lora_002 (already inverted)") != std::string::npos);
  CHECK(read_file(log).find("lora_001") == std::string::npos);
  for (const char* member : {"lora_000", "lora_001", "lora_002"}) {
    const SurrogatePool pa = load_pool(pools() + "/" + member), pb = load_pool(out + "/" + member);
    CHECK(torch::equal(pa.pixels, pb.pixels));
    CHECK(torch::equal(pa.labels, pb.labels));
    CHECK(torch::equal(pa.mask, pb.mask));
    CHECK_EQ(pa.info.get_int("seed", -1), pb.info.get_int("seed", -2));
    CHECK_EQ(pa.teacher_accuracy, pb.teacher_accuracy);
    // The same loss curve (the files differ only in what they record of time and place).
    CHECK(pa.info.at("losses").dump() == pb.info.at("losses").dump());
  }
}

LRC_TEST(a_bad_shard_is_exit_2) {
  const std::string log = work() + "/shard.log";
  auto rc = [&](const std::string& env_and_flag) {
    return shell(kNoRendezvous + env_and_flag + " " + cli() + " invert --model m --zoo z --out o" +
                 " >/dev/null 2>" + log);
  };
  for (const char* bad : {"2/2", "a/b", "1/0", "-1/2", "3", "0/2x"}) {
    CHECK_EQ(shell(kNoRendezvous + cli() + " invert --model m --zoo z --out o --shard " + bad +
                   " >/dev/null 2>" + log),
             2);
    CHECK(read_file(log).find("--shard \"" + std::string(bad) + "\"") != std::string::npos);
  }
  CHECK_EQ(rc("SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_COUNT=2"), 2);
  CHECK(read_file(log).find("SLURM_ARRAY_TASK_COUNT") != std::string::npos);
  CHECK_EQ(shell(kNoRendezvous + cli() + " invert --model m --adapter a --out o --shard 0/2 " +
                 ">/dev/null 2>" + log),
           2);
  CHECK(read_file(log).find("--shard needs --zoo") != std::string::npos);
}

// A bare --device cuda / auto in a multi-process run picks the rank's own GPU.
LRC_TEST(each_rank_uses_the_cuda_device_of_its_local_rank) {
  CHECK_EQ(dist::cuda_index_for_local_rank(std::nullopt, 8), 0);
  CHECK_EQ(dist::cuda_index_for_local_rank(3, 8), 3);
  CHECK_EQ(dist::cuda_index_for_local_rank(3, 1), 0);  // srun --gpus-per-task: one visible
  std::string err;
  try {
    dist::cuda_index_for_local_rank(4, 2);
  } catch (const InputError& e) {
    err = e.what();
  }
  CHECK(err.find("local rank 4") != std::string::npos);
  CHECK(err.find("has 2 CUDA devices") != std::string::npos);
  for (const char* v : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "SLURM_PROCID", "SLURM_NTASKS",
                        "SLURM_LOCALID", "SLURM_JOB_ID"})
    unsetenv(v);
  setenv("LOCAL_RANK", "1", 1);
  CHECK(!dist::local_rank_from_environment());  // no multi-process run: no local rank
  setenv("RANK", "1", 1);
  setenv("WORLD_SIZE", "2", 1);
  CHECK_EQ(dist::local_rank_from_environment().value_or(-1), 1);
  unsetenv("LOCAL_RANK");
  unsetenv("RANK");
  unsetenv("WORLD_SIZE");
  setenv("SLURM_PROCID", "3", 1);
  setenv("SLURM_NTASKS", "4", 1);
  setenv("SLURM_LOCALID", "1", 1);
  CHECK_EQ(dist::local_rank_from_environment().value_or(-1), 1);
  for (const char* v : {"SLURM_PROCID", "SLURM_NTASKS", "SLURM_LOCALID"}) unsetenv(v);
}
