#include "shell/language.h"

#include <memory>

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace lrc::ui {

namespace {

// English has no .qm: its source strings are the text. Their plurals are written "%n image(s)" /
// "%n class(es)"; this resolves them for English (and any language without a translation,
// which falls back to English) instead of showing "(s)".
class EnglishPlurals : public QTranslator {
 public:
  bool isEmpty() const override { return false; }
  QString translate(const char* context, const char* source, const char* disambiguation,
                    int n) const override {
    Q_UNUSED(context)
    Q_UNUSED(disambiguation)
    if (n < 0 || !source) return {};
    QString text = QString::fromUtf8(source);
    if (!text.contains(QLatin1String("(s)")) && !text.contains(QLatin1String("(es)"))) return {};
    const bool one = n == 1;
    text.replace(QLatin1String("(es)"), one ? QString() : QStringLiteral("es"));
    text.replace(QLatin1String("(s)"), one ? QString() : QStringLiteral("s"));
    return text;
  }
};

}  // namespace

void applyLanguage(const QString& code) {
  // One set for the process: replaced, never stacked (a stale translator would win lookups).
  static std::unique_ptr<QTranslator> own, qt, plurals;
  for (auto* t : {own.get(), qt.get(), plurals.get()})
    if (t) QCoreApplication::removeTranslator(t);
  plurals.reset();
  const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
  // Numbers and dates follow the interface language (QLocale() everywhere in ui/): a German
  // interface writes 12.288 and 93,6 %, whatever the system's locale.
  QLocale::setDefault(locale);
  own = std::make_unique<QTranslator>();
  if (own->load(locale, QStringLiteral("lora-recycle"), QStringLiteral("_"),
                QStringLiteral(":/i18n"))) {
    QCoreApplication::installTranslator(own.get());
  } else {
    plurals = std::make_unique<EnglishPlurals>();
    QCoreApplication::installTranslator(plurals.get());
  }
  qt = std::make_unique<QTranslator>();
  if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
               QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(qt.get());
}

}  // namespace lrc::ui
