#include "collection/adapter_table_model.h"

#include <cmath>

#include <QLocale>
#include <QBrush>
#include <QColor>
#include <QFileInfo>
#include <QFont>
#include <QtConcurrent/QtConcurrentRun>

#include "common/icons.h"

namespace lrc::ui {

AdapterTableModel::AdapterTableModel(QObject* parent) : QAbstractTableModel(parent) {
  connect(&m_recheck, &QFutureWatcher<QVector<api::AdapterRecord>>::finished, this, [this] {
    if (m_recheck.isCanceled()) return;
    if (m_recheck.property("serial").toInt() != m_recheckSerial) return;  // stale
    m_rechecking = false;
    const auto updated = m_recheck.result();
    // Rows may have changed meanwhile: match by path.
    for (const auto& r : updated) {
      const int row = rowOfPath(qs(r.path));
      if (row < 0) continue;
      m_records[row].compatible = r.compatible;
      m_records[row].compat_reason = r.compat_reason;
      m_records[row].delta_norms = r.delta_norms;
    }
    if (!m_records.isEmpty())
      Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    Q_EMIT compatibilityUpdated();
  });
}

int AdapterTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : m_records.size();
}
int AdapterTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

const api::AdapterRecord* AdapterTableModel::record(int row) const {
  return row >= 0 && row < m_records.size() ? &m_records[row] : nullptr;
}

int AdapterTableModel::rowOfPath(const QString& path) const {
  for (int i = 0; i < m_records.size(); ++i)
    if (qs(m_records[i].path) == path) return i;
  return -1;
}

const api::AdapterRecord* AdapterTableModel::findByPath(const QString& path) const {
  return record(rowOfPath(path));
}

QVariant AdapterTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  if (role == Qt::DisplayRole) {
    switch (section) {
      case Name:
        return tr("Name");
      case Format:
        return tr("Format");
      case Fits:
        return tr("Fits model");
      case Rank:
        return tr("Rank");
      case Targets:
        return tr("Targets");
      case Layers:
        return tr("Layers");
      case Parameters:
        return tr("Parameters");
      case Size:
        return tr("Size");
      case Classes:
        return tr("Classes");
      case Accuracy:
        return tr("Accuracy");
      default:
        return {};
    }
  }
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case Fits:
        return tr("Whether the adapter's shapes fit the open model (hover a cell for the reason)");
      case Rank:
        return tr("LoRA rank r (the largest when targets differ)");
      case Targets:
        return tr("Linear layers the LoRA sits on");
      case Parameters:
        return tr("Number of LoRA parameters (A and B)");
      case Accuracy:
        return tr("Held-out accuracy of the pre-tuned LoRA, when its file records it");
      default:
        return {};
    }
  }
  return {};
}

namespace {

QString classesText(const api::AdapterRecord& r) {
  const auto names = r.display_classes();
  if (names.empty()) return QString();
  QStringList list = qsList(names);
  if (list.size() > 6)
    return list.mid(0, 6).join(QStringLiteral(", ")) + QStringLiteral(", … (%1)").arg(list.size());
  return list.join(QStringLiteral(", "));
}

// Messages name the file first ("PATH: problem"); the row already says which file it is.
QString withoutPath(const api::AdapterRecord& r, const std::string& message) {
  QString m = qs(message);
  const QString prefix = qs(r.path) + QStringLiteral(": ");
  if (m.startsWith(prefix)) m = m.mid(prefix.size());
  return m;
}

QString layersText(const std::vector<int>& layers) {
  if (layers.empty()) return QString();
  // Ranges: 0–11 or 0, 2, 5.
  bool contiguous = true;
  for (size_t i = 1; i < layers.size(); ++i)
    contiguous = contiguous && layers[i] == layers[i - 1] + 1;
  if (contiguous && layers.size() > 2)
    return QStringLiteral("%1–%2").arg(layers.front()).arg(layers.back());
  QStringList parts;
  for (int l : layers) parts << QString::number(l);
  return parts.join(QStringLiteral(", "));
}

}  // namespace

