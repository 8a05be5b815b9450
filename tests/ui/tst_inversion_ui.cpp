// Inversion studio: starting updates the live grid, the loss plot and the timeline; Pause holds
// the job; Stop leaves the UI idle; a run to the end gives a pool that saves; and the GUI thread
// never waits more than 100 ms while the inversion computes (heartbeat).
#include <QElapsedTimer>
#include <QFileInfo>
#include <QPushButton>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>

#include "api/describe.h"
#include "collection/adapter_table_model.h"
#include "common/progress_state.h"
#include "common/banner.h"
#include "common/plot.h"
#include "inversion/image_grid.h"
#include "inversion/inversion_page.h"
#include "gui_test_support.h"

using namespace lrc;
using namespace lrc::ui;

class TestInversionUi : public QObject {
  Q_OBJECT

 private:
  AppContext* m_ctx = nullptr;
  InversionPage* m_page = nullptr;
  QString m_adapter;

  api::InversionSettings quick(int iterations) const {
    api::InversionSettings s;
    s.adapter_path = ss(m_adapter);
    s.per_class = 2;
    s.iterations = iterations;
    s.snapshot_every = 5;
    s.prune_layers = {0};
    s.prune_ratios = {0.5};
    s.seed = 3;
    return s;
  }
  bool idle() const {
    if (m_page->isRunning() || !m_page->startButton()->isEnabled() ||
        m_page->stopButton()->isEnabled() || !m_ctx->activeJobs().isEmpty())
      qWarning("not idle: running %d, start %d, stop %d, active jobs %d, can start %d, adapter %s",
               int(m_page->isRunning()), int(m_page->startButton()->isEnabled()),
               int(m_page->stopButton()->isEnabled()), int(m_ctx->activeJobs().size()),
               int(m_page->canStart()), qPrintable(m_page->adapterPath()));
    return !m_page->isRunning() && m_page->startButton()->isEnabled() &&
           !m_page->stopButton()->isEnabled() && m_ctx->activeJobs().isEmpty();
  }

 private Q_SLOTS:
  void initTestCase() {
    test::isolateSettings();
    m_ctx = new AppContext(this);
    m_ctx->setThreads(1);  // leave a core to the GUI thread on small CI machines
    QVERIFY(test::loadModel(*m_ctx, test::data(QStringLiteral("models/timm"))));
    m_adapter = test::data(QStringLiteral("adapters/timm_reference.safetensors"));
    m_page = new InversionPage(m_ctx);
    m_page->resize(1200, 800);
    m_page->show();
    m_page->setAdapter(m_adapter);
    QCOMPARE(m_page->adapterPath(), m_adapter);
  }
  void cleanupTestCase() { delete m_page; }

  void startThenStopLeavesTheUiIdle() {
    m_page->applySettings(quick(100000));
    QVERIFY(idle());
    m_page->start();
    QVERIFY(m_page->isRunning());
    QVERIFY(!m_page->startButton()->isEnabled());
    QVERIFY(m_page->stopButton()->isEnabled());
    QCOMPARE(m_ctx->activeJobs().size(), 1);
    // The grid, the plot and the timeline fill as the job reports.
    QVERIFY(test::waitFor(
        [&] {
          return m_page->snapshotCount() >= 3 && m_page->lossPlot()->graph(0)->dataCount() >= 15;
        },
        60000));
    QVERIFY(m_page->grid()->imageCount() == 10);  // 5 classes × 2
    QCOMPARE(m_page->timeline()->maximum(), m_page->snapshotCount() - 1);
    // Scrub back: the grid shows the older snapshot.
    m_page->timeline()->setValue(0);
    QCOMPARE(m_page->grid()->snapshot()->step, 5);
    // Pause holds the job.
    m_page->togglePause();
    QVERIFY(m_page->job()->isPaused());
    QTest::qWait(150);
    const int frozen = m_page->lossPlot()->graph(0)->dataCount();
    QTest::qWait(300);
    QVERIFY(m_page->lossPlot()->graph(0)->dataCount() <= frozen + 2);
    m_page->togglePause();
    QVERIFY(!m_page->job()->isPaused());
    // Stop keeps what was synthesized: an idle UI, a bar marked stopped (not a green 100 %), a
    // status that says so, and a pool that saves and records that it stopped early.
    QSignalSpy ended(m_page, &InversionPage::inversionEnded);
    m_page->stop();
    QVERIFY(ended.wait(30000));
    QCOMPARE(m_page->job()->state(), Job::State::Finished);
    QVERIFY(m_page->job()->outcome().stopped_early);
    QVERIFY(idle());
    QCOMPARE(progressState(m_page->progressBar()), QStringLiteral("stopped"));
    QVERIFY(m_page->progressBar()->value() < m_page->progressBar()->maximum());
    QVERIFY2(m_page->statusLabel()->text().startsWith(QStringLiteral("Stopped at iteration")),
             qPrintable(m_page->statusLabel()->text()));
    QVERIFY(m_page->canSave());
    QVERIFY(m_page->banner()->messages().isEmpty());
    QTemporaryDir tmp;
    QString error;
    QVERIFY2(m_page->savePool(tmp.path(), &error), qPrintable(error));
    const Json saved =
        describe_path(tmp.filePath(QStringLiteral("pool.safetensors")).toStdString(), false);
    QCOMPARE(saved.get_int("images", -1), m_page->job()->outcome().images);
    QVERIFY(saved.find("info")->get_bool("stopped_early", false));
  }

