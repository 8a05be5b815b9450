// The only file that sees c10d and Gloo (core/CMakeLists.txt defines LRC_HAVE_C10D for it when
// this LibTorch ships the headers and Gloo's are installed).
#include "runtime/distributed.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <limits>

#include <torch/torch.h>

#include "io/error.h"

#if LRC_HAVE_C10D
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO 1
#endif
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

namespace lrc::dist {

namespace {

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

long env_int(const char* name, long lo, long hi) {
  const char* v = env(name);
  errno = 0;
  char* end = nullptr;
  const long x = std::strtol(v, &end, 10);
  if (errno || end == v || *end != '\0')
    throw InputError(std::string(name) + "=\"" + v + "\" is not an integer");
  if (x < lo || x > hi)
    throw InputError(std::string(name) + "=" + v + " must lie in [" + std::to_string(lo) + ", " +
                     std::to_string(hi) + "]");
  return x;
}

// Whether this process is a task of an srun job step. Slurm's batch script and the extern and
// interactive steps carry SLURM_JOB_ID and SLURM_NTASKS too, but either no step ID or one of
// Slurm's reserved IDs (0xfffffff0 and above); only srun's tasks get a plain step number.
bool in_srun_step() {
  const char* id = env("SLURM_STEP_ID") ? env("SLURM_STEP_ID") : env("SLURM_STEPID");
  if (!id) return false;
  errno = 0;
  char* end = nullptr;
  const unsigned long long x = std::strtoull(id, &end, 10);
  return !errno && end != id && *end == '\0' && x < 0xfffffff0ULL;
}

// The variable holding a rank's index on its node: LOCAL_RANK (torchrun), else SLURM_LOCALID
// (srun); nullptr when neither is set.
const char* local_rank_variable() {
  if (env("LOCAL_RANK")) return "LOCAL_RANK";
  return env("SLURM_LOCALID") ? "SLURM_LOCALID" : nullptr;
}

// RANK/WORLD_SIZE, else the Slurm pair; false when neither is set.
bool rank_and_size(int& rank, int& size, std::string& source) {
  const char* rank_name = "RANK";
  const char* size_name = "WORLD_SIZE";
  if (!env(rank_name) && !env(size_name)) {
    rank_name = "SLURM_PROCID";
    size_name = "SLURM_NTASKS";
    if (!env(rank_name) && !env(size_name)) return false;
  }
  source = std::string(rank_name) + "/" + size_name;
  if (!env(rank_name) || !env(size_name))
    throw InputError(std::string(env(rank_name) ? rank_name : size_name) + " is set but " +
                     (env(rank_name) ? size_name : rank_name) +
                     " is not: set both (or neither, for one process)");
  const long s = env_int(size_name, std::numeric_limits<int>::min(), 1 << 20);
  if (s < 1)
    throw InputError(std::string(size_name) + "=" + env(size_name) +
                     ": the world size must be at least 1");
  const long r =
      env_int(rank_name, std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
  if (r < 0 || r >= s)
    throw InputError(std::string(rank_name) + "=" + env(rank_name) + " is outside [0, " +
                     size_name + ") = [0, " + std::to_string(s) + ")");
  if (s > 1 && std::string(rank_name) == "SLURM_PROCID" && env("SLURM_JOB_ID") && !in_srun_step())
    throw InputError(std::string("SLURM_NTASKS=") + env(size_name) +
                     " but this process is Slurm's batch script, not one of srun's tasks "
                     "(SLURM_STEP_ID is not set): start the command with srun so that all " +
                     env(size_name) +
                     " ranks run (alone it would wait for ranks that never start)");
  rank = int(r), size = int(s);
  return true;
}

[[noreturn]] void rethrow_as_group_error(const Group& g, const char* what_failed,
                                         const std::exception& e, std::chrono::seconds timeout) {
  throw Error("distributed run: rank " + std::to_string(g.rank()) + " of " +
              std::to_string(g.size()) + ": " + what_failed +
              " failed (another rank died or did not answer within " +
              std::to_string(timeout.count()) +
              " s; the job stops here, resume it from the last "
              "checkpoint with --resume): " +
              std::string(e.what()).substr(0, 400));
}

}  // namespace

std::optional<Rendezvous> rendezvous_from_environment() {
  Rendezvous r;
  if (!rank_and_size(r.rank, r.world_size, r.source)) return std::nullopt;
  if (const char* name = local_rank_variable()) r.local_rank = int(env_int(name, 0, 1 << 20));
  if (r.world_size == 1) return r;
  const char* addr = env("MASTER_ADDR");
  if (!addr)
    throw InputError("MASTER_ADDR is not set: a run of " + std::to_string(r.world_size) +
                     " processes needs the address of rank 0's host");
  r.master_addr = addr;
  if (!env("MASTER_PORT"))
    throw InputError("MASTER_PORT is not set: a run of " + std::to_string(r.world_size) +
                     " processes needs the port rank 0 listens on");
  r.master_port = int(env_int("MASTER_PORT", 1, 65535));
  return r;
}

int free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw Error(std::string("cannot open a socket: ") + std::strerror(errno));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;  // the kernel picks a free one
  socklen_t len = sizeof a;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0;
  const int saved = errno;
  close(fd);
  if (!ok)
    throw Error(std::string("cannot find a free port on 127.0.0.1: ") + std::strerror(saved));
  return ntohs(a.sin_port);
}

std::optional<int> local_rank_from_environment() {
  int rank = 0, size = 1;
  std::string source;
  if (!rank_and_size(rank, size, source) || size == 1) return std::nullopt;
  const char* name = local_rank_variable();
  if (!name) return std::nullopt;
  return int(env_int(name, 0, 1 << 20));
}

int cuda_index_for_local_rank(std::optional<int> local_rank, int device_count) {
  if (!local_rank || *local_rank < device_count) return local_rank.value_or(0);
  // srun --gpus-per-task (or a per-rank CUDA_VISIBLE_DEVICES) leaves each rank one device.
  if (device_count == 1) return 0;
  throw InputError("local rank " + std::to_string(*local_rank) +
                   " (LOCAL_RANK or SLURM_LOCALID) "
                   "but this node has " +
                   std::to_string(device_count) +
                   " CUDA devices: start at most one rank per device on each node, or name "
                   "the device (--device cuda:N)");
}

std::vector<int64_t> episodes_of_rank(int64_t step, int64_t per_step, int rank, int world) {
  std::vector<int64_t> out;
  for (int64_t j = rank; j < per_step; j += world) out.push_back(step * per_step + j);
  return out;
}

std::pair<int, int> parse_shard(const std::string& text, const std::string& what) {
  const auto slash = text.find('/');
  auto number = [&](const std::string& s, long& x) {
    errno = 0;
    char* end = nullptr;
    x = std::strtol(s.c_str(), &end, 10);
    return !s.empty() && !errno && end && *end == '\0' && s[0] != '-' && s[0] != '+' && s[0] != ' ';
  };
  long i = 0, n = 0;
  if (slash == std::string::npos || !number(text.substr(0, slash), i) ||
      !number(text.substr(slash + 1), n))
    throw InputError(what + " \"" + text + "\": expected I/N, e.g. 0/4");
  if (n < 1 || n > (1 << 24)) throw InputError(what + " \"" + text + "\": N must be at least 1");
  if (i >= n)
    throw InputError(what + " \"" + text + "\": I must lie in [0, N), here [0, " +
                     std::to_string(n) + ")");
  return {int(i), int(n)};
}

std::pair<int, int> shard_from_environment() {
  if (env("SLURM_ARRAY_TASK_ID") || env("SLURM_ARRAY_TASK_COUNT")) {
    if (!env("SLURM_ARRAY_TASK_ID") || !env("SLURM_ARRAY_TASK_COUNT"))
      throw InputError("a Slurm array shard needs SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT");
    const long id = env_int("SLURM_ARRAY_TASK_ID", 0, std::numeric_limits<int>::max());
    const long min = env("SLURM_ARRAY_TASK_MIN") ? env_int("SLURM_ARRAY_TASK_MIN", 0, id) : 0;
    return parse_shard(std::to_string(id - min) + "/" + env("SLURM_ARRAY_TASK_COUNT"),
                       "SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN / SLURM_ARRAY_TASK_COUNT");
  }
  int rank = 0, size = 1;
  std::string source;
  if (!rank_and_size(rank, size, source)) return {0, 1};
  return {rank, size};
}

// ---------------------------------------------------------------- the group

#if LRC_HAVE_C10D

struct Group::Impl {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> pg;
};

bool available() {
  return true;
}

std::unique_ptr<Group> Group::join(const Rendezvous& r, std::chrono::seconds timeout) {
  if (r.world_size <= 1) return single();
  if (timeout.count() < 1) throw InputError("the distributed timeout must be at least 1 s");
  auto impl = std::make_unique<Impl>();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout);
  c10d::TCPStoreOptions opts;
  opts.port = uint16_t(r.master_port);
  opts.isServer = r.rank == 0;
  opts.numWorkers = size_t(r.world_size);
  opts.waitWorkers = true;
  opts.timeout = ms;
  const std::string where = r.master_addr + ":" + std::to_string(r.master_port);
  try {
    impl->store = c10::make_intrusive<c10d::TCPStore>(r.master_addr, opts);
  } catch (const std::exception& e) {
    const std::string what = e.what();
    if (r.rank == 0 &&
        (what.find("in use") != std::string::npos || what.find("listen") != std::string::npos ||
         what.find("bind") != std::string::npos))
      throw InputError("MASTER_PORT " + std::to_string(r.master_port) +
                       ": rank 0 cannot listen there (the port is in use or not available on " +
                       r.master_addr + "); choose a free port");
    throw Error("distributed run: rank " + std::to_string(r.rank) + " of " +
                std::to_string(r.world_size) + " could not meet the others at " + where +
                " within " + std::to_string(timeout.count()) + " s (" + r.source +
                "): " + what.substr(0, 400));
  }
  try {
    auto options = c10d::ProcessGroupGloo::Options::create(ms);
    // The interface Gloo's own connections use: GLOO_SOCKET_IFNAME as in PyTorch, the loopback
    // when rank 0 is on this host's loopback, else this host's name.
    const char* ifname = env("GLOO_SOCKET_IFNAME");
    const bool loopback = r.master_addr == "localhost" || r.master_addr.rfind("127.", 0) == 0;
    if (ifname)
      options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
    else if (loopback)
      options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    else
      options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    options->threads = 2;
    auto store = c10::make_intrusive<c10d::PrefixStore>("lrc", impl->store);
    impl->pg = c10::make_intrusive<c10d::ProcessGroupGloo>(store, r.rank, r.world_size, options);
  } catch (const std::exception& e) {
    throw Error("distributed run: rank " + std::to_string(r.rank) + " of " +
                std::to_string(r.world_size) + " could not set up the Gloo group via " + where +
                " within " + std::to_string(timeout.count()) +
                " s: " + std::string(e.what()).substr(0, 400));
  }
  return std::unique_ptr<Group>(new Group(r.rank, r.world_size, std::move(impl), timeout));
}

