// The application's icons, painted with QPainter at whatever size and device-pixel ratio is asked
// (crisp at 125 % and 200 %). The same designs exist as SVG files in resources/icons/ for the
// desktop entry and for builds whose Qt has the SVG plugin (then those are used).
#pragma once

#include <QIcon>

namespace lrc::ui {

class Icons {
 public:
  enum Id {
    App,
    Collection,
    Inversion,
    Training,
    Playground,
    Open,
    Folder,
    Model,
    Start,
    Pause,
    Stop,
    Save,
    Add,
    Remove,
    Settings,
    Info,
    Warning,
    Error,
    Log,
    Export,
    Clear,
    Ok,
  };
  static QIcon get(Id id);
  static const char* name(Id id);  // the SVG file stem, e.g. "start"
};

}  // namespace lrc::ui
