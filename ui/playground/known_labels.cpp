#include "playground/known_labels.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>

namespace lrc::ui {

namespace {

QString folderOf(const QString& path) {
  return QFileInfo(path).absoluteDir().absolutePath();
}

// The only index satisfying `match`, else -1 (none or several).
template <typename Match>
int onlyMatch(int n, Match match) {
  int found = -1;
  for (int i = 0; i < n; ++i) {
    if (!match(i)) continue;
    if (found >= 0) return -1;
    found = i;
  }
  return found;
}

const api::QueryAnswer* answerFor(const std::vector<api::QueryAnswer>& answers,
                                  const QString& path) {
  for (const auto& a : answers)
    if (qs(a.path) == path) return &a;
  return nullptr;
}

}  // namespace

int knownClassOf(const QString& queryPath, const QStringList& classNames,
                 const QVector<QStringList>& supportPaths) {
  const QString folder = QFileInfo(queryPath).absoluteDir().dirName();
  const int n = int(classNames.size());
  for (Qt::CaseSensitivity cs : {Qt::CaseSensitive, Qt::CaseInsensitive}) {
    const int byName = onlyMatch(n, [&](int i) {
      return !classNames[i].trimmed().isEmpty() && classNames[i].trimmed().compare(folder, cs) == 0;
    });
    if (byName >= 0) return byName;
  }
  const QString dir = folderOf(queryPath);
  return onlyMatch(n, [&](int i) {
    if (i >= supportPaths.size()) return false;
    for (const QString& s : supportPaths[i])
      if (folderOf(s) == dir) return true;
    return false;
  });
}

KnownAccuracy knownAccuracy(const QStringList& rows, const QVector<int>& truth,
                            const std::vector<api::QueryAnswer>& answers) {
  KnownAccuracy out;
  for (int r = 0; r < rows.size() && r < truth.size(); ++r) {
    if (truth[r] < 0) continue;
    const api::QueryAnswer* a = answerFor(answers, rows[r]);
    if (!a || !a->error.empty() || a->predicted < 0) continue;
    ++out.known;
    if (a->predicted == truth[r]) ++out.correct;
  }
  return out;
}

QString predictionsCsv(const QStringList& rows, const QVector<int>& truth,
                       const QStringList& classNames, const std::vector<api::QueryAnswer>& plain,
                       const std::vector<api::QueryAnswer>& meta) {
  // The C locale: a CSV's numbers are read by programs, not people.
  const QLocale c = QLocale::c();
  auto name = [&](int i) { return i >= 0 && i < classNames.size() ? classNames[i] : QString(); };
  QString out = QStringLiteral(
      "query,known_class,plain_prediction,plain_probability,plain_correct,"
      "meta_prediction,meta_probability,meta_correct\n");
  for (int r = 0; r < rows.size(); ++r) {
    const int t = r < truth.size() ? truth[r] : -1;
    QStringList cells{csvField(rows[r]), csvField(name(t))};
    for (const auto* answers : {&plain, &meta}) {
      const api::QueryAnswer* a = answerFor(*answers, rows[r]);
      if (!a || !a->error.empty() || a->predicted < 0) {
        cells << QString() << QString() << QString();
        continue;
      }
      const double p = size_t(a->predicted) < a->probabilities.size()
                           ? a->probabilities[size_t(a->predicted)]
                           : 0.0;
      cells << csvField(name(a->predicted)) << c.toString(p, 'f', 6)
            << (t < 0 ? QString() : QString::number(int(a->predicted == t)));
    }
    out += cells.join(QLatin1Char(',')) + QLatin1Char('\n');
  }
  return out;
}

}  // namespace lrc::ui
