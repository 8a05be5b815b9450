// The whole run's remaining time for a multi-stage meta-training: inverting the missing pools
// (one stage per batch of members inverted together) and then the episodes. Each stage's own ETA
// only speaks for that stage; this one adds what is left of the inversion (at the rate it has
// run so far) and of meta-training (at its own rate once it runs, before that at the rate the
// last run measured, when there is one).
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "common/api_types.h"

namespace lrc::ui {

class OverallEta {
 public:
  // inversionStages: batches of missing pools to invert first (0 when every pool exists);
  // secondsPerEpisode: a rate measured earlier, NaN when none.
  void start(int inversionStages, int64_t episodes,
             double secondsPerEpisode = std::numeric_limits<double>::quiet_NaN());
  // A progress report and the job's running time (without pauses) when it came.
  void update(const api::ProgressInfo& p, double elapsedSeconds);
  // Seconds left for the whole run; negative while unknown.
  double remainingSeconds() const;
  // What is left of inverting the pools alone (negative when unknown or done).
  double inversionRemainingSeconds() const;
  // The meta-training rate this run measured (NaN before its first episodes).
  double measuredSecondsPerEpisode() const;
  bool inverting() const { return m_phase == Phase::Invert; }

 private:
  enum class Phase { Idle, Invert, Meta };
  Phase m_phase = Phase::Idle;
  int m_inversionStages = 0;
  int64_t m_episodes = 0;
  double m_priorRate = std::numeric_limits<double>::quiet_NaN();
  std::string m_stage;   // the current invert stage's name
  int m_stagesSeen = 0;  // invert stages begun
  double m_invertStart = -1, m_invertFraction = 0, m_invertElapsed = 0;
  double m_metaStart = -1, m_metaElapsed = 0;
  int64_t m_metaStep = 0, m_metaFirstStep = -1;
};

}  // namespace lrc::ui
