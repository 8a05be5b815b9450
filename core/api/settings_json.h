// Job settings as JSON, for handing a job to another process of this program (the helper ranks of
// a local data-parallel run read the settings rank 0 was given). Every field round-trips exactly;
// absent keys keep the defaults, so an older file still reads.
#pragma once

#include "api/jobs.h"
#include "io/json.h"

namespace lrc::api {

Json to_json(const InversionSettings& s);
Json to_json(const MetaTrainSettings& s);
// Throw InputError naming the key when a value has the wrong type.
InversionSettings inversion_settings_from(const Json& j);
MetaTrainSettings meta_train_settings_from(const Json& j);

}  // namespace lrc::api
