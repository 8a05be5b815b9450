#include "playground/drop_frame.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QImage>
#include <QKeyEvent>
#include <QMimeData>
#include <QStandardPaths>
#include <QStyle>

#include "common/files.h"

namespace lrc::ui {

DropFrame::DropFrame(QWidget* parent) : QFrame(parent) {
  setAcceptDrops(true);
  setFocusPolicy(Qt::StrongFocus);
  setProperty("dropHover", false);
}

void DropFrame::setHighlighted(bool on) {
  setProperty("dropHover", on);
  style()->unpolish(this);
  style()->polish(this);
}

void DropFrame::dragEnterEvent(QDragEnterEvent* event) {
  if (hasLocalPaths(event->mimeData())) {
    event->acceptProposedAction();
    setHighlighted(true);
  } else {
    event->ignore();
  }
}

void DropFrame::dragMoveEvent(QDragMoveEvent* event) {
  if (hasLocalPaths(event->mimeData())) event->acceptProposedAction();
}

void DropFrame::dragLeaveEvent(QDragLeaveEvent* event) {
  setHighlighted(false);
  QFrame::dragLeaveEvent(event);
}

void DropFrame::dropEvent(QDropEvent* event) {
  setHighlighted(false);
  const QStringList paths = localPaths(event->mimeData());
  if (paths.isEmpty()) {
    event->ignore();
    return;
  }
  event->acceptProposedAction();
  Q_EMIT filesDropped(paths);
}

void DropFrame::paste() {
  const QMimeData* mime = QApplication::clipboard()->mimeData();
  if (!mime) return;
  const QStringList paths = localPaths(mime);
  if (!paths.isEmpty()) {
    Q_EMIT filesDropped(paths);
    return;
  }
  if (mime->hasImage()) {
    const QImage image = qvariant_cast<QImage>(mime->imageData());
    const QString dir =
        QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/pasted");
    QDir().mkpath(dir);
    const QString path =
        dir + QStringLiteral("/pasted-%1.png").arg(QDateTime::currentMSecsSinceEpoch());
    if (!image.isNull() && image.save(path)) {
      Q_EMIT filesDropped({path});
      return;
    }
  }
  Q_EMIT dropRefused(tr("The clipboard holds no image or image file to paste"));
}

void DropFrame::keyPressEvent(QKeyEvent* event) {
  if (event->matches(QKeySequence::Paste)) {
    paste();
    event->accept();
    return;
  }
  QFrame::keyPressEvent(event);
}

}  // namespace lrc::ui
