// A job's progress bar that shows how the job ended: a failed run is red, not a green bar that
// reads as success (the style sheet keys on the "state" property).
#pragma once

#include <QProgressBar>
#include <QStyle>

namespace lrc::ui {

// state: "" (running or done), "failed" or "stopped".
inline void setProgressState(QProgressBar* bar, const char* state) {
  bar->setProperty("state", QString::fromLatin1(state));
  bar->style()->unpolish(bar);  // dynamic properties only restyle after a re-polish
  bar->style()->polish(bar);
}

inline QString progressState(const QProgressBar* bar) {
  return bar->property("state").toString();
}

}  // namespace lrc::ui
