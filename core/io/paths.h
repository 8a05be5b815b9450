// Paths recorded in what a job writes (provenance, indexes). A file made on one machine and
// shipped (the embedded default, a shared collection) must not carry that machine's folders: the
// path is stored relative to the folder of the file that records it.
#pragma once

#include <string>

namespace lrc {

// `target` relative to the folder of `recording_file` ("../data/zoo"); the file name of `target`
// when no relative form exists (another drive). Empty stays empty.
std::string path_for_record(const std::string& target, const std::string& recording_file);

}  // namespace lrc
