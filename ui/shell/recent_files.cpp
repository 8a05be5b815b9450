#include "shell/recent_files.h"

#include <QFileInfo>
#include <QSettings>
#include <QStringList>

namespace lrc::ui {

namespace {

const char* const kKey = "recent/entries";

QString kindName(RecentEntry::Kind k) {
  switch (k) {
    case RecentEntry::Kind::Model:
      return QStringLiteral("model");
    case RecentEntry::Kind::Collection:
      return QStringLiteral("collection");
    case RecentEntry::Kind::Task:
      return QStringLiteral("task");
  }
  return {};
}

// Stored as "kind\tpath" strings: readable in the settings file, no parser of our own.
void store(const QVector<RecentEntry>& entries) {
  QStringList out;
  for (const RecentEntry& e : entries) out << kindName(e.kind) + QLatin1Char('\t') + e.path;
  QSettings().setValue(QLatin1String(kKey), out);
}

}  // namespace

QVector<RecentEntry> recentEntries() {
  QVector<RecentEntry> out;
  for (const QString& line : QSettings().value(QLatin1String(kKey)).toStringList()) {
    const int tab = line.indexOf(QLatin1Char('\t'));
    if (tab <= 0 || tab == line.size() - 1) continue;  // a hand-edited or foreign value
    const QString kind = line.left(tab);
    RecentEntry e;
    e.path = line.mid(tab + 1);
    if (kind == QLatin1String("model"))
      e.kind = RecentEntry::Kind::Model;
    else if (kind == QLatin1String("collection"))
      e.kind = RecentEntry::Kind::Collection;
    else if (kind == QLatin1String("task"))
      e.kind = RecentEntry::Kind::Task;
    else
      continue;
    out << e;
    if (out.size() == kMaxRecent) break;
  }
  return out;
}

void noteRecent(RecentEntry::Kind kind, const QString& path) {
  if (path.isEmpty()) return;
  const QString absolute = QFileInfo(path).absoluteFilePath();
  QVector<RecentEntry> entries = recentEntries();
  entries.removeIf([&](const RecentEntry& e) { return e.kind == kind && e.path == absolute; });
  entries.prepend({kind, absolute});
  if (entries.size() > kMaxRecent) entries.resize(kMaxRecent);
  store(entries);
}

void forgetRecent(const QString& path) {
  QVector<RecentEntry> entries = recentEntries();
  entries.removeIf([&](const RecentEntry& e) { return e.path == path; });
  store(entries);
}

void clearRecent() {
  QSettings().remove(QLatin1String(kKey));
}

}  // namespace lrc::ui
