// Recently opened models, collections (adapter folders) and playground tasks, newest first, kept
// in QSettings for File ▸ Open Recent. The embedded default is never listed: it has its own
// menu entry.
#pragma once

#include <QString>
#include <QVector>

namespace lrc::ui {

struct RecentEntry {
  enum class Kind { Model, Collection, Task };
  Kind kind = Kind::Model;
  QString path;
};

constexpr int kMaxRecent = 10;

// Moves `path` to the front (an entry of the same path and kind is replaced).
void noteRecent(RecentEntry::Kind kind, const QString& path);
QVector<RecentEntry> recentEntries();
void forgetRecent(const QString& path);
void clearRecent();

}  // namespace lrc::ui
