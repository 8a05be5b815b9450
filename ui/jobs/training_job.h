// Meta-training (api::run_meta_training, inverting missing pools first) as a Job.
#pragma once

#include "jobs/job.h"

namespace lrc::ui {

class TrainingJob : public Job {
  Q_OBJECT
 public:
  TrainingJob(ModelPtr model, api::MetaTrainSettings settings, const QString& title,
              QObject* parent = nullptr);
  void start();
  const api::MetaTrainSettings& settings() const { return m_settings; }
  // Valid after finished().
  const api::MetaTrainOutcome& outcome() const { return m_outcome; }

 private:
  ModelPtr m_model;
  api::MetaTrainSettings m_settings;
  api::MetaTrainOutcome m_outcome;
};

}  // namespace lrc::ui
