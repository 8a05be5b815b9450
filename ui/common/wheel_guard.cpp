#include "common/wheel_guard.h"

#include <QAbstractScrollArea>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QScrollBar>
#include <QWheelEvent>

namespace lrc::ui {

namespace {

class WheelGuard : public QObject {
 public:
  using QObject::QObject;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() != QEvent::Wheel) return false;
    auto* w = qobject_cast<QWidget*>(watched);
    if (!w || w->hasFocus()) return false;
    // Unfocused: the wheel goes to the scroll area around the form, which scrolls.
    for (QWidget* p = w->parentWidget(); p; p = p->parentWidget())
      if (auto* area = qobject_cast<QAbstractScrollArea*>(p)) {
        QCoreApplication::sendEvent(area->verticalScrollBar(), event);
        break;
      }
    return true;
  }
};

}  // namespace

void guardWheel(QWidget* root) {
  auto* guard = new WheelGuard(root);
  for (QWidget* w : root->findChildren<QWidget*>()) {
    if (!qobject_cast<QAbstractSpinBox*>(w) && !qobject_cast<QComboBox*>(w)) continue;
    w->setFocusPolicy(Qt::StrongFocus);  // not Qt::WheelFocus: the wheel alone does not focus
    w->installEventFilter(guard);
  }
}

}  // namespace lrc::ui
