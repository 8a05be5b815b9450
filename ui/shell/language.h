// The interface language: the application's translations (compiled into :/i18n), Qt's own
// (OK/Cancel, file dialogs) and QLocale's default (numbers, dates), all from one code.
#pragma once

#include <QString>

namespace lrc::ui {

// "" = the system's language. Replaces what an earlier call installed, so the language can
// change while the program runs (MainWindow rebuilds itself: see WindowHost).
void applyLanguage(const QString& code);

}  // namespace lrc::ui
