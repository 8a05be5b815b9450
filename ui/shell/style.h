// The application's look: Fusion with a light palette and a small style sheet keyed on object
// names (side bar, banners, drop zones, titles). Sizes are in points or relative, so layouts
// scale with QT_SCALE_FACTOR (125 %, 200 %).
#pragma once

class QApplication;

namespace lrc::ui {

void applyStyle(QApplication& app);

}  // namespace lrc::ui
