// Every workspace fits a 1024×700 window in English, German and Simplified Chinese: no button or
// field lies outside the window (unless it sits in a scroll area, which scrolls to it), no button
// or one-line label is cut without a tooltip carrying the whole text. Each view is saved as
// build/screenshots/<workspace>-<language>-1024x700.png for a person to look at.
#include <QAbstractButton>
#include <QAbstractScrollArea>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QTranslator>
#include <QtTest>

#include "collection/adapter_table_model.h"
#include "playground/playground_page.h"
#include "shell/main_window.h"
#include "shell/workspace.h"
#include "shell/style.h"
#include "gui_test_support.h"

using namespace lrc;
using namespace lrc::ui;

namespace {

// A widget scrolled inside a scroll area may lie outside the window: the area scrolls to it.
bool insideScrollArea(const QWidget* w, const QWidget* window) {
  for (const QWidget* p = w->parentWidget(); p && p != window; p = p->parentWidget())
    if (qobject_cast<const QAbstractScrollArea*>(p)) return true;
  return false;
}

QString describe(const QWidget* w, const QString& text) {
  return QStringLiteral("%1 \"%2\" (%3)")
      .arg(QString::fromLatin1(w->metaObject()->className()), text, w->objectName());
}

QStringList fitProblems(QWidget* window) {
  QStringList out;
  const QRect frame = window->rect();
  for (QWidget* w : window->findChildren<QWidget*>()) {
    if (!w->isVisibleTo(window) || w->isWindow()) continue;
    const QRect r(w->mapTo(window, QPoint(0, 0)), w->size());
    const bool scrolls = insideScrollArea(w, window);
    const bool hasTip = !w->toolTip().isEmpty();
    if (auto* b = qobject_cast<QAbstractButton*>(w)) {
      if (!scrolls && !frame.contains(r))
        out << describe(w, b->text()) + QStringLiteral(" lies outside the window");
      // Icon-only buttons have no text to cut; a cut text needs its tooltip.
      if (!b->text().isEmpty() && b->sizeHint().width() > b->width() + 1 && !hasTip)
        out << describe(w, b->text()) + QStringLiteral(" is cut without a tooltip");
      if (!b->text().isEmpty() && b->sizeHint().width() > b->width() + 1 && !scrolls)
        out << describe(w, b->text()) + QStringLiteral(" is cut: %1 of %2 px")
                                            .arg(b->width())
                                            .arg(b->sizeHint().width());
    } else if (auto* l = qobject_cast<QLabel*>(w)) {
      if (l->text().isEmpty() || !l->pixmap().isNull()) continue;
      // A wrapped label needs the height of all its lines at the width it got.
      if (l->wordWrap()) {
        const int need = l->heightForWidth(l->width());
        if (need > l->height() + 1)
          out << describe(w, l->text()) + QStringLiteral(" is cut: %1 of %2 px high at %3 px wide")
                                              .arg(l->height())
                                              .arg(need)
                                              .arg(l->width());
        continue;
      }
      if (!scrolls && !frame.intersects(r))
        out << describe(w, l->text()) + QStringLiteral(" lies outside the window");
      if (l->minimumSizeHint().width() > l->width() + 1 && !hasTip)
        out << describe(w, l->text()) + QStringLiteral(" is cut without a tooltip: %1 of %2 px")
                                            .arg(l->width())
                                            .arg(l->minimumSizeHint().width());
    } else if (auto* c = qobject_cast<QComboBox*>(w)) {
      if (!scrolls && !frame.contains(r))
        out << describe(w, c->currentText()) + QStringLiteral(" lies outside the window");
      const int need =
          c->fontMetrics().horizontalAdvance(c->currentText()) + 2 * c->iconSize().width();
      if (need > c->width() && !hasTip)
        out << describe(w, c->currentText()) + QStringLiteral(" is cut without a tooltip");
    } else if (qobject_cast<QLineEdit*>(w)) {
      if (!scrolls && !frame.contains(r))
        out << describe(w, QString()) + QStringLiteral(" lies outside the window");
    }
  }
  out.removeDuplicates();
  return out;
}

}  // namespace

