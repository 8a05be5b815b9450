// Spin boxes and combo boxes in a scrolling form take the mouse wheel only once focused (clicked
// or tabbed into): scrolling the form with the pointer over one must scroll the form, not change
// a setting on the way.
#pragma once

class QWidget;

namespace lrc::ui {

// Guards every spin box and combo box under `root` (call after the form is built).
void guardWheel(QWidget* root);

}  // namespace lrc::ui
