#include "shell/main_window.h"

#include <QLabel>
#include <QStatusBar>
#include <QVBoxLayout>

namespace lrc::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("LoRA Recycle"));
  auto* page = new QWidget(this);
  auto* layout = new QVBoxLayout(page);
  auto* title = new QLabel(tr("<h1>LoRA Recycle</h1><p>Recycle pre-tuned LoRA adapters into a tuning-free "
                              "few-shot learner.</p>"),
                           page);
  title->setObjectName("startPageTitle");
  title->setAlignment(Qt::AlignCenter);
  layout->addWidget(title);
  setCentralWidget(page);
  statusBar()->showMessage(tr("Ready"));
  resize(1100, 720);
}

}  // namespace lrc::ui
