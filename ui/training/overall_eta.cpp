#include "training/overall_eta.h"

#include <algorithm>
#include <cmath>

namespace lrc::ui {

void OverallEta::start(int inversionStages, int64_t episodes, double secondsPerEpisode) {
  *this = OverallEta();
  m_inversionStages = std::max(0, inversionStages);
  m_episodes = std::max<int64_t>(0, episodes);
  m_priorRate =
      secondsPerEpisode > 0 ? secondsPerEpisode : std::numeric_limits<double>::quiet_NaN();
}

void OverallEta::update(const api::ProgressInfo& p, double elapsedSeconds) {
  if (p.stage.rfind("invert", 0) == 0) {
    // A collection inversion names each batch's stage ("invert 1–4/32"): a new name is a new
    // batch, each with the same number of iterations.
    if (m_phase != Phase::Invert) m_invertStart = elapsedSeconds;
    m_phase = Phase::Invert;
    if (p.stage != m_stage) {
      m_stage = p.stage;
      ++m_stagesSeen;
    }
    const int stages = std::max(m_inversionStages, m_stagesSeen);
    const double within = p.total > 0 ? std::clamp(double(p.step) / double(p.total), 0.0, 1.0) : 0;
    m_invertFraction = (double(m_stagesSeen - 1) + within) / double(stages);
    m_invertElapsed = elapsedSeconds - m_invertStart;
  } else if (p.stage == "meta-train") {
    if (m_phase != Phase::Meta) {
      m_metaStart = elapsedSeconds;
      m_metaFirstStep = p.step;
      m_invertFraction = m_phase == Phase::Invert ? 1.0 : m_invertFraction;
    }
    m_phase = Phase::Meta;
    m_metaStep = p.step;
    m_metaElapsed = elapsedSeconds - m_metaStart;
    if (p.total > 0) m_episodes = p.total;
  }
}

double OverallEta::measuredSecondsPerEpisode() const {
  const int64_t done = m_metaStep - m_metaFirstStep;
  if (m_phase != Phase::Meta || done <= 0 || m_metaElapsed <= 0)
    return std::numeric_limits<double>::quiet_NaN();
  return m_metaElapsed / double(done);
}

double OverallEta::inversionRemainingSeconds() const {
  if (m_phase != Phase::Invert || m_invertFraction <= 0 || m_invertElapsed <= 0) return -1;
  return m_invertElapsed * (1.0 - m_invertFraction) / m_invertFraction;
}

double OverallEta::remainingSeconds() const {
  switch (m_phase) {
    case Phase::Idle:
      return -1;
    case Phase::Invert: {
      const double invert = inversionRemainingSeconds();
      if (invert < 0 || !std::isfinite(m_priorRate)) return -1;  // the episodes' share unknown
      return invert + m_priorRate * double(m_episodes);
    }
    case Phase::Meta: {
      const double rate = measuredSecondsPerEpisode();
      if (!std::isfinite(rate)) return -1;
      return rate * double(std::max<int64_t>(0, m_episodes - m_metaStep));
    }
  }
  return -1;
}

}  // namespace lrc::ui
