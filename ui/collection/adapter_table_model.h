// The LoRA collection as a table: one row per adapter file (broken ones included, flagged with
// their error). Shared by the Collection, Inversion and Training workspaces.
#pragma once

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <QSortFilterProxyModel>
#include <QVector>

#include "common/api_types.h"

namespace lrc::ui {

class AdapterTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    Name,
    Format,
    Fits,
    Rank,
    Targets,
    Layers,
    Parameters,
    Size,
    Classes,
    Accuracy,
    ColumnCount
  };
  enum Role { SortRole = Qt::UserRole + 1, PathRole, OkRole, CompatibleRole, FilterTextRole };

  explicit AdapterTableModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  void setRecords(QVector<api::AdapterRecord> records, const QString& folder);
  // Adds records (replacing rows with the same path).
  void addRecords(const QVector<api::AdapterRecord>& records);
  void clear();
  const QVector<api::AdapterRecord>& records() const { return m_records; }
  const api::AdapterRecord* record(int row) const;
  const api::AdapterRecord* findByPath(const QString& path) const;
  int rowOfPath(const QString& path) const;
  QString folder() const { return m_folder; }

  // Re-checks every row against `model` on a worker thread; emits compatibilityUpdated().
  void recheck(ModelPtr model);
  bool isRechecking() const { return m_rechecking; }

 Q_SIGNALS:
  void compatibilityUpdated();
  void recordsChanged();

 private:
  QVector<api::AdapterRecord> m_records;
  QString m_folder;
  QFutureWatcher<QVector<api::AdapterRecord>> m_recheck;
  int m_recheckSerial = 0;
  bool m_rechecking = false;  // until the latest recheck's result is applied
};

// Text filter (name, format, targets, classes, path) and "compatible only".
class AdapterFilterProxy : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit AdapterFilterProxy(QObject* parent = nullptr);
  void setText(const QString& text);
  void setCompatibleOnly(bool on);
  bool compatibleOnly() const { return m_compatibleOnly; }

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  QString m_text;
  bool m_compatibleOnly = false;
};

}  // namespace lrc::ui
