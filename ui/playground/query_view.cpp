#include "playground/query_view.h"

#include <algorithm>
#include <numeric>

#include <QFileInfo>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLocale>
#include <QPainter>

namespace lrc::ui {

namespace {
constexpr int kThumb = 72;
constexpr int kLine = 18;
}  // namespace

void QueryImageDelegate::initStyleOption(QStyleOptionViewItem* option,
                                         const QModelIndex& index) const {
  QStyledItemDelegate::initStyleOption(option, index);
  option->decorationPosition = QStyleOptionViewItem::Top;
  option->decorationAlignment = Qt::AlignHCenter | Qt::AlignTop;
  option->displayAlignment = Qt::AlignHCenter | Qt::AlignBottom;
  option->textElideMode = Qt::ElideMiddle;
}

void ResultDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                           const QModelIndex& index) const {
  QStyleOptionViewItem opt(option);
  initStyleOption(&opt, index);
  opt.text.clear();
  QStyle* style = opt.widget ? opt.widget->style() : nullptr;
  if (style) style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
  const QVariant v = index.data(QueryTable::kResultRole);
  if (!v.canConvert<CellResult>()) return;
  const CellResult r = v.value<CellResult>();
  painter->save();
  painter->setRenderHint(QPainter::Antialiasing);
  const QRect area = option.rect.adjusted(8, 6, -8, -6);
  QFont bold = option.font;
  bold.setBold(true);
  if (!r.error.isEmpty()) {
    painter->setPen(QColor(0xb0, 0x2a, 0x1e));
    painter->drawText(area, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, r.error);
    painter->restore();
    return;
  }
  if (!r.valid()) {
    painter->setPen(option.palette.color(QPalette::PlaceholderText));
    painter->drawText(area, Qt::AlignLeft | Qt::AlignVCenter,
                      tr("waiting for a complete support set…"));
    painter->restore();
    return;
  }
  // Headline: the predicted class and its probability.
  const QColor predColor = r.colors.value(r.predicted, QColor(0x1f, 0x8a, 0x78));
  painter->setFont(bold);
  QRect top(area.left(), area.top(), area.width(), kLine);
  if (r.truth >= 0) {
    // A known label: right or wrong at a glance, and what it should have been.
    const bool right = r.truth == r.predicted;
    const QString mark = right ? QStringLiteral("✓") : QStringLiteral("✗");
    painter->setPen(right ? QColor(0x1e, 0x7d, 0x32) : QColor(0xb0, 0x2a, 0x1e));
    painter->drawText(top, Qt::AlignLeft | Qt::AlignVCenter, mark);
    top.setLeft(top.left() + QFontMetrics(bold).horizontalAdvance(mark) + 4);
  }
  painter->setPen(predColor.darker(115));
  const QString text = headline(r);
  painter->drawText(top, Qt::AlignLeft | Qt::AlignVCenter,
                    QFontMetrics(bold).elidedText(text, Qt::ElideRight, top.width()));
  // Bars for the most probable classes.
  QVector<int> order(r.probabilities.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return r.probabilities[a] > r.probabilities[b]; });
  painter->setFont(option.font);
  const QFontMetrics fm(option.font);
  const int nameW = std::min(area.width() / 3, 110);
  const int tailW = fm.horizontalAdvance(QStringLiteral("100.0 %  d=0000.00"));
  const int barW = std::max(20, area.width() - nameW - tailW - 12);
  int y = area.top() + kLine + 2;
  for (int k = 0; k < std::min<int>(order.size(), kMaxBars); ++k) {
    const int c = order[k];
    const QRect nameRect(area.left(), y, nameW, kLine - 2);
    painter->setPen(option.palette.color(QPalette::Text));
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      fm.elidedText(r.classes.value(c), Qt::ElideRight, nameW));
    const QRect track(area.left() + nameW + 6, y + 3, barW, kLine - 8);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0xec, 0xee, 0xf1));
    painter->drawRoundedRect(track, 3, 3);
    QRect fill = track;
    fill.setWidth(std::max(2, int(track.width() * r.probabilities[c])));
    painter->setBrush(r.colors.value(c, QColor(0x1f, 0x8a, 0x78)));
    painter->drawRoundedRect(fill, 3, 3);
    painter->setPen(option.palette.color(QPalette::Text));
    painter->drawText(QRect(track.right() + 6, y, tailW, kLine - 2),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      QStringLiteral("%1 %  d=%2")
                          .arg(QLocale().toString(r.probabilities[c] * 100, 'f', 1), 5)
                          .arg(QLocale().toString(r.distances.value(c), 'f', 2)));
    y += kLine - 2;
  }
  painter->restore();
}

QString ResultDelegate::headline(const CellResult& r) {
  // Class names are user text: isolated, so a right-to-left name cannot reorder the line.
  QString text = QStringLiteral("→ %1  %2 %")
                     .arg(isolated(r.classes.value(r.predicted)))
                     .arg(QLocale().toString(r.probabilities.value(r.predicted) * 100, 'f', 1));
  if (r.truth >= 0 && r.truth != r.predicted)
    text += QStringLiteral("  ") + tr("(is %1)").arg(isolated(r.classes.value(r.truth)));
  return text;
}

