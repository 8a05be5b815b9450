// Data-parallel runs across processes, on PyTorch's c10d (a TCPStore rendezvous and a Gloo
// process group on CPU). This header is the whole interface: no c10d or Gloo type leaks out, so
// the rest of the core and the front ends never include them (only distributed.cpp does).
//
// The environment is the one torchrun and srun set: RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT
// (LOCAL_RANK, or srun's SLURM_LOCALID, picks the CUDA device of a rank), with Slurm's SLURM_PROCID
// / SLURM_NTASKS as a fallback for RANK / WORLD_SIZE. Malformed values are InputErrors (exit 2 in
// the CLI); a peer that dies or a collective that does not finish within the timeout is an
// lrc::Error naming the rank.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <torch/types.h>

namespace lrc::dist {

struct Rendezvous {
  int rank = 0;
  int world_size = 1;
  int local_rank = 0;
  std::string master_addr;
  int master_port = 0;
  std::string source;  // "RANK/WORLD_SIZE" or "SLURM_PROCID/SLURM_NTASKS", for messages
};

// The rendezvous described by the environment; nullopt when neither RANK/WORLD_SIZE nor the Slurm
// pair is set (a plain single process). Throws InputError for a malformed one: a non-integer,
// WORLD_SIZE < 1, RANK outside [0, WORLD_SIZE), only one of RANK / WORLD_SIZE, (world size
// > 1) a missing MASTER_ADDR / bad MASTER_PORT, or Slurm's variables seen from the batch script
// itself rather than from srun's tasks (it would wait for ranks that never start).
std::optional<Rendezvous> rendezvous_from_environment();

// The rank's index on its node in a run of more than one process: LOCAL_RANK (torchrun), else
// SLURM_LOCALID (srun); nullopt for a single process or when neither is set.
std::optional<int> local_rank_from_environment();
// The CUDA device a rank uses when the user asked for "cuda" or "auto" without an index: its
// local rank, or 0 when it sees a single device (srun --gpus-per-task hides the others). Throws
// InputError when a node has more ranks than devices.
int cuda_index_for_local_rank(std::optional<int> local_rank, int device_count);

// Whether this build of the core can join a group of more than one process.
bool available();

// A TCP port on 127.0.0.1 that nothing listens on now, for a run of local ranks (the kernel's
// choice; another program could take it before rank 0 listens, which join() reports as a port
// in use). Throws lrc::Error when no socket can be bound.
int free_loopback_port();

// One process's membership of a group. Collectives must be called in the same order on every
// rank. A group of size 1 needs no network and its collectives return at once.
class Group {
 public:
  // Joins (rank 0 hosts the TCPStore on MASTER_PORT). Waits at most `timeout` for the others;
  // the same timeout bounds every later collective. Throws InputError when rank 0 cannot listen
  // on the port (in use), lrc::Error when the others do not arrive in time.
  static std::unique_ptr<Group> join(const Rendezvous& r, std::chrono::seconds timeout);
  // A group of one process (no network).
  static std::unique_ptr<Group> single();
  ~Group();
  Group(const Group&) = delete;
  Group& operator=(const Group&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

  // In place, on every rank: the element-wise sum / mean over the ranks. CPU float tensors.
  void all_reduce_sum(std::vector<torch::Tensor>& tensors);
  void all_reduce_mean(std::vector<torch::Tensor>& tensors);
  void barrier();

 private:
  struct Impl;
  Group(int rank, int size, std::unique_ptr<Impl> impl, std::chrono::seconds timeout);
  int rank_ = 0;
  int size_ = 1;
  std::chrono::seconds timeout_{0};
  std::unique_ptr<Impl> impl_;
};

// The episodes of one optimizer step that `rank` of `world` computes: global episode indices
// step × per_step + j for j = rank, rank + world, … < per_step (one seeded stream, the same
// split on every run).
std::vector<int64_t> episodes_of_rank(int64_t step, int64_t per_step, int rank, int world);

// "I/N" → {I, N}; throws InputError (naming `what`) unless 0 ≤ I < N.
std::pair<int, int> parse_shard(const std::string& text, const std::string& what = "--shard");
// The shard from the environment: a Slurm array (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN of
// SLURM_ARRAY_TASK_COUNT), else RANK/WORLD_SIZE (or SLURM_PROCID/SLURM_NTASKS); {0, 1} when none.
std::pair<int, int> shard_from_environment();

}  // namespace lrc::dist