  void aFullRunSavesItsPool() {
    api::InversionSettings s = quick(30);
    s.snapshot_every = 10;
    m_page->applySettings(s);
    QSignalSpy ended(m_page, &InversionPage::inversionEnded);
    m_page->start();
    QVERIFY(ended.wait(120000));
    QCOMPARE(m_page->job()->state(), Job::State::Finished);
    QVERIFY(idle());
    QCOMPARE(m_page->lossPlot()->graph(0)->dataCount(), 30);
    QVERIFY(m_page->canSave());
    // The final snapshot (teacher confidences of the result) is the last on the timeline.
    QCOMPARE(m_page->grid()->snapshot()->step, 30);
    QTemporaryDir tmp;
    QString error;
    QVERIFY2(m_page->savePool(tmp.path(), &error), qPrintable(error));
    QVERIFY(QFile::exists(tmp.filePath(QStringLiteral("pool.safetensors"))));
    QVERIFY(QDir(tmp.filePath(QStringLiteral("images"))).exists());
    QVERIFY(!m_page->grid()->render().isNull());
  }

  // A fresh page shows the API's defaults (the core's and the CLI's), and "same settings as this
  // pool" fills in what a saved pool was made with, seed included.
  void defaultsAreTheApisAndAPoolsSettingsLoadBack() {
    InversionPage fresh(m_ctx);
    const api::InversionSettings d;
    const api::InversionSettings shown = fresh.settings();
    QCOMPARE(shown.per_class, d.per_class);
    QCOMPARE(shown.iterations, d.iterations);
    QCOMPARE(shown.lr, d.lr);
    QCOMPARE(shown.jitter, d.jitter);
    QCOMPARE(shown.flip, d.flip);
    QCOMPARE(shown.batch, d.batch);
    QCOMPARE(shown.seed, d.seed);

    api::InversionSettings s = quick(12);
    s.jitter = 0.0;
    s.flip = 0.25;
    s.batch = 5;
    s.seed = 9;
    s.tv_weight = 0.002;
    m_page->applySettings(s);
    QSignalSpy ended(m_page, &InversionPage::inversionEnded);
    m_page->start();
    QVERIFY(ended.wait(120000));
    QCOMPARE(m_page->job()->state(), Job::State::Finished);
    QTemporaryDir tmp;
    QString error;
    QVERIFY2(m_page->savePool(tmp.path(), &error), qPrintable(error));

    fresh.setAdapter(m_adapter);
    QVERIFY(fresh.loadSettingsOfPool(tmp.path()));
    const api::InversionSettings back = fresh.settings();
    QCOMPARE(back.jitter, 0.0);
    QCOMPARE(back.flip, 0.25);
    QCOMPARE(back.batch, 5);
    QCOMPARE(back.seed, uint64_t(9));
    QCOMPARE(back.iterations, 12);
    QCOMPARE(back.per_class, 2);
    QCOMPARE(back.tv_weight, 0.002);
    QCOMPARE(back.prune_layers, std::vector<int>{0});
    QCOMPARE(fresh.adapterPath(), m_adapter);  // the adapter is left as it was

    // A folder without a pool: a banner naming it, the fields untouched.
    QVERIFY(!fresh.loadSettingsOfPool(test::data(QStringLiteral("images"))));
    QVERIFY(!fresh.banner()->messages().isEmpty());
    QVERIFY(fresh.banner()->messages().last().contains(QStringLiteral("images")));
    QCOMPARE(fresh.settings().batch, 5);
  }

