#include "playground/class_column.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPainter>
#include <QToolButton>
#include <QVBoxLayout>

#include "common/api_types.h"
#include "common/icons.h"

namespace lrc::ui {

namespace {
constexpr int kThumb = 64;

QIcon thumbIcon(const QImage& image) {
  QPixmap pm(kThumb, kThumb);
  pm.fill(Qt::transparent);
  QPainter p(&pm);
  p.setRenderHint(QPainter::SmoothPixmapTransform);
  const QImage scaled =
      image.scaled(kThumb, kThumb, Qt::KeepAspectRatio,
                   image.width() < kThumb ? Qt::FastTransformation : Qt::SmoothTransformation);
  p.drawImage((kThumb - scaled.width()) / 2, (kThumb - scaled.height()) / 2, scaled);
  return QIcon(pm);
}
}  // namespace

ClassColumn::ClassColumn(const QString& name, const QColor& color, QWidget* parent)
    : DropFrame(parent), m_color(color) {
  setObjectName(QStringLiteral("classColumn"));
  setFrameShape(QFrame::StyledPanel);
  setMinimumWidth(170);
  setMaximumWidth(260);
  setToolTip(tr("Support images of this class: drop or paste (Ctrl+V) images here"));
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(8, 8, 8, 8);
  auto* head = new QHBoxLayout;
  auto* swatch = new QLabel(this);
  QPixmap dot(12, 12);
  dot.fill(Qt::transparent);
  {
    QPainter p(&dot);
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(color);
    p.setPen(Qt::NoPen);
    p.drawEllipse(0, 0, 12, 12);
  }
  swatch->setPixmap(dot);
  head->addWidget(swatch);
  m_nameEdit = new QLineEdit(name, this);
  m_nameEdit->setObjectName(QStringLiteral("className"));
  m_nameEdit->setFrame(false);
  showNameFromStart();
  m_nameEdit->setAccessibleName(tr("Class name"));
  head->addWidget(m_nameEdit, 1);
  m_addButton = new QToolButton(this);
  m_addButton->setIcon(Icons::get(Icons::Add));
  m_addButton->setAutoRaise(true);
  m_addButton->setToolTip(tr("Add support images from files…"));
  m_addButton->setAccessibleName(tr("Add images"));
  head->addWidget(m_addButton);
  m_removeButton = new QToolButton(this);
  m_removeButton->setIcon(Icons::get(Icons::Remove));
  m_removeButton->setAutoRaise(true);
  m_removeButton->setToolTip(tr("Remove this class"));
  m_removeButton->setAccessibleName(tr("Remove class"));
  head->addWidget(m_removeButton);
  v->addLayout(head);

  m_list = new QListWidget(this);
  m_list->setViewMode(QListView::IconMode);
  m_list->setIconSize(QSize(kThumb, kThumb));
  m_list->setGridSize(QSize(kThumb + 10, kThumb + 10));
  m_list->setResizeMode(QListView::Adjust);
  m_list->setMovement(QListView::Static);
  m_list->setDragDropMode(QAbstractItemView::NoDragDrop);
  m_list->setAcceptDrops(false);
  m_list->viewport()->setAcceptDrops(false);
  m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
  m_list->setFrameShape(QFrame::NoFrame);
  m_list->setContextMenuPolicy(Qt::CustomContextMenu);
  m_list->setAccessibleName(tr("Support images"));
  m_list->setMinimumHeight(kThumb + 10);  // one row; a short window keeps room for the queries
  v->addWidget(m_list, 1);
  m_hint = new QLabel(tr("Drop images here\nor paste (Ctrl+V)"), this);
  m_hint->setAlignment(Qt::AlignCenter);
  m_hint->setObjectName(QStringLiteral("dropHint"));
  v->addWidget(m_hint);

  connect(m_nameEdit, &QLineEdit::editingFinished, this, &ClassColumn::showNameFromStart);
  connect(m_nameEdit, &QLineEdit::editingFinished, this, &ClassColumn::changed);
  connect(m_removeButton, &QToolButton::clicked, this, &ClassColumn::removeRequested);
  connect(m_addButton, &QToolButton::clicked, this, &ClassColumn::addRequested);
  connect(m_list, &QListWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
    QListWidgetItem* item = m_list->itemAt(pos);
    if (!item) return;
    QMenu menu(this);
    menu.addAction(Icons::get(Icons::Remove), tr("Remove image"), this,
                   [this, item] { removeImage(m_list->row(item)); });
    menu.exec(m_list->viewport()->mapToGlobal(pos));
  });
  updateHint();
}

QString ClassColumn::name() const {
  const QString n = m_nameEdit->text().trimmed();
  return n.isEmpty() ? m_nameEdit->placeholderText() : n;
}

void ClassColumn::setName(const QString& name) {
  m_nameEdit->setText(name);
  showNameFromStart();
}

void ClassColumn::showNameFromStart() {
  // A long name shows its beginning (QLineEdit scrolls to the cursor, which a new text puts at
  // the end), and the tooltip has all of it.
  m_nameEdit->setCursorPosition(0);
  m_nameEdit->setToolTip(tr("%1 (click to rename)").arg(isolated(name())));
}

QStringList ClassColumn::imagePaths() const {
  QStringList out;
  for (int i = 0; i < m_list->count(); ++i) out << m_list->item(i)->data(Qt::UserRole).toString();
  return out;
}

int ClassColumn::imageCount() const {
  return m_list->count();
}

void ClassColumn::addImages(const QVector<Thumbnail>& thumbnails) {
  int added = 0;
  const QStringList existing = imagePaths();
  for (const Thumbnail& t : thumbnails) {
    if (!t.error.isEmpty() || t.image.isNull() || existing.contains(t.path)) continue;
    auto* item = new QListWidgetItem(thumbIcon(t.image), QString(), m_list);
    item->setData(Qt::UserRole, t.path);
    item->setToolTip(t.path);
    ++added;
  }
  updateHint();
  if (added) Q_EMIT changed();
}

void ClassColumn::removeImage(int index) {
  if (index < 0 || index >= m_list->count()) return;
  delete m_list->takeItem(index);
  updateHint();
  Q_EMIT changed();
}

void ClassColumn::clearImages() {
  m_list->clear();
  updateHint();
  Q_EMIT changed();
}

void ClassColumn::updateHint() {
  m_hint->setText(m_list->count() == 0 ? tr("Drop images here\nor paste (Ctrl+V)")
                                       : tr("%n image(s)", "", m_list->count()));
}

void ClassColumn::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) {
    const auto selected = m_list->selectedItems();
    if (!selected.isEmpty()) {
      for (auto* item : selected) delete item;
      updateHint();
      Q_EMIT changed();
      return;
    }
  }
  DropFrame::keyPressEvent(event);
}

}  // namespace lrc::ui
