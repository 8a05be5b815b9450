#include "common/csv.h"

#include <QCoreApplication>
#include <QSaveFile>

namespace lrc::ui {

QString csvField(const QString& text) {
  QString t = text;
  if (!t.isEmpty() && QStringLiteral("=+-@").contains(t.front())) t.prepend(QLatin1Char('\''));
  if (t.contains(QLatin1Char(',')) || t.contains(QLatin1Char('"')) ||
      t.contains(QLatin1Char('\n')) || t.contains(QLatin1Char('\r'))) {
    t.replace(QLatin1String("\""), QLatin1String("\"\""));
    t = QLatin1Char('"') + t + QLatin1Char('"');
  }
  return t;
}

bool writeTextFileAtomically(const QString& path, const QByteArray& bytes, QString* error) {
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
    if (error)
      *error = QCoreApplication::translate("lrc::ui::Csv", "Cannot write %1: %2")
                   .arg(path, f.errorString());
    return false;
  }
  return true;
}

}  // namespace lrc::ui
