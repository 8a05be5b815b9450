// The facade's plain types as Qt metatypes, and the small conversions every widget needs.
// Includes core/api headers only (never torch): see core/api/session.h.
#pragma once

#include <memory>
#include <string>

#include <QImage>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include "api/collection.h"
#include "api/jobs.h"
#include "api/session.h"

namespace lrc::ui {

inline QString qs(const std::string& s) {
  return QString::fromStdString(s);
}
inline std::string ss(const QString& s) {
  return s.toStdString();
}
QStringList qsList(const std::vector<std::string>& v);
std::vector<std::string> ssList(const QStringList& v);

// A deep copy of an RGB buffer (the QImage owns its pixels).
QImage toQImage(const api::Image& image);

using SnapshotPtr = std::shared_ptr<const api::SnapshotInfo>;
using ModelPtr = std::shared_ptr<const api::Model>;

// "12.3 MiB", "512 B".
QString formatBytes(quint64 bytes);
// "1:05", "2:03:10" for seconds; "–" for negative.
QString formatDuration(double seconds);

// A device's name in the interface language ("CPU (2 threads)"); GPU names stay as the driver
// reports them.
QString deviceLabel(const api::DeviceOption& device);

// User text (class and file names) inside a sentence, wrapped in Unicode first-strong and
// pop-directional isolates: a right-to-left name ("ר") keeps its own direction without pulling
// the numbers and symbols around it into its run.
QString isolated(const QString& userText);

}  // namespace lrc::ui

Q_DECLARE_METATYPE(lrc::api::ProgressInfo)
Q_DECLARE_METATYPE(lrc::api::AdapterRecord)
Q_DECLARE_METATYPE(lrc::ui::SnapshotPtr)
Q_DECLARE_METATYPE(lrc::ui::ModelPtr)
