// Queries with known labels: a query whose folder is a class's name (a class folder of a
// labelled set, as the sample task and most datasets are laid out) or holds that class's support
// images belongs to that class. With them the playground shows the task's accuracy per
// classifier, marks each prediction right or wrong, and exports the predictions as CSV.
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

#include <vector>

#include "common/api_types.h"
#include "common/csv.h"

namespace lrc::ui {

// The class `queryPath` is known to belong to, or -1: first the class named like the query's
// folder (exactly, then ignoring case), else the one class whose support images lie in that
// folder. Ambiguous (several classes match) is -1: a guess would make the accuracy lie.
int knownClassOf(const QString& queryPath, const QStringList& classNames,
                 const QVector<QStringList>& supportPaths);

struct KnownAccuracy {
  int known = 0;    // answered queries with a known class
  int correct = 0;  // of those, predicted right
  double fraction() const { return known > 0 ? double(correct) / double(known) : 0.0; }
};

// Over the rows (query paths) with truth[row] ≥ 0 that `answers` answered without an error.
KnownAccuracy knownAccuracy(const QStringList& rows, const QVector<int>& truth,
                            const std::vector<api::QueryAnswer>& answers);

// One CSV line per row: query, known_class, then per classifier (plain, meta; a classifier that
// did not run leaves its cells empty) prediction, probability, correct. RFC 4180 quoting.
QString predictionsCsv(const QStringList& rows, const QVector<int>& truth,
                       const QStringList& classNames, const std::vector<api::QueryAnswer>& plain,
                       const std::vector<api::QueryAnswer>& meta);

}  // namespace lrc::ui
