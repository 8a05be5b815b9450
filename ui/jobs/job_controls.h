// The Start / Pause-Resume / Stop row shared by the workspaces that run a long job (Inversion,
// Training): the buttons route to the workspace's commands, so the menus (F5, Esc) and the
// buttons always do the same thing, and update() keeps them in step with the job's state.
#pragma once

#include <QWidget>

class QPushButton;

namespace lrc::ui {

class Job;
class Workspace;

class JobControls : public QWidget {
  Q_OBJECT
 public:
  struct ToolTips {
    QString start, pause, stop;
  };
  JobControls(Workspace* workspace, const ToolTips& tips, QWidget* parent = nullptr);

  // Start follows the workspace's canStart(); Pause and Stop are enabled while `job` runs and is
  // not already stopping; Pause reads "Resume" while the job is paused.
  void update(const Job* job);

  QPushButton* startButton() const { return m_start; }
  QPushButton* pauseButton() const { return m_pause; }
  QPushButton* stopButton() const { return m_stop; }

 private:
  Workspace* m_workspace;
  QPushButton* m_start;
  QPushButton* m_pause;
  QPushButton* m_stop;
};

}  // namespace lrc::ui
