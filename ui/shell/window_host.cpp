#include "shell/window_host.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>

#include "shell/language.h"

namespace lrc::ui {

WindowHost::WindowHost(const MainWindow::Options& options, QObject* parent)
    : QObject(parent), m_options(options) {
  adopt(std::make_unique<MainWindow>(options));
}

WindowHost::~WindowHost() {
  if (!m_taskFile.isEmpty()) QFile::remove(m_taskFile);
}

void WindowHost::adopt(std::unique_ptr<MainWindow> window) {
  m_window = std::move(window);
  connect(m_window.get(), &MainWindow::languageChangeRequested, this, &WindowHost::relaunch,
          Qt::QueuedConnection);  // not from inside the old window's own slot
}

void WindowHost::relaunch() {
  if (!m_window || m_window->hasActiveJobs()) return;
  const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
  QDir().mkpath(dir);
  m_taskFile = dir + QStringLiteral("/language-switch-task.json");
  MainWindow::Options options = m_options;
  options.reopen = m_window->snapshot(m_taskFile);
  options.restoreState = false;  // the geometry comes across directly
  const QRect geometry = m_window->geometry();
  const bool visible = m_window->isVisible();
  applyLanguage(QSettings().value(QStringLiteral("ui/language")).toString());
  m_window->hide();
  m_window.reset();
  adopt(std::make_unique<MainWindow>(options));
  m_window->setGeometry(geometry);
  if (visible) m_window->show();
  Q_EMIT windowReplaced(m_window.get());
}

}  // namespace lrc::ui
