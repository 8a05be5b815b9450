#include "api/recorded_accuracy.h"

#include <fstream>
#include <sstream>

#include "io/error.h"
#include "io/json.h"

namespace lrc::api {

namespace {

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

RecordedAccuracy row_of(const Json& row) {
  RecordedAccuracy r;
  r.setting = row.at("setting").as_string();
  r.method = row.at("method").as_string();
  r.mean = row.at("mean").as_number();
  r.ci95 = row.at("ci95").as_number();
  if (!(r.mean >= 0 && r.mean <= 1) || !(r.ci95 >= 0 && r.ci95 <= 1))
    throw InputError("mean and ci95 must be fractions in [0, 1]");
  return r;
}

}  // namespace

std::vector<RecordedAccuracy> read_recorded_accuracy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read the accuracy table");
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > (size_t(4) << 20))
    throw InputError(path + ": the accuracy table is larger than 4 MiB");
  std::vector<RecordedAccuracy> out;
  try {
    const Json j = Json::parse(text.str());
    if (!j.is_array()) throw InputError("a JSON array of rows expected");
    for (const Json& row : j.as_array()) out.push_back(row_of(row));
  } catch (const std::exception& e) {
    throw InputError(path + ": not an accuracy table (" + e.what() + ")");
  }
  return out;
}

bool plain_and_recycled(const std::vector<RecordedAccuracy>& table, const std::string& setting,
                        int mask_percent, RecordedAccuracy& plain, RecordedAccuracy& recycled) {
  const RecordedAccuracy* p = nullptr;
  const RecordedAccuracy* first = nullptr;
  const RecordedAccuracy* match = nullptr;
  const std::string mask = "mask " + std::to_string(mask_percent) + " %";
  for (const auto& r : table) {
    if (r.setting != setting) continue;
    if (!p && starts_with(r.method, "plain")) p = &r;
    if (starts_with(r.method, "LoRA Recycle")) {
      if (!first) first = &r;
      if (!match && r.method.find(mask) != std::string::npos) match = &r;
    }
  }
  const RecordedAccuracy* rec = match ? match : first;
  if (!p || !rec) return false;
  plain = *p;
  recycled = *rec;
  return true;
}

}  // namespace lrc::api