void Group::all_reduce_sum(std::vector<torch::Tensor>& tensors) {
  if (size_ == 1 || tensors.empty()) return;
  try {
    c10d::AllreduceOptions o;
    o.reduceOp = c10d::ReduceOp::SUM;
    o.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(timeout_);
    auto work = impl_->pg->allreduce(tensors, o);
    work->wait(o.timeout);
  } catch (const std::exception& e) {
    rethrow_as_group_error(*this, "summing the gradients", e, timeout_);
  }
}

void Group::barrier() {
  if (size_ == 1) return;
  try {
    c10d::BarrierOptions o;
    o.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(timeout_);
    impl_->pg->barrier(o)->wait(o.timeout);
  } catch (const std::exception& e) {
    rethrow_as_group_error(*this, "waiting for the other ranks", e, timeout_);
  }
}

#else  // no c10d in this LibTorch

struct Group::Impl {};

bool available() {
  return false;
}

std::unique_ptr<Group> Group::join(const Rendezvous& r, std::chrono::seconds timeout) {
  if (r.world_size <= 1) return single();
  throw InputError(
      "this build has no torch.distributed (c10d with Gloo): it cannot join a run of " +
      std::to_string(r.world_size) + " processes (" + r.source + ")");
}

void Group::all_reduce_sum(std::vector<torch::Tensor>&) {}
void Group::barrier() {}

#endif

Group::Group(int rank, int size, std::unique_ptr<Impl> impl, std::chrono::seconds timeout)
    : rank_(rank), size_(size), timeout_(timeout), impl_(std::move(impl)) {}

Group::~Group() = default;

std::unique_ptr<Group> Group::single() {
  return std::unique_ptr<Group>(new Group(0, 1, std::make_unique<Impl>(), std::chrono::seconds(0)));
}

void Group::all_reduce_mean(std::vector<torch::Tensor>& tensors) {
  if (size_ == 1) return;
  all_reduce_sum(tensors);
  torch::NoGradGuard no_grad;
  for (auto& t : tensors) t.div_(double(size_));
}

}  // namespace lrc::dist
