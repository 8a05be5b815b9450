// One long-running core job seen from the GUI: the work runs on its own QThread; the core's
// callbacks (called on that thread) are buffered and re-emitted as signals on the GUI thread
// every kFlushMs, so a job that reports thousands of steps a second cannot flood the event loop.
//
// Pattern of Qt's Mandelbrot example and KDAB hotspot's parser: the destructor asks the worker to
// stop (cancel, un-pause) and waits for it. The one catch point (runWork) turns every core
// exception into failed(QString); lrc::Cancelled becomes cancelled().
#pragma once

#include <functional>

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QVector>

#include "common/api_types.h"

class QThread;

namespace lrc::ui {

class Job : public QObject {
  Q_OBJECT
 public:
  enum class State { Idle, Running, Paused, Stopping, Finished, Failed, Cancelled };
  Q_ENUM(State)

  Job(const QString& kind, const QString& title, QObject* parent = nullptr);
  ~Job() override;

  QString kind() const { return m_kind; }    // "inversion", "training"
  QString title() const { return m_title; }  // what it works on, for the status bar
  State state() const { return m_state; }
  bool isActive() const {
    return m_state == State::Running || m_state == State::Paused || m_state == State::Stopping;
  }
  bool isPaused() const { return m_state == State::Paused; }

  // The latest progress report (on the GUI thread).
  const api::ProgressInfo& lastProgress() const { return m_last; }
  double fraction() const;        // of the current stage, in [0, 1]
  double elapsedSeconds() const;  // running time without pauses
  double etaSeconds() const;      // of the current stage; negative when unknown
  QString statusLine() const;     // "inversion lora_07: invert 120/300 · total 1.20 · ETA 0:42"
  QString errorMessage() const { return m_error; }

  static constexpr int kFlushMs = 40;

 public Q_SLOTS:
  void setPaused(bool paused);
  void pause() { setPaused(true); }
  void resume() { setPaused(false); }
  void stop();
  // "Stop and keep": a job that can return a partial result (a single inversion) ends normally
  // with it (finished()); any other job is cancelled as by stop().
  void finishEarly();
  void togglePause() {  // for the Pause/Resume button; ignored once the job has ended
    if (isActive()) setPaused(!isPaused());
  }

 Q_SIGNALS:
  void started();
  void progressed(const QVector<lrc::api::ProgressInfo>& batch);
  void snapshotReady(const lrc::ui::SnapshotPtr& snapshot);
  void logLine(const QString& line);
  void stateChanged(lrc::ui::Job::State state);
  void finished();
  void failed(const QString& message);
  void cancelled();
  void ended();  // after finished(), failed() or cancelled()

 protected:
  using Work = std::function<void(const api::JobCallbacksPlain&, const api::JobControl&)>;
  // Starts `work` on a new thread. Call once.
  void startWork(Work work);
  // On the GUI thread after the work returned normally, before finished().
  virtual void onSucceeded() {}

 private:
  void runWork(const Work& work);  // worker thread
  void flush();
  void onThreadFinished();
  void setState(State s);

  QString m_kind, m_title;
  State m_state = State::Idle;
  api::JobControl m_control;
  QThread* m_thread = nullptr;
  QTimer m_flushTimer;
  QElapsedTimer m_clock;
  qint64 m_pausedMs = 0;
  qint64 m_pauseStartedMs = -1;
  qint64 m_stageStartMs = 0;
  api::ProgressInfo m_last;

  mutable QMutex m_mutex;  // guards the buffers and the outcome flags below
  QVector<api::ProgressInfo> m_pendingProgress;
  QVector<SnapshotPtr> m_pendingSnapshots;
  QStringList m_pendingLog;
  QString m_error;
  bool m_cancelledByCore = false;
};

}  // namespace lrc::ui

Q_DECLARE_METATYPE(QVector<lrc::api::ProgressInfo>)
