// The accuracy table recorded for the embedded default (accuracy.json beside it, written by
// bench/accuracy): what a user came for — the plain model against LoRA Recycle on the same
// seeded episodes — shown on the start page and in the playground without re-running anything.
//
// Format: a JSON array of {"setting": text, "method": text, "mean": number, "ci95": number}
// (mean and ci95 as fractions).
#pragma once

#include <string>
#include <vector>

namespace lrc::api {

struct RecordedAccuracy {
  std::string setting;  // e.g. "Glyphs 5-way 1-shot"
  std::string method;   // e.g. "plain VFM + prototypes"
  double mean = 0.0;
  double ci95 = 0.0;
};

// Throws InputError naming the file when it cannot be read or is not such a table.
std::vector<RecordedAccuracy> read_recorded_accuracy(const std::string& path);

// The plain model's and the shipped recycled model's rows of one setting: `plain` is the row
// whose method starts with "plain", `recycled` the "LoRA Recycle" row whose mask matches
// mask_percent (else the first "LoRA Recycle" row). False when either is missing.
bool plain_and_recycled(const std::vector<RecordedAccuracy>& table, const std::string& setting,
                        int mask_percent, RecordedAccuracy& plain, RecordedAccuracy& recycled);

}  // namespace lrc::api
