// Shared helpers of the GUI tests: fixture paths, isolated settings, loading a model through the
// AppContext, and simulated drops (QMimeData with file URLs as QDragEnterEvent + QDropEvent).
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>
#include <QWidget>

#include "shell/app_context.h"

namespace lrc::test {

inline QString dataDir() {
  return QStringLiteral(LRC_TEST_DATA_DIR);
}
inline QString data(const QString& rel) {
  return dataDir() + QLatin1Char('/') + rel;
}
inline QString buildDir() {
  return QStringLiteral(LRC_BUILD_DIR);
}

// Settings and caches of the tests never touch the user's.
inline void isolateSettings() {
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName(QStringLiteral("LoRA Recycle Tests"));
  QCoreApplication::setApplicationName(QStringLiteral("lrc-ui-tests"));
  QSettings().clear();
}

// Opens `path` on the CPU and waits until the context has it (or fails the test).
inline bool loadModel(ui::AppContext& ctx, const QString& path, int timeoutMs = 60000) {
  QSignalSpy changed(&ctx, &ui::AppContext::modelChanged);
  QSignalSpy failed(&ctx, &ui::AppContext::modelFailed);
  ctx.openModel(path);
  for (int waited = 0; waited < timeoutMs && changed.isEmpty() && failed.isEmpty(); waited += 20)
    QTest::qWait(20);
  if (!failed.isEmpty())
    qWarning("model failed: %s", qPrintable(failed.front().front().toString()));
  return !changed.isEmpty() && ctx.hasModel();
}

inline QMimeData* fileMime(const QStringList& paths) {
  auto* mime = new QMimeData;
  QList<QUrl> urls;
  for (const QString& p : paths) urls << QUrl::fromLocalFile(p);
  mime->setUrls(urls);
  return mime;
}

// What a file manager does: drag enter over `target`, then drop on it. Returns whether the
// target accepted the drop.
inline bool dropFiles(QWidget* target, const QStringList& paths) {
  std::unique_ptr<QMimeData> mime(fileMime(paths));
  const QPoint pos = target->rect().center();
  QDragEnterEvent enter(pos, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(target, &enter);
  if (!enter.isAccepted()) return false;
  QDropEvent drop(QPointF(pos), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(target, &drop);
  return drop.isAccepted();
}

// Spins the event loop until `done()` or the timeout.
template <typename F>
bool waitFor(F done, int timeoutMs = 60000) {
  for (int waited = 0; waited < timeoutMs; waited += 10) {
    if (done()) return true;
    QTest::qWait(10);
  }
  return done();
}

}  // namespace lrc::test
