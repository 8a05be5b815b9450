// What a path holds — a model (which family, architecture), an adapter (format, rank, targets,
// layers, scale, classes) or some other safetensors file — as JSON for `info` and the UI.
#pragma once

#include <string>

#include "io/json.h"

namespace lrc {

// Throws InputError (naming the file and the problem) for anything unreadable or unknown.
// With `with_tensors`, lists every tensor's name, dtype and shape.
Json describe_path(const std::string& path, bool with_tensors = true);

// A human-readable rendering of describe_path's JSON.
std::string describe_text(const Json& description);

}  // namespace lrc
