// The sentence the start page and the playground show about the embedded default: the plain
// model against LoRA Recycle, as the recorded accuracy table (accuracy.json) has them.
#pragma once

#include <QString>

#include "api/recipe.h"
#include "api/session.h"

namespace lrc::ui {

// Empty when the default records no table (or an unreadable one).
QString recordedComparisonText(const api::DefaultAssets& defaults, const api::Recipe* recipe);

}  // namespace lrc::ui
