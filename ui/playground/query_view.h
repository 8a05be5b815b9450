// The playground's queries: one row per query image with its thumbnail and, per classifier
// (plain VFM, VFM + meta-LoRA), the predicted class, probability bars and the distance to every
// class prototype.
#pragma once

#include <QColor>
#include <QMetaType>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QVector>

#include "common/api_types.h"
#include "common/files.h"

namespace lrc::ui {

struct CellResult {
  QStringList classes;
  QVector<QColor> colors;
  QVector<double> probabilities;
  QVector<double> distances;
  int predicted = -1;
  int truth = -1;  // the query's known class (known_labels.h), -1 when unknown
  QString error;
  bool valid() const { return predicted >= 0 && error.isEmpty(); }
};

class ResultDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  static constexpr int kMaxBars = 5;
  // "→ name  98.3 %" (and "(is name)" when a known label disagrees), names isolated.
  static QString headline(const CellResult& r);
};

// The query column: the thumbnail above its file name (elided in the middle; the tooltip has the
// whole path), so queries can be told apart by name as well as by look.
class QueryImageDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  using QStyledItemDelegate::QStyledItemDelegate;

 protected:
  void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

class QueryTable : public QTableWidget {
  Q_OBJECT
 public:
  enum Column { ImageColumn, PlainColumn, MetaColumn };
  static constexpr int kResultRole = Qt::UserRole + 10;
  static constexpr int kPathRole = Qt::UserRole + 11;

  explicit QueryTable(QWidget* parent = nullptr);
  void addQueries(const QVector<Thumbnail>& thumbnails);
  QStringList paths() const;
  void removeSelected();
  void clearQueries();
  void setResult(int row, Column column, const CellResult& result);
  CellResult result(int row, Column column) const;
  void clearResults();
  // Names the distance both result columns are computed under in their headers.
  void setMetricName(const QString& name);

 Q_SIGNALS:
  void queriesChanged();
  // Before rows are removed (Delete, Clear): the page keeps an undo step.
  void aboutToRemoveQueries();

 protected:
  void keyPressEvent(QKeyEvent* event) override;
};

}  // namespace lrc::ui

Q_DECLARE_METATYPE(lrc::ui::CellResult)
