#include "jobs/training_job.h"

namespace lrc::ui {

TrainingJob::TrainingJob(ModelPtr model, api::MetaTrainSettings settings, const QString& title,
                         QObject* parent)
    : Job(QStringLiteral("training"), title, parent),
      m_model(std::move(model)),
      m_settings(std::move(settings)) {}

void TrainingJob::start() {
  startWork([this](const api::JobCallbacksPlain& callbacks, const api::JobControl& control) {
    if (!m_model) throw std::runtime_error(tr("no model is open").toStdString());
    m_outcome = api::run_meta_training(*m_model, m_settings, callbacks, control);
  });
}

}  // namespace lrc::ui