class TestLayoutFit : public QObject {
  Q_OBJECT

  QString m_shots;

  void shoot(QWidget* w, const QString& name) {
    QTest::qWait(100);
    const QString file = m_shots + QLatin1Char('/') + name + QStringLiteral("-1024x700.png");
    QVERIFY2(w->grab().save(file), qPrintable(file));
  }

 private Q_SLOTS:
  void initTestCase() {
    test::isolateSettings();
    applyStyle(*qApp);
    m_shots = test::buildDir() + QStringLiteral("/screenshots");
    QDir().mkpath(m_shots);
  }

  void everyWorkspaceFits_data() {
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << "en";
    QTest::newRow("de") << "de";
    QTest::newRow("zh_CN") << "zh_CN";
  }

  void everyWorkspaceFits() {
    QFETCH(QString, language);
    const QLocale locale(language);
    QTranslator own, qt;
    if (language != QLatin1String("en")) {
      QVERIFY(own.load(QStringLiteral(":/i18n/lora-recycle_%1.qm").arg(language)));
      QCoreApplication::installTranslator(&own);
      if (qt.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                  QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qt);
    }
    const QLocale before;
    QLocale::setDefault(locale);
    {
      // The committed default, as a user first sees it.
      const QString dir = QStringLiteral(LRC_TEST_DATA_DIR "/../../resources/default");
      QVERIFY2(QFileInfo::exists(dir + QStringLiteral("/model.safetensors")), qPrintable(dir));
      const QByteArray saved = qgetenv("LRC_DEFAULT_DIR");
      qputenv("LRC_DEFAULT_DIR", dir.toLocal8Bit());
      MainWindow w({true, false});
      qputenv("LRC_DEFAULT_DIR", saved);
      w.resize(1024, 700);
      w.show();
      QVERIFY(QTest::qWaitForWindowExposed(&w));
      QVERIFY(test::waitFor([&] { return w.context()->hasModel(); }, 30000));
      QVERIFY(test::waitFor([&] { return w.context()->collection()->rowCount() >= 32; }, 30000));
      // The screenshots show the compatibility the user sees after a moment, not "no model".
      QVERIFY(test::waitFor([&] { return !w.context()->collection()->isRechecking(); }, 30000));
      QTest::qWait(300);
      if (w.size() != QSize(1024, 700)) {
        // Name what holds the window wider than asked: the widest minimum sizes, outermost first.
        QStringList wide;
        for (QWidget* c : w.findChildren<QWidget*>())
          if (c->minimumSizeHint().width() > 600 &&
              (qobject_cast<Workspace*>(c) ||
               (c->parentWidget() &&
                c->parentWidget()->objectName() == QLatin1String("startPage"))))
            wide << QStringLiteral("%1 (%2): %3 px")
                        .arg(QString::fromLatin1(c->metaObject()->className()), c->objectName())
                        .arg(c->minimumSizeHint().width());
        QFAIL(qPrintable(QStringLiteral("the window is %1×%2 px, not 1024×700; widest: %3")
                             .arg(w.width())
                             .arg(w.height())
                             .arg(wide.mid(0, 12).join(QStringLiteral(", ")))));
      }
      QStringList problems;
      auto check = [&](const QString& name) {
        QTest::qWait(200);
        for (const QString& p : fitProblems(&w)) problems << name + QStringLiteral(": ") + p;
        shoot(&w, name + QLatin1Char('-') + language);
      };
      check(QStringLiteral("welcome"));
      const char* names[] = {"collection", "inversion", "training", "playground"};
      for (int page = 0; page < 4; ++page) {
        w.showPage(page);
        if (page == MainWindow::Playground)
          QVERIFY(test::waitFor([&] { return !w.playgroundPage()->isBusy(); }, 30000));
        check(QString::fromLatin1(names[page]));
      }
      QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }
    QLocale::setDefault(before);
    QCoreApplication::removeTranslator(&own);
    QCoreApplication::removeTranslator(&qt);
  }
};

QTEST_MAIN(TestLayoutFit)
#include "tst_layout_fit.moc"
