// A frame that accepts local files dropped from the file manager or pasted (Ctrl+V: file URLs, or
// image data, which is saved as a PNG first) and hands their paths on as one signal.
#pragma once

#include <QFrame>
#include <QStringList>

namespace lrc::ui {

class DropFrame : public QFrame {
  Q_OBJECT
 public:
  explicit DropFrame(QWidget* parent = nullptr);
  // Reads the clipboard as a paste into this frame.
  void paste();

 Q_SIGNALS:
  void filesDropped(const QStringList& paths);
  void dropRefused(const QString& message);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dragMoveEvent(QDragMoveEvent* event) override;
  void dragLeaveEvent(QDragLeaveEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void setHighlighted(bool on);
};

}  // namespace lrc::ui
