// The application's icons: the SVG files of resources/icons/ (embedded in lrc_ui as :/icons/),
// rendered with QSvgRenderer at the exact pixel size asked, so they stay crisp at any size and
// device-pixel ratio. QSvgRenderer is linked, not a plugin: icons work even where Qt's SVG
// icon-engine or image-format plugin is missing (offscreen tests, minimal deployments).
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
  static const char* name(Id id);  // the SVG file stem, e.g. "start" for :/icons/start.svg
};

}  // namespace lrc::ui
