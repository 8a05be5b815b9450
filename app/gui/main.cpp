// lora-recycle: the desktop application.
#include <QApplication>

#include "shell/main_window.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("LoRA Recycle");
  QApplication::setOrganizationName("LoRA Recycle");
  lrc::ui::MainWindow window;
  window.show();
  return QApplication::exec();
}
