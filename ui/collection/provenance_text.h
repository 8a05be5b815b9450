// An adapter's recorded provenance (JSON, as its file stores it) as lines a person reads:
// "key: value", nested keys joined with dots, numbers rounded to 4 significant digits in the
// interface's locale, absolute paths cut to their file name (a path on the machine that made the
// adapter says nothing here and leaks its folders). Not JSON: shown as it is.
#pragma once

#include <QString>

namespace lrc::ui {

QString provenanceText(const QString& json);

}  // namespace lrc::ui
