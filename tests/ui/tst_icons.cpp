// The icons: every Icons::Id has its SVG resource (:/icons/<name>.svg) and renders visible pixels
// at the sizes the toolbar, sidebar and item views use, at 100 % and at 200 % device-pixel ratio
// (where the pixmap must carry twice the pixels, not an upscaled 1x bitmap).
#include <QFile>
#include <QImage>
#include <QPixmap>
#include <QSet>
#include <QtTest>

#include "common/icons.h"

using lrc::ui::Icons;

namespace {

constexpr int kIconCount = Icons::Ok + 1;

bool hasVisiblePixel(const QPixmap& pm) {
  const QImage img = pm.toImage().convertToFormat(QImage::Format_ARGB32);
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x)
      if (qAlpha(img.pixel(x, y)) > 0) return true;
  return false;
}

QString label(Icons::Id id, int size, qreal dpr) {
  return QStringLiteral("%1 at %2 px, dpr %3")
      .arg(QLatin1String(Icons::name(id)))
      .arg(size)
      .arg(dpr);
}

}  // namespace

class TestIcons : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void everyIdHasItsSvgResource() {
    for (int i = 0; i < kIconCount; ++i) {
      const auto id = Icons::Id(i);
      const QString file = QStringLiteral(":/icons/%1.svg").arg(QLatin1String(Icons::name(id)));
      QVERIFY2(QFile::exists(file), qPrintable(file));
    }
  }

  void everyIdRendersVisiblePixels_data() {
    QTest::addColumn<int>("size");
    QTest::addColumn<qreal>("dpr");
    for (const int size : {16, 24, 48})
      for (const qreal dpr : {1.0, 2.0}) QTest::addRow("%d px, dpr %g", size, dpr) << size << dpr;
  }

  void everyIdRendersVisiblePixels() {
    QFETCH(int, size);
    QFETCH(qreal, dpr);
    for (int i = 0; i < kIconCount; ++i) {
      const auto id = Icons::Id(i);
      const QIcon icon = Icons::get(id);
      QVERIFY2(!icon.isNull(), Icons::name(id));
      const QPixmap pm = icon.pixmap(QSize(size, size), dpr);
      const QString what = label(id, size, dpr);
      QVERIFY2(!pm.isNull(), qPrintable(what));
      QCOMPARE(pm.size(), QSize(size, size) * dpr);
      QCOMPARE(pm.devicePixelRatio(), dpr);
      QVERIFY2(hasVisiblePixel(pm), qPrintable(what));
    }
  }

  // Disabled icons are faded, not blank: they still show what the button would do.
  void disabledIconsAreFadedNotBlank() {
    const QIcon icon = Icons::get(Icons::Start);
    const QImage normal = icon.pixmap(QSize(24, 24), 1.0).toImage();
    const QImage disabled = icon.pixmap(QSize(24, 24), 1.0, QIcon::Disabled).toImage();
    QVERIFY(hasVisiblePixel(QPixmap::fromImage(disabled)));
    QVERIFY(normal != disabled);
  }

  void namesAreDistinct() {
    QSet<QString> seen;
    for (int i = 0; i < kIconCount; ++i) seen.insert(QLatin1String(Icons::name(Icons::Id(i))));
    QCOMPARE(seen.size(), kIconCount);
  }
};

QTEST_MAIN(TestIcons)
#include "tst_icons.moc"