QVariant AdapterTableModel::data(const QModelIndex& index, int role) const {
  const api::AdapterRecord* r = record(index.row());
  if (!r) return {};
  const int col = index.column();
  if (role == PathRole) return qs(r->path);
  if (role == OkRole) return r->ok;
  if (role == CompatibleRole) return r->ok && r->compatible;
  if (role == FilterTextRole)
    return QStringList{qs(r->name),    qs(r->format),
                       qs(r->targets), qsList(r->display_classes()).join(QLatin1Char(' ')),
                       qs(r->path),    qs(r->error)}
        .join(QLatin1Char(' '));
  if (role == Qt::TextAlignmentRole &&
      (col == Rank || col == Parameters || col == Size || col == Accuracy))
    return int(Qt::AlignRight | Qt::AlignVCenter);
  if (!r->ok) {
    // A broken file: its name, the flag and the error across the row.
    if (role == Qt::DisplayRole) {
      if (col == Name) return qs(r->name);
      if (col == Format) return tr("broken");
      if (col == Fits) return withoutPath(*r, r->error);
      if (col == Size) return formatBytes(r->size_bytes);
      return {};
    }
    if (role == Qt::DecorationRole && col == Name) return Icons::get(Icons::Error);
    if (role == Qt::ForegroundRole) return QBrush(QColor(0xb0, 0x2a, 0x1e));
    if (role == Qt::ToolTipRole)
      return tr("%1\n\nThis file cannot be used: %2").arg(qs(r->path), qs(r->error));
    if (role == SortRole)
      return col == Name ? QVariant(qs(r->name).toLower()) : QVariant(QString());
    return {};
  }
  switch (role) {
    case Qt::DisplayRole:
      switch (col) {
        case Name:
          return qs(r->name);
        case Format:
          return qs(r->format);
        case Fits:
          return r->compatible ? tr("yes") : withoutPath(*r, r->compat_reason);
        case Rank:
          return QString::number(r->rank);
        case Targets:
          return qs(r->targets);
        case Layers:
          return layersText(r->layers);
        case Parameters:
          return QLocale().toString(qlonglong(r->parameters));
        case Size:
          return formatBytes(r->size_bytes);
        case Classes:
          return classesText(*r);
        case Accuracy:
          return std::isnan(r->accuracy)
                     ? QString()
                     : QStringLiteral("%1 %").arg(QLocale().toString(r->accuracy * 100, 'f', 1));
      }
      return {};
    case SortRole:
      switch (col) {
        case Fits:
          return r->compatible ? 1 : 0;
        case Rank:
          return qlonglong(r->rank);
        case Layers:
          return qlonglong(r->layers.size());
        case Parameters:
          return qlonglong(r->parameters);
        case Size:
          return qulonglong(r->size_bytes);
        case Classes:
          // By how many, then by which: a collection whose members all have 5 classes still
          // sorts visibly.
          return QStringLiteral("%1 %2")
              .arg(r->display_classes().size(), 6, 10, QLatin1Char('0'))
              .arg(classesText(*r).toLower());
        case Accuracy:
          return std::isnan(r->accuracy) ? -1.0 : r->accuracy;
        default:
          return data(index, Qt::DisplayRole).toString().toLower();
      }
    case Qt::DecorationRole:
      if (col == Fits) return Icons::get(r->compatible ? Icons::Ok : Icons::Warning);
      if (col == Name && !r->warnings.empty()) return Icons::get(Icons::Warning);
      return {};
    case Qt::ForegroundRole:
      if (!r->compatible && col == Fits) return QBrush(QColor(0x8a, 0x5a, 0x00));
      return {};
    case Qt::ToolTipRole:
      if (col == Fits) return qs(r->compat_reason);
      if (col == Name) {
        QString tip = qs(r->path);
        for (const auto& w : r->warnings) tip += QStringLiteral("\n⚠ ") + qs(w);
        return tip;
      }
      if (col == Classes) return qsList(r->display_classes()).join(QStringLiteral(", "));
      return {};
    case Qt::TextAlignmentRole:
      if (col == Rank || col == Parameters || col == Size || col == Accuracy)
        return int(Qt::AlignRight | Qt::AlignVCenter);
      return {};
  }
  return {};
}

void AdapterTableModel::setRecords(QVector<api::AdapterRecord> records, const QString& folder) {
  beginResetModel();
  m_records = std::move(records);
  m_folder = folder;
  endResetModel();
  Q_EMIT recordsChanged();
}

void AdapterTableModel::addRecords(const QVector<api::AdapterRecord>& records) {
  for (const auto& r : records) {
    const int row = rowOfPath(qs(r.path));
    if (row >= 0) {
      m_records[row] = r;
      Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    } else {
      beginInsertRows({}, m_records.size(), m_records.size());
      m_records.push_back(r);
      endInsertRows();
    }
  }
  Q_EMIT recordsChanged();
}

void AdapterTableModel::clear() {
  setRecords({}, QString());
}

void AdapterTableModel::recheck(ModelPtr model) {
  const int serial = ++m_recheckSerial;
  m_rechecking = true;
  auto records = m_records;
  m_recheck.setProperty("serial", serial);
  m_recheck.setFuture(QtConcurrent::run([records, model]() mutable {
    for (auto& r : records) api::recheck_compatibility(r, model.get());
    return records;
  }));
}

AdapterFilterProxy::AdapterFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {
  setSortRole(AdapterTableModel::SortRole);
  setFilterCaseSensitivity(Qt::CaseInsensitive);
}

void AdapterFilterProxy::setText(const QString& text) {
  m_text = text.trimmed();
  invalidateFilter();
}

void AdapterFilterProxy::setCompatibleOnly(bool on) {
  m_compatibleOnly = on;
  invalidateFilter();
}

bool AdapterFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
  if (m_compatibleOnly && !idx.data(AdapterTableModel::CompatibleRole).toBool()) return false;
  if (m_text.isEmpty()) return true;
  const QString hay = idx.data(AdapterTableModel::FilterTextRole).toString();
  const auto words = m_text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
  for (const QString& w : words)
    if (!hay.contains(w, Qt::CaseInsensitive)) return false;
  return true;
}

}  // namespace lrc::ui
