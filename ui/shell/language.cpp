#include "shell/language.h"

#include <memory>

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace lrc::ui {

void applyLanguage(const QString& code) {
  // One pair for the process: replaced, never stacked (a stale translator would win lookups).
  static std::unique_ptr<QTranslator> own, qt;
  for (auto* t : {own.get(), qt.get()})
    if (t) QCoreApplication::removeTranslator(t);
  const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
  // Numbers and dates follow the interface language (QLocale() everywhere in ui/): a German
  // interface writes 12.288 and 93,6 %, whatever the system's locale.
  QLocale::setDefault(locale);
  own = std::make_unique<QTranslator>();
  if (own->load(locale, QStringLiteral("lora-recycle"), QStringLiteral("_"),
                QStringLiteral(":/i18n")))
    QCoreApplication::installTranslator(own.get());
  qt = std::make_unique<QTranslator>();
  if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
               QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(qt.get());
}

}  // namespace lrc::ui
