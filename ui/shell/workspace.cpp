#include "shell/workspace.h"

#include <QMessageBox>
#include <QPushButton>

#include "common/banner.h"

namespace lrc::ui {

Workspace::Workspace(AppContext* context, QWidget* parent)
    : QWidget(parent), m_context(context), m_banner(new BannerBar(this)) {}

void Workspace::requestStop() {
  if (!canStop()) return;
  QMessageBox box(QMessageBox::Question, tr("Stop"), stopQuestion(),
                  QMessageBox::Yes | QMessageBox::No, this);
  box.setObjectName(QStringLiteral("stopQuestion"));
  box.button(QMessageBox::Yes)->setText(tr("Stop"));
  box.button(QMessageBox::No)->setText(tr("Keep running"));
  box.setDefaultButton(QMessageBox::No);
  box.setEscapeButton(QMessageBox::No);
  if (box.exec() == QMessageBox::Yes && canStop()) stop();
}

}  // namespace lrc::ui