  // Item 1 of the GUI issue: with the embedded default loaded, the page opens with the recipe
  // that made the shipped pools (no flips, no jitter, 100 iterations — the generic defaults
  // leave most classes as noise on letters), says how long the run will take before it starts,
  // and a run with exactly those settings reaches the teacher accuracy the shipped pools reached
  // (commands.log: 100 % for lora_000; ≥ 80 % asserted).
  void theDefaultOpensWithItsRecipeWhichWorks() {
    const QString dir = test::dataDir() + QStringLiteral("/../../resources/default");
    // Committed with the repository: a missing recipe is a regression, not a reason to skip.
    QVERIFY2(QFileInfo::exists(dir + QStringLiteral("/recipe.json")),
             qPrintable(dir + QStringLiteral(" lacks recipe.json")));
    AppContext ctx;
    ctx.setThreads(1);
    ctx.setDefaultDir(dir);
    QVERIFY(ctx.recipe());
    InversionPage page(&ctx);  // built before the model arrives, as in the application
    page.resize(1024, 700);
    page.show();
    QVERIFY(test::loadModel(ctx, dir + QStringLiteral("/model.safetensors")));
    QVERIFY(ctx.modelIsDefault());
    const api::InversionSettings s = page.settings();
    const api::InversionSettings& r = ctx.recipe()->inversion;
    QCOMPARE(s.flip, 0.0);
    QCOMPARE(s.jitter, 0.0);
    QCOMPARE(s.iterations, r.iterations);
    QCOMPARE(s.per_class, r.per_class);
    QCOMPARE(s.lr, r.lr);
    QCOMPARE(s.prune_layers, r.prune_layers);
    QVERIFY(!s.prior_path.empty());
    page.setAdapter(dir + QStringLiteral("/zoo/lora_000.safetensors"));
    QVERIFY2(page.estimateText().contains(QStringLiteral("when the default was made")),
             qPrintable(page.estimateText()));
    QSignalSpy ended(&page, &InversionPage::inversionEnded);
    page.start();
    QVERIFY(ended.wait(180000));
    QCOMPARE(page.job()->state(), Job::State::Finished);
    QVERIFY2(page.job()->outcome().teacher_accuracy >= 0.8,
             qPrintable(QString::number(page.job()->outcome().teacher_accuracy)));
    // The next estimate uses this machine's own rate.
    QVERIFY2(page.estimateText().contains(QStringLiteral("last run on this machine")),
             qPrintable(page.estimateText()));
  }

  void failuresBecomeABanner() {
    api::InversionSettings s = quick(10);
    s.prune_layers = {7};  // the fixture has 2 blocks
    s.prune_ratios = {0.5};
    m_page->applySettings(s);
    QSignalSpy ended(m_page, &InversionPage::inversionEnded);
    m_page->start();
    QVERIFY(ended.wait(30000));
    QCOMPARE(m_page->job()->state(), Job::State::Failed);
    QVERIFY(!m_page->banner()->messages().isEmpty());
    QVERIFY(idle());
    m_page->banner()->clearAll();
  }

  // The adapter selected in the Collection is the one this page opens with; a file that cannot
  // be inverted (broken, or without a head) is not adopted.
  void followsTheCollectionsSelection() {
    const QString other = test::data(QStringLiteral("adapters/hf_vit_reference.safetensors"));
    m_ctx->collection()->setRecords({api::inspect_adapter(ss(m_adapter), m_ctx->model().get()),
                                     api::inspect_adapter(ss(other), m_ctx->model().get())},
                                    test::data(QStringLiteral("adapters")));
    InversionPage fresh(m_ctx);
    m_ctx->setSelectedAdapters({m_adapter});
    QCOMPARE(fresh.adapterPath(), m_adapter);
    const api::AdapterRecord* r = m_ctx->collection()->findByPath(other);
    QVERIFY(r);
    m_ctx->setSelectedAdapters({other});
    QCOMPARE(fresh.adapterPath(), r->invertible() ? other : m_adapter);
    m_ctx->setSelectedAdapters({});
  }

  void destroyingThePageStopsTheJob() {
    // The Mandelbrot/hotspot pattern: the job's destructor cancels and joins its worker.
    auto* page = new InversionPage(m_ctx);
    page->setAdapter(m_adapter);
    page->applySettings(quick(1000000));
    page->start();
    QVERIFY(
        test::waitFor([&] { return page->job() && page->job()->lastProgress().step > 3; }, 30000));
    QElapsedTimer t;
    t.start();
    delete page;
    QVERIFY2(t.elapsed() < 5000, qPrintable(QString::number(t.elapsed())));
    QVERIFY(test::waitFor([&] { return m_ctx->activeJobs().isEmpty(); }, 1000));
  }

  void theGuiThreadStaysResponsive() {
    m_page->applySettings(quick(100000));
    QElapsedTimer clock;
    qint64 last = 0, worst = 0;
    int beats = 0;
    QTimer heartbeat;
    heartbeat.setInterval(10);
    connect(&heartbeat, &QTimer::timeout, this, [&] {
      const qint64 now = clock.elapsed();
      if (beats++ > 0) worst = std::max(worst, now - last);
      last = now;
    });
    m_page->start();
    QVERIFY(test::waitFor([&] { return m_page->snapshotCount() >= 1; }, 30000));
    clock.start();
    heartbeat.start();
    QTest::qWait(2500);
    heartbeat.stop();
    const int steps = int(m_page->job()->lastProgress().step);
    QSignalSpy ended(m_page, &InversionPage::inversionEnded);
    m_page->stop();
    QVERIFY(ended.wait(30000));
    qInfo("loss plot: %.1f ms per replot", m_page->lossPlot()->replotTime(true));
    qInfo("heartbeat: %d beats, worst gap %lld ms, %d inversion steps meanwhile", beats, worst,
          steps);
    QVERIFY(beats > 50);
    QVERIFY2(worst <= 100, qPrintable(QStringLiteral("the GUI thread waited %1 ms").arg(worst)));
  }
};

QTEST_MAIN(TestInversionUi)
#include "tst_inversion_ui.moc"
