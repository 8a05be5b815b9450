// Plot export: PNG, SVG and CSV chosen by suffix, each readable back (the CSV point for point),
// atomic, and a clear error naming the file for an unknown suffix or an unwritable place.
#include <cmath>

#include <QImage>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>

#include "common/plot.h"
#include "gui_test_support.h"

using namespace lrc;
using namespace lrc::ui;

class TestPlotExport : public QObject {
  Q_OBJECT

  static void fill(PlotWidget& plot) {
    QCPGraph* a = plot.addLine(QStringLiteral("loss"), Qt::blue);
    QCPGraph* b = plot.addLine(QStringLiteral("val, acc"), Qt::red);  // a comma to quote
    for (int i = 1; i <= 5; ++i) {
      a->addData(i, 1.0 / i);
      b->addData(i * 10, 0.5 + 0.01 * i);
    }
    plot.resize(400, 300);
    plot.resetZoom();
  }

 private Q_SLOTS:
  void initTestCase() { test::isolateSettings(); }

  void pngSvgAndCsvReadBack() {
    PlotWidget plot(QStringLiteral("Meta-training"));
    fill(plot);
    QTemporaryDir tmp;
    QString error;
    const QString png = tmp.filePath(QStringLiteral("p.png"));
    QVERIFY2(plot.exportTo(png, &error), qPrintable(error));
    const QImage image(png);
    QCOMPARE(image.size(), QSize(800, 600));  // 2× pixels
    const QString svg = tmp.filePath(QStringLiteral("p.svg"));
    QVERIFY2(plot.exportTo(svg, &error), qPrintable(error));
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBox(), QRect(0, 0, 400, 300));
    const QString csv = tmp.filePath(QStringLiteral("p.CSV"));  // any case
    QVERIFY2(plot.exportTo(csv, &error), qPrintable(error));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines =
        QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 11);
    QCOMPARE(lines[0], QStringLiteral("graph,x,y"));
    QCOMPARE(lines[1], QStringLiteral("loss,1,1"));
    QCOMPARE(lines[2], QStringLiteral("loss,2,0.5"));
    QCOMPARE(lines[6], QStringLiteral("\"val, acc\",10,0.51"));
    QCOMPARE(lines[10], QStringLiteral("\"val, acc\",50,0.55"));
  }

  // The Training page's plots are narrow at 1024 px: the legend (top right) covers most of their
  // width, so the range leaves room above the curves instead of drawing them under it.
  void theLegendDoesNotHideTheCurves() {
    PlotWidget plot(QStringLiteral("Meta-loss"));
    QCPGraph* loss = plot.addLine(QStringLiteral("loss"), Qt::blue);
    QCPGraph* mean = plot.addLine(QStringLiteral("moving average"), Qt::red);
    for (int i = 0; i < 200; ++i) {
      loss->addData(i, 0.15 * std::exp(-i / 50.0));
      mean->addData(i, 0.12 * std::exp(-i / 60.0));
    }
    plot.resize(160, 260);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.replot();
    plot.resetZoom();
    const double curveTop = plot.yAxis->coordToPixel(0.15);
    const double legendBottom = plot.legend->outerRect().bottom();
    QVERIFY2(curveTop > legendBottom,
             qPrintable(QStringLiteral("curve top at %1 px, legend bottom at %2 px")
                            .arg(curveTop)
                            .arg(legendBottom)));
    QVERIFY(plot.yAxis->range().upper < 0.15 * 4);  // room, not a squashed curve
  }

  void badTargetsAreClearErrors() {
    PlotWidget plot(QStringLiteral("Losses"));
    fill(plot);
    QTemporaryDir tmp;
    QString error;
    QVERIFY(!plot.exportTo(tmp.filePath(QStringLiteral("p.gif")), &error));
    QVERIFY2(error.contains(QStringLiteral("p.gif")) && error.contains(QStringLiteral(".svg")),
             qPrintable(error));
    QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("p.gif"))));
    QVERIFY(!plot.exportTo(tmp.filePath(QStringLiteral("missing/p.png")), &error));
    QVERIFY2(error.contains(QStringLiteral("p.png")), qPrintable(error));
    // A folder in the way: refused, and the folder is untouched.
    QDir(tmp.path()).mkdir(QStringLiteral("taken.csv"));
    QVERIFY(!plot.exportTo(tmp.filePath(QStringLiteral("taken.csv")), &error));
    QVERIFY(QFileInfo(tmp.filePath(QStringLiteral("taken.csv"))).isDir());
  }
};

QTEST_MAIN(TestPlotExport)
#include "tst_plot_export.moc"
