#include "jobs/job.h"

#include <QThread>

#include "io/error.h"

namespace lrc::ui {

Job::Job(const QString& kind, const QString& title, QObject* parent)
    : QObject(parent), m_kind(kind), m_title(title) {
  m_flushTimer.setInterval(kFlushMs);
  connect(&m_flushTimer, &QTimer::timeout, this, &Job::flush);
}

Job::~Job() {
  if (m_thread) {
    m_control.cancel();
    m_control.set_paused(false);
    m_thread->wait();
    delete m_thread;
  }
}

void Job::startWork(Work work) {
  Q_ASSERT(!m_thread);
  m_thread = QThread::create([this, work = std::move(work)] { runWork(work); });
  m_thread->setObjectName(m_kind);
  connect(m_thread, &QThread::finished, this, &Job::onThreadFinished, Qt::QueuedConnection);
  m_clock.start();
  m_stageStartMs = 0;
  setState(State::Running);
  m_flushTimer.start();
  m_thread->start(QThread::LowPriority);  // the GUI thread stays ahead of the number crunching
  Q_EMIT started();
}

void Job::runWork(const Work& work) {
  api::JobCallbacksPlain callbacks;
  callbacks.progress = [this](const api::ProgressInfo& p) {
    QMutexLocker lock(&m_mutex);
    m_pendingProgress.push_back(p);
  };
  callbacks.snapshot = [this](const api::SnapshotInfo& s) {
    auto copy = std::make_shared<const api::SnapshotInfo>(s);
    QMutexLocker lock(&m_mutex);
    m_pendingSnapshots.push_back(std::move(copy));
  };
  callbacks.log = [this](const std::string& line) {
    QMutexLocker lock(&m_mutex);
    m_pendingLog << qs(line);
  };
  // The one catch point of the job.
  QString error;
  bool cancelled = false;
  try {
    work(callbacks, m_control);
  } catch (const lrc::Cancelled&) {
    cancelled = true;
  } catch (const std::exception& e) {
    error = QString::fromUtf8(e.what());
    if (error.isEmpty()) error = tr("unknown error");
  } catch (...) {
    error = tr("unknown internal error");
  }
  QMutexLocker lock(&m_mutex);
  m_error = error;
  m_cancelledByCore = cancelled;
}

void Job::flush() {
  QVector<api::ProgressInfo> progress;
  QVector<SnapshotPtr> snapshots;
  QStringList log;
  {
    QMutexLocker lock(&m_mutex);
    progress.swap(m_pendingProgress);
    snapshots.swap(m_pendingSnapshots);
    log.swap(m_pendingLog);
  }
  for (const QString& line : log) Q_EMIT logLine(line);
  if (!progress.isEmpty()) {
    if (progress.back().stage != m_last.stage || progress.back().item != m_last.item)
      m_stageStartMs = elapsedSeconds() * 1000;
    m_last = progress.back();
    Q_EMIT progressed(progress);
  }
  for (const auto& s : snapshots) Q_EMIT snapshotReady(s);
}

void Job::onThreadFinished() {
  m_flushTimer.stop();
  flush();
  QString error;
  bool wasCancelled = false;
  {
    QMutexLocker lock(&m_mutex);
    error = m_error;
    wasCancelled = m_cancelledByCore;
  }
  if (wasCancelled) {
    setState(State::Cancelled);
    Q_EMIT cancelled();
  } else if (!error.isEmpty()) {
    setState(State::Failed);
    Q_EMIT failed(error);
  } else {
    onSucceeded();
    setState(State::Finished);
    Q_EMIT finished();
  }
  Q_EMIT ended();
}

void Job::setPaused(bool paused) {
  if (!isActive() || m_state == State::Stopping) return;
  if (paused == (m_state == State::Paused)) return;
  m_control.set_paused(paused);
  const qint64 now = m_clock.elapsed();
  if (paused) {
    m_pauseStartedMs = now;
  } else if (m_pauseStartedMs >= 0) {
    m_pausedMs += now - m_pauseStartedMs;
    m_pauseStartedMs = -1;
  }
  setState(paused ? State::Paused : State::Running);
}

void Job::stop() {
  if (!isActive()) return;
  m_control.cancel();
  m_control.set_paused(false);
  setState(State::Stopping);
}

void Job::finishEarly() {
  if (!isActive()) return;
  m_control.finish_early();
  m_control.set_paused(false);
  setState(State::Stopping);
}

void Job::setState(State s) {
  if (s == m_state) return;
  m_state = s;
  Q_EMIT stateChanged(s);
}

double Job::fraction() const {
  if (m_last.total <= 0) return 0.0;
  return qBound(0.0, double(m_last.step) / double(m_last.total), 1.0);
}

double Job::elapsedSeconds() const {
  if (!m_clock.isValid()) return 0.0;
  qint64 paused = m_pausedMs;
  if (m_pauseStartedMs >= 0) paused += m_clock.elapsed() - m_pauseStartedMs;
  return double(m_clock.elapsed() - paused) / 1000.0;
}

double Job::etaSeconds() const {
  if (m_last.total <= 0 || m_last.step <= 0) return -1.0;
  const double stageSeconds = elapsedSeconds() - double(m_stageStartMs) / 1000.0;
  if (stageSeconds <= 0) return -1.0;
  return stageSeconds / double(m_last.step) * double(m_last.total - m_last.step);
}

QString Job::statusLine() const {
  QString line = m_title;
  if (!m_last.stage.empty()) {
    line += QStringLiteral(": %1 %2/%3").arg(qs(m_last.stage)).arg(m_last.step).arg(m_last.total);
    for (const auto& [name, value] : m_last.values)
      line += QStringLiteral(" · %1 %2").arg(qs(name)).arg(value, 0, 'g', 3);
  }
  switch (m_state) {
    case State::Paused:
      line += tr(" · paused");
      break;
    case State::Stopping:
      line += tr(" · stopping…");
      break;
    case State::Running: {
      const double eta = etaSeconds();
      if (eta >= 0) line += tr(" · ETA %1").arg(formatDuration(eta));
      break;
    }
    default:
      break;
  }
  return line;
}

}  // namespace lrc::ui
