// Renders the welcome page and each workspace, filled with real results from the fixtures, to
// PNG files in the build folder (screenshots/<name><LRC_SHOT_SUFFIX>.png) with QWidget::grab().
// Runs under xvfb-run when available (see tests/ui/CMakeLists.txt), offscreen otherwise.
#include <QDir>
#include <QListWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "collection/adapter_table_model.h"
#include "collection/collection_page.h"
#include "inversion/inversion_page.h"
#include "playground/class_column.h"
#include "playground/playground_page.h"
#include "playground/query_view.h"
#include "shell/main_window.h"
#include "shell/style.h"
#include "training/training_page.h"
#include "gui_test_support.h"

using namespace lrc;
using namespace lrc::ui;

class TestScreenshots : public QObject {
  Q_OBJECT

 private:
  QString m_dir;
  QTemporaryDir m_tmp;

  void shoot(QWidget* w, const QString& name) {
    QTest::qWait(150);
    const QString file = m_dir + QLatin1Char('/') + name + qEnvironmentVariable("LRC_SHOT_SUFFIX") +
                         QStringLiteral(".png");
    const QPixmap pm = w->grab();
    QVERIFY(!pm.isNull());
    QVERIFY2(pm.save(file), qPrintable(file));
    QVERIFY(QFileInfo(file).size() > 1000);
    qInfo("wrote %s (%dx%d)", qPrintable(file), pm.width(), pm.height());
  }

 private Q_SLOTS:
  void initTestCase() {
    test::isolateSettings();
    applyStyle(*qApp);
    qputenv("LRC_DEFAULT_DIR", QByteArray(LRC_BUILD_DIR "/no-default-assets-here"));
    m_dir = test::buildDir() + QStringLiteral("/screenshots");
    QDir().mkpath(m_dir);
  }

  void everyWorkspace() {
    MainWindow w({false, false});
    w.resize(1360, 860);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    shoot(&w, QStringLiteral("00-welcome"));

    w.context()->setThreads(1);
    QVERIFY(test::loadModel(*w.context(), test::data(QStringLiteral("models/timm"))));
    // Collection: fixtures and the malformed-file corpus side by side.
    QDir().mkpath(m_tmp.filePath(QStringLiteral("zoo")));
    for (const QString& f : QDir(test::data(QStringLiteral("adapters"))).entryList(QDir::Files))
      QFile::copy(test::data(QStringLiteral("adapters/")) + f,
                  m_tmp.filePath(QStringLiteral("zoo/")) + f);
    QFile::copy(test::data(QStringLiteral("bad/header_past_end.safetensors")),
                m_tmp.filePath(QStringLiteral("zoo/broken_download.safetensors")));
    QFile::copy(test::data(QStringLiteral("bad/adapters/reference_wrong_depth.safetensors")),
                m_tmp.filePath(QStringLiteral("zoo/reference_wrong_depth.safetensors")));
    QSignalSpy scanned(w.collectionPage(), &CollectionPage::scanFinished);
    w.showPage(MainWindow::Collection);
    w.collectionPage()->openFolder(m_tmp.filePath(QStringLiteral("zoo")));
    QVERIFY(scanned.wait(30000));
    QVERIFY(test::waitFor([&] { return !w.context()->collection()->isRechecking(); }));
    w.collectionPage()->selectPath(
        m_tmp.filePath(QStringLiteral("zoo/timm_reference.safetensors")));
    shoot(&w, QStringLiteral("01-collection"));

    // Inversion: a short run to the end, with pruning so the masks show.
    w.showPage(MainWindow::Inversion);
    api::InversionSettings inv;
    inv.adapter_path = ss(m_tmp.filePath(QStringLiteral("zoo/timm_reference.safetensors")));
    inv.per_class = 4;
    inv.iterations = 120;
    inv.snapshot_every = 10;
    inv.prune_layers = {0};
    inv.prune_ratios = {0.5};
    w.inversionPage()->applySettings(inv);
    QSignalSpy inverted(w.inversionPage(), &InversionPage::inversionEnded);
    w.inversionPage()->start();
    QVERIFY(inverted.wait(120000));
    shoot(&w, QStringLiteral("02-inversion"));

    // Training: pools inverted on the way (invert missing), then a short meta-training.
    w.showPage(MainWindow::Training);
    api::MetaTrainSettings t;
    t.adapter_paths = {inv.adapter_path,
                       ss(m_tmp.filePath(QStringLiteral("zoo/hf_vit_reference.safetensors")))};
    t.pool_dir = ss(m_tmp.filePath(QStringLiteral("pools")));
    t.inversion.iterations = 30;
    t.inversion.per_class = 4;
    t.way = 3;
    t.shot = 1;
    t.query = 2;
    t.episodes = 60;
    t.val_dir = ss(test::data(QStringLiteral("images")));
    t.val_every = 10;
    t.val_episodes = 5;
    t.checkpoint_every = 20;
    t.out_path = ss(m_tmp.filePath(QStringLiteral("meta_lora.safetensors")));
    w.trainingPage()->applySettings(t);
    QSignalSpy trained(w.trainingPage(), &TrainingPage::trainingEnded);
    w.trainingPage()->start();
    QVERIFY(trained.wait(300000));
    QVERIFY2(w.trainingPage()->job()->state() == Job::State::Finished,
             qPrintable(w.trainingPage()->job()->errorMessage()));
    shoot(&w, QStringLiteral("03-training"));

    // Playground: three classes, the meta-LoRA just trained, compare mode.
    w.showPage(MainWindow::Playground);
    PlaygroundPage* p = w.playgroundPage();
    p->clearTask();
    const QStringList classes{QStringLiteral("red"), QStringLiteral("green"),
                              QStringLiteral("blue")};
    QStringList queries;
    for (const QString& c : classes) {
      ClassColumn* col = p->addClass(c);
      QVERIFY(test::dropFiles(col, {test::data(QStringLiteral("images/%1/0.png").arg(c))}));
      queries << test::data(QStringLiteral("images/%1/1.png").arg(c))
              << test::data(QStringLiteral("images/%1/2.png").arg(c));
    }
    QVERIFY(test::dropFiles(p->queryArea(), queries));
    p->setAdapter(w.trainingPage()->resultPath());
    p->setMode(PlaygroundPage::Mode::Compare);
    QVERIFY(test::waitFor([&] { return !p->isBusy() && !p->lastAnswers(true).empty(); }));
    shoot(&w, QStringLiteral("04-playground"));
  }
};

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
