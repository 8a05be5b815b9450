#include "jobs/inversion_job.h"

namespace lrc::ui {

InversionJob::InversionJob(ModelPtr model, api::InversionSettings settings, const QString& title,
                           QObject* parent)
    : Job(QStringLiteral("inversion"), title, parent),
      m_model(std::move(model)),
      m_settings(std::move(settings)) {}

void InversionJob::start() {
  startWork([this](const api::JobCallbacksPlain& callbacks, const api::JobControl& control) {
    if (!m_model) throw std::runtime_error(tr("no model is open").toStdString());
    m_outcome = api::run_inversion(*m_model, m_settings, callbacks, control);
  });
}

}  // namespace lrc::ui
