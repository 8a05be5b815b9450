// Free disk space checks for jobs that write a lot (the surrogate pools of a meta-training run):
// refusing at the start, with the numbers, beats failing after an hour of inverting.
#pragma once

#include <cstdint>
#include <string>

namespace lrc {

// Bytes free to this user on the file system that holds `path` (or its nearest existing
// ancestor: the folder a job will create does not exist yet); UINT64_MAX when unknown.
uint64_t free_bytes(const std::string& path);

// Throws InputError naming `path`, what needs the room, and both sizes in MB when `available`
// is below `needed`.
void check_free_space(const std::string& path, uint64_t needed, uint64_t available,
                      const std::string& what);

}  // namespace lrc
