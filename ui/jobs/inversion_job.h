// LoRA Inversion (api::run_inversion) as a Job.
#pragma once

#include "jobs/job.h"

namespace lrc::ui {

class InversionJob : public Job {
  Q_OBJECT
 public:
  InversionJob(ModelPtr model, api::InversionSettings settings, const QString& title,
               QObject* parent = nullptr);
  void start();
  const api::InversionSettings& settings() const { return m_settings; }
  // Valid after finished().
  const api::InversionOutcome& outcome() const { return m_outcome; }

 private:
  ModelPtr m_model;
  api::InversionSettings m_settings;
  api::InversionOutcome m_outcome;  // written by the worker, read after finished()
};

}  // namespace lrc::ui
