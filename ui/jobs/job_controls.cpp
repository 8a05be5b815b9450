#include "jobs/job_controls.h"

#include <QHBoxLayout>
#include <QPushButton>

#include "common/icons.h"
#include "jobs/job.h"
#include "shell/workspace.h"

namespace lrc::ui {

JobControls::JobControls(Workspace* workspace, const ToolTips& tips, QWidget* parent)
    : QWidget(parent), m_workspace(workspace) {
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(0, 0, 0, 0);
  m_start = new QPushButton(Icons::get(Icons::Start), tr("Start"), this);
  m_start->setToolTip(tips.start);
  m_pause = new QPushButton(Icons::get(Icons::Pause), tr("Pause"), this);
  m_pause->setToolTip(tips.pause);
  m_stop = new QPushButton(Icons::get(Icons::Stop), tr("Stop"), this);
  m_stop->setToolTip(tips.stop);
  row->addWidget(m_start);
  row->addWidget(m_pause);
  row->addWidget(m_stop);
  connect(m_start, &QPushButton::clicked, workspace, &Workspace::start);
  connect(m_pause, &QPushButton::clicked, workspace, &Workspace::togglePause);
  connect(m_stop, &QPushButton::clicked, workspace, &Workspace::requestStop);
}

void JobControls::update(const Job* job) {
  const bool running = job && job->isActive();
  const bool controllable = running && job->state() != Job::State::Stopping;
  m_start->setEnabled(m_workspace->canStart());
  m_pause->setEnabled(controllable);
  m_stop->setEnabled(controllable);
  const bool paused = running && job->isPaused();
  m_pause->setText(paused ? tr("Resume") : tr("Pause"));
  m_pause->setIcon(Icons::get(paused ? Icons::Start : Icons::Pause));
}

}  // namespace lrc::ui
