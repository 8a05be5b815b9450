// CSV for the files the GUI exports (predictions, plot data): RFC 4180 fields, numbers in the C
// locale (a CSV is read by programs), written atomically.
#pragma once

#include <QString>

namespace lrc::ui {

// A CSV field: quoted (inner quotes doubled) when it holds a comma, a quote or a line break, and
// prefixed with ' when it starts like a spreadsheet formula (=, +, -, @) — names are user data.
QString csvField(const QString& text);

// `text` into `path` through QSaveFile (all or nothing). On failure returns false with `error`
// naming the file and the reason.
bool writeTextFileAtomically(const QString& path, const QByteArray& bytes, QString* error);

}  // namespace lrc::ui
