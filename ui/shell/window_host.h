// Owns the main window and rebuilds it when the interface language changes: every widget is
// built with tr() once, so a new language means new widgets. What the user had open comes back
// (the model, the adapter folder, the playground's task, the workspace, the geometry); the
// window refuses while jobs run (MainWindow asks them to finish first).
#pragma once

#include <memory>

#include <QObject>

#include "shell/main_window.h"

namespace lrc::ui {

class WindowHost : public QObject {
  Q_OBJECT
 public:
  explicit WindowHost(const MainWindow::Options& options, QObject* parent = nullptr);
  ~WindowHost() override;
  MainWindow* window() const { return m_window.get(); }

 public Q_SLOTS:
  // Applies the language in QSettings ("ui/language") and rebuilds the window.
  void relaunch();

 Q_SIGNALS:
  void windowReplaced(lrc::ui::MainWindow* window);

 private:
  void adopt(std::unique_ptr<MainWindow> window);

  MainWindow::Options m_options;
  std::unique_ptr<MainWindow> m_window;
  QString m_taskFile;  // the playground's task between two windows
};

}  // namespace lrc::ui
