// The application's main window: model bar, workspaces, status bar, log dock.
#pragma once

#include <QMainWindow>

namespace lrc::ui {

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
};

}  // namespace lrc::ui
