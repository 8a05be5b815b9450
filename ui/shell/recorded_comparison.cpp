#include "shell/recorded_comparison.h"

#include <cmath>

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

#include "api/recorded_accuracy.h"
#include "common/api_types.h"

namespace lrc::ui {

namespace {

QString percent(const api::RecordedAccuracy& r) {
  const QLocale locale;
  return QCoreApplication::translate("lrc::ui::RecordedComparison", "%1 ± %2 %")
      .arg(locale.toString(r.mean * 100, 'f', 1), locale.toString(r.ci95 * 100, 'f', 1));
}

}  // namespace

QString recordedComparisonText(const api::DefaultAssets& defaults, const api::Recipe* recipe) {
  if (defaults.accuracy.empty()) return {};
  std::vector<api::RecordedAccuracy> table;
  try {
    table = api::read_recorded_accuracy(defaults.accuracy);
  } catch (const std::exception&) {
    return {};  // nothing recorded is better than a wrong claim
  }
  const int mask =
      recipe ? int(std::lround(std::max(0.0, recipe->meta_train.mask_ratio) * 100)) : 50;
  QStringList parts;
  for (const char* setting : {"Glyphs 5-way 1-shot", "Fashion-MNIST 5-way 1-shot"}) {
    api::RecordedAccuracy plain, recycled;
    if (!api::plain_and_recycled(table, setting, mask, plain, recycled)) continue;
    parts << QCoreApplication::translate("lrc::ui::RecordedComparison",
                                         "%1: plain model %2 · LoRA Recycle %3")
                 .arg(qs(setting), percent(plain), percent(recycled));
  }
  if (parts.isEmpty()) return {};
  return QCoreApplication::translate(
             "lrc::ui::RecordedComparison",
             "Recorded on the embedded default (mean ± 95 % interval, the same episodes for both):")
      .append(QStringLiteral("<br>"))
      .append(parts.join(QStringLiteral("<br>")));
}

}  // namespace lrc::ui