QSize ResultDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
  const QVariant v = index.data(QueryTable::kResultRole);
  int lines = 1;
  if (v.canConvert<CellResult>())
    lines = 1 + std::min<int>(v.value<CellResult>().probabilities.size(), kMaxBars);
  return QSize(320, std::max(kThumb + 8, 12 + lines * (kLine - 1)));
}

void QueryTable::setMetricName(const QString& name) {
  setHorizontalHeaderLabels(
      {tr("Query"), tr("Plain VFM · %1").arg(name), tr("VFM + meta-LoRA · %1").arg(name)});
}

QueryTable::QueryTable(QWidget* parent) : QTableWidget(0, 3, parent) {
  setHorizontalHeaderLabels({tr("Query"), tr("Plain VFM"), tr("VFM + meta-LoRA")});
  setIconSize(QSize(kThumb, kThumb));
  setSelectionBehavior(QAbstractItemView::SelectRows);
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setItemDelegateForColumn(ImageColumn, new QueryImageDelegate(this));
  setItemDelegateForColumn(PlainColumn, new ResultDelegate(this));
  setItemDelegateForColumn(MetaColumn, new ResultDelegate(this));
  verticalHeader()->hide();
  horizontalHeader()->setSectionResizeMode(ImageColumn, QHeaderView::Fixed);
  horizontalHeader()->setSectionResizeMode(PlainColumn, QHeaderView::Stretch);
  horizontalHeader()->setSectionResizeMode(MetaColumn, QHeaderView::Stretch);
  setColumnWidth(ImageColumn, kThumb + 56);  // room for a file name under the thumbnail
  setShowGrid(false);
  setAlternatingRowColors(true);
  setAcceptDrops(false);
  viewport()->setAcceptDrops(false);
  setDragDropMode(QAbstractItemView::NoDragDrop);
  setAccessibleName(tr("Query images and their predictions"));
}

void QueryTable::addQueries(const QVector<Thumbnail>& thumbnails) {
  const QStringList existing = paths();
  int added = 0;
  for (const Thumbnail& t : thumbnails) {
    if (!t.error.isEmpty() || t.image.isNull() || existing.contains(t.path)) continue;
    const int row = rowCount();
    insertRow(row);
    auto* image = new QTableWidgetItem;
    const QImage scaled = t.image.scaled(
        kThumb, kThumb, Qt::KeepAspectRatio,
        t.image.width() < kThumb ? Qt::FastTransformation : Qt::SmoothTransformation);
    image->setData(Qt::DecorationRole, QPixmap::fromImage(scaled));
    image->setData(kPathRole, t.path);
    image->setText(QFileInfo(t.path).fileName());
    image->setToolTip(t.path);
    setItem(row, ImageColumn, image);
    setItem(row, PlainColumn, new QTableWidgetItem);
    setItem(row, MetaColumn, new QTableWidgetItem);
    setRowHeight(row, kThumb + 12 + fontMetrics().height());
    ++added;
  }
  if (added) Q_EMIT queriesChanged();
}

QStringList QueryTable::paths() const {
  QStringList out;
  for (int r = 0; r < rowCount(); ++r) out << item(r, ImageColumn)->data(kPathRole).toString();
  return out;
}

void QueryTable::removeSelected() {
  QList<int> rows;
  for (const QModelIndex& idx : selectionModel()->selectedRows()) rows << idx.row();
  if (rows.isEmpty()) return;
  Q_EMIT aboutToRemoveQueries();
  std::sort(rows.begin(), rows.end(), std::greater<int>());
  for (int r : rows) removeRow(r);
  Q_EMIT queriesChanged();
}

void QueryTable::clearQueries() {
  if (rowCount() == 0) return;
  Q_EMIT aboutToRemoveQueries();
  setRowCount(0);
  Q_EMIT queriesChanged();
}

void QueryTable::setResult(int row, Column column, const CellResult& result) {
  QTableWidgetItem* it = item(row, column);
  if (!it) return;
  it->setData(kResultRole, QVariant::fromValue(result));
  QString tip;
  if (result.valid()) {
    for (int c = 0; c < result.classes.size(); ++c)
      tip += QStringLiteral("%1: p = %2, squared distance %3\n")
                 .arg(isolated(result.classes[c]))
                 .arg(QLocale().toString(result.probabilities.value(c), 'f', 4))
                 .arg(QLocale().toString(result.distances.value(c), 'f', 4));
  } else {
    tip = result.error;
  }
  it->setToolTip(tip.trimmed());
  const int lines = 1 + std::min<int>(result.probabilities.size(), ResultDelegate::kMaxBars);
  setRowHeight(row, std::max(rowHeight(row), 14 + lines * (kLine - 1)));
}

CellResult QueryTable::result(int row, Column column) const {
  QTableWidgetItem* it = item(row, column);
  return it ? it->data(kResultRole).value<CellResult>() : CellResult();
}

void QueryTable::clearResults() {
  for (int r = 0; r < rowCount(); ++r)
    for (int c : {PlainColumn, MetaColumn})
      if (QTableWidgetItem* it = item(r, c)) it->setData(kResultRole, QVariant());
  viewport()->update();
}

void QueryTable::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) {
    removeSelected();
    return;
  }
  QTableWidget::keyPressEvent(event);
}

}  // namespace lrc::ui
