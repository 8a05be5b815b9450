#include "common/banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "common/icons.h"

namespace lrc::ui {

namespace {

constexpr const char* kTextProperty = "bannerText";

QString styleFor(BannerBar::Level level) {
  switch (level) {
    case BannerBar::Level::Error:
      return QStringLiteral(
          "QFrame#banner{background:#fdecea;border:1px solid #f5c2bd;border-radius:6px;}"
          "QLabel{color:#7a1c14;}");
    case BannerBar::Level::Warning:
      return QStringLiteral(
          "QFrame#banner{background:#fff6e0;border:1px solid #f3d58a;border-radius:6px;}"
          "QLabel{color:#6b4c00;}");
    case BannerBar::Level::Info:
      break;
  }
  return QStringLiteral(
      "QFrame#banner{background:#e8f3fd;border:1px solid #b8d8f5;border-radius:6px;}"
      "QLabel{color:#0d3a63;}");
}

}  // namespace

BannerBar::BannerBar(QWidget* parent) : QWidget(parent), m_layout(new QVBoxLayout(this)) {
  m_layout->setContentsMargins(0, 0, 0, 0);
  m_layout->setSpacing(4);
  setObjectName(QStringLiteral("bannerBar"));
  hide();
}

QWidget* BannerBar::findBanner(const QString& text) const {
  for (int i = 0; i < m_layout->count(); ++i) {
    QWidget* w = m_layout->itemAt(i)->widget();
    if (w && w->property(kTextProperty).toString() == text) return w;
  }
  return nullptr;
}

void BannerBar::showMessage(Level level, const QString& text) {
  if (findBanner(text)) {
    Q_EMIT messageShown(text);
    return;
  }
  while (m_layout->count() >= kMaxBanners) {
    QWidget* oldest = m_layout->itemAt(0)->widget();
    m_layout->removeWidget(oldest);
    oldest->deleteLater();
  }
  auto* frame = new QFrame(this);
  frame->setObjectName(QStringLiteral("banner"));
  frame->setProperty(kTextProperty, text);
  frame->setStyleSheet(styleFor(level));
  frame->setAccessibleName(level == Level::Error     ? tr("Error")
                           : level == Level::Warning ? tr("Warning")
                                                     : tr("Information"));
  auto* row = new QHBoxLayout(frame);
  row->setContentsMargins(10, 6, 6, 6);
  auto* icon = new QLabel(frame);
  const Icons::Id id = level == Level::Error     ? Icons::Error
                       : level == Level::Warning ? Icons::Warning
                                                 : Icons::Info;
  icon->setPixmap(Icons::get(id).pixmap(18, 18));
  row->addWidget(icon, 0, Qt::AlignTop);
  auto* label = new QLabel(text, frame);
  label->setWordWrap(true);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  label->setTextFormat(Qt::PlainText);
  row->addWidget(label, 1);
  auto* close = new QToolButton(frame);
  close->setText(QStringLiteral("×"));
  close->setAutoRaise(true);
  close->setToolTip(tr("Dismiss this message"));
  close->setAccessibleName(tr("Dismiss"));
  row->addWidget(close, 0, Qt::AlignTop);
  connect(close, &QToolButton::clicked, this, [this, frame] {
    m_layout->removeWidget(frame);
    frame->deleteLater();
    if (m_layout->count() == 0) hide();
  });
  if (level == Level::Info) QTimer::singleShot(8000, frame, [close] { close->click(); });
  m_layout->addWidget(frame);
  show();
  Q_EMIT messageShown(text);
}

void BannerBar::clearAll() {
  while (m_layout->count() > 0) {
    QWidget* w = m_layout->itemAt(0)->widget();
    m_layout->removeWidget(w);
    delete w;
  }
  hide();
}

int BannerBar::count() const {
  return m_layout->count();
}

QStringList BannerBar::messages() const {
  QStringList out;
  for (int i = 0; i < m_layout->count(); ++i)
    if (QWidget* w = m_layout->itemAt(i)->widget()) out << w->property(kTextProperty).toString();
  return out;
}

}  // namespace lrc::ui
