// Training: a few meta-training steps on pools inverted in the test draw the meta-loss, learning
// rate and validation-accuracy curves, list checkpoints, and produce a meta-LoRA that loads (into
// the facade's FewShot and, in one click, into the Playground); exports in both formats.
#include <QFileInfo>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTemporaryDir>
#include <QSpinBox>
#include <QWheelEvent>
#include <QtTest>

#include "collection/adapter_table_model.h"
#include "common/banner.h"
#include "common/plot.h"
#include "common/progress_state.h"
#include "training/overall_eta.h"
#include "training/training_page.h"
#include "gui_test_support.h"

using namespace lrc;
using namespace lrc::ui;

class TestTrainingUi : public QObject {
  Q_OBJECT

 private:
  AppContext* m_ctx = nullptr;
  TrainingPage* m_page = nullptr;
  QTemporaryDir m_tmp;
  QString m_adapter;

  api::MetaTrainSettings quick() const {
    api::MetaTrainSettings s;
    s.adapter_paths = {ss(m_adapter)};
    s.pool_dir = ss(m_tmp.filePath(QStringLiteral("pools")));
    s.invert_missing = false;
    s.way = 3;
    s.shot = 1;
    s.query = 2;
    s.episodes = 12;
    s.lr = 1e-3;
    s.val_dir = ss(test::data(QStringLiteral("images")));
    s.val_every = 4;
    s.val_episodes = 3;
    s.checkpoint_every = 6;
    s.out_path = ss(m_tmp.filePath(QStringLiteral("out/meta_lora.safetensors")));
    s.seed = 1;
    return s;
  }

 private Q_SLOTS:
  void initTestCase() {
    test::isolateSettings();
    QVERIFY(m_tmp.isValid());
    m_ctx = new AppContext(this);
    m_ctx->setThreads(1);
    QVERIFY(test::loadModel(*m_ctx, test::data(QStringLiteral("models/timm"))));
    m_adapter = test::data(QStringLiteral("adapters/timm_reference.safetensors"));
    // The collection the page offers.
    m_ctx->collection()->setRecords({api::inspect_adapter(ss(m_adapter), m_ctx->model().get())},
                                    test::data(QStringLiteral("adapters")));
    // The surrogate pool, made by inversion here (what the Inversion studio or `invert` would
    // save).
    api::InversionSettings inv;
    inv.adapter_path = ss(m_adapter);
    inv.per_class = 4;
    inv.iterations = 20;
    inv.out_dir = api::pool_folder_for(ss(m_tmp.filePath(QStringLiteral("pools"))), ss(m_adapter));
    api::JobControl control;
    const auto outcome = api::run_inversion(*m_ctx->model(), inv, {}, control);
    QCOMPARE(outcome.images, 20);
    m_page = new TrainingPage(m_ctx);
    m_page->resize(1300, 850);
    m_page->show();
  }
  void cleanupTestCase() { delete m_page; }

  void theCollectionSubsetIsOffered() {
    QCOMPARE(m_page->checkedAdapters(), QStringList{m_adapter});
    m_page->setAdapters({});
    QVERIFY(!m_page->canStart());
    m_page->setAdapters({m_adapter});
    QVERIFY(m_page->canStart());
  }

  void aShortRunDrawsItsCurvesAndProducesALoadableAdapter() {
    m_page->applySettings(quick());
    QSignalSpy ended(m_page, &TrainingPage::trainingEnded);
    m_page->start();
    QVERIFY(m_page->isRunning());
    QVERIFY(ended.wait(180000));
    QVERIFY2(m_page->job()->state() == Job::State::Finished,
             qPrintable(m_page->job()->errorMessage()));
    QCOMPARE(m_page->lossPlot()->graph(0)->dataCount(), 12);
    QCOMPARE(m_page->lrPlot()->graph(0)->dataCount(), 12);
    QCOMPARE(m_page->accuracyPlot()->graph(0)->dataCount(), 3);  // steps 4, 8, 12
    QVERIFY(m_page->checkpointList()->count() >= 2);             // steps 6 and 12
    QVERIFY(QFile::exists(m_page->resultPath()));
    // The result loads as an adapter of this model.
    api::FewShot fewshot(m_ctx->model(), ss(m_page->resultPath()));
    QVERIFY(!fewshot.has_support());
    // One click to the Playground.
    QVERIFY(m_page->toPlaygroundButton()->isEnabled());
    QSignalSpy toPlayground(m_page, &TrainingPage::loadIntoPlayground);
    m_page->toPlaygroundButton()->click();
    QCOMPARE(toPlayground.size(), 1);
    QCOMPARE(toPlayground.front().front().toString(), m_page->resultPath());
  }

  void exportsInBothFormats() {
    QString error;
    const QString native = m_tmp.filePath(QStringLiteral("export/meta.safetensors"));
    QDir().mkpath(m_tmp.filePath(QStringLiteral("export")));
    QVERIFY2(m_page->exportResult(native, false, &error), qPrintable(error));
    QVERIFY(api::looks_like_adapter(ss(native)));
    const QString peft = m_tmp.filePath(QStringLiteral("export/meta_peft"));
    QVERIFY2(m_page->exportResult(peft, true, &error), qPrintable(error));
    QVERIFY(QFile::exists(peft + QStringLiteral("/adapter_config.json")));
    const auto r = api::inspect_adapter(ss(peft), m_ctx->model().get());
    QVERIFY2(r.ok && r.compatible, r.error.c_str());
  }

  void stopWritesACheckpointAndResumeContinues() {
    api::MetaTrainSettings s = quick();
    s.episodes = 100000;
    s.val_dir.clear();
    s.checkpoint_every = 0;
    s.out_path = ss(m_tmp.filePath(QStringLiteral("out2/meta_lora.safetensors")));
    m_page->applySettings(s);
    QSignalSpy ended(m_page, &TrainingPage::trainingEnded);
    m_page->start();
    QVERIFY(test::waitFor([&] { return m_page->lossPlot()->graph(0)->dataCount() >= 5; }, 60000));
    m_page->togglePause();
    QVERIFY(m_page->job()->isPaused());
    m_page->togglePause();
    m_page->stop();
    QVERIFY(ended.wait(60000));
    QCOMPARE(m_page->job()->state(), Job::State::Cancelled);
    QVERIFY(m_page->checkpointList()->count() >= 1);  // written on stop
    QVERIFY(m_page->canStart());
    // What the stop wrote is chosen, can be saved and tried in the Playground.
    QVERIFY(m_page->canSave());
    const QString chosen = m_page->chosenAdapterPath();
    QVERIFY2(chosen.endsWith(QStringLiteral("meta_lora.safetensors")) && QFile::exists(chosen),
             qPrintable(chosen));
    QString error;
    const QString saved = m_tmp.filePath(QStringLiteral("saved_after_stop.safetensors"));
    QVERIFY2(m_page->exportResult(saved, false, &error), qPrintable(error));
    QVERIFY(QFile::exists(saved));
    QSignalSpy toPlayground(m_page, &TrainingPage::loadIntoPlayground);
    QTest::mouseClick(m_page->toPlaygroundButton(), Qt::LeftButton);
    QCOMPARE(toPlayground.count(), 1);
    QCOMPARE(toPlayground.first().first().toString(), chosen);
    const int pointsBefore = m_page->lossPlot()->graph(0)->dataCount();
    // Resume: continues from the checkpoint to the (now shorter) end.
    const int64_t stoppedAt = m_page->job()->lastProgress().step;
    s.resume = true;
    s.episodes = stoppedAt + 3;
    m_page->applySettings(s);
    m_page->start();
    QVERIFY(ended.wait(60000));
    QVERIFY2(m_page->job()->state() == Job::State::Finished,
             qPrintable(m_page->job()->errorMessage()));
    QVERIFY(m_page->job()->outcome().resumed_from >= stoppedAt);
    QCOMPARE(m_page->job()->outcome().steps, stoppedAt + 3);
    // The resumed run continued the curve and the log instead of starting them anew.
    QVERIFY2(m_page->lossPlot()->graph(0)->dataCount() > pointsBefore,
             qPrintable(QString::number(m_page->lossPlot()->graph(0)->dataCount())));
    QVERIFY(
        m_page->findChild<QPlainTextEdit*>()->toPlainText().contains(QStringLiteral("Stopped")));
    QVERIFY(QFile::exists(m_page->resultPath()));
  }

  // Processes 2 on the page: a helper process (lora-recycle-cli in its worker mode) computes half
  // of every step's episodes. The run ends with the curve of one process with the same episodes
  // per step, and Pause is off while it runs (the helper would time out).
  void twoProcessesTrainLikeOne() {
    const QByteArray cli = qgetenv("LRC_CLI");
    // CTest sets it (tests/ui/CMakeLists.txt); without it this test cannot run its helper rank.
    QVERIFY2(!cli.isEmpty(), "LRC_CLI must name lora-recycle-cli, the helper program");
    // fp32: one process runs a step's two episodes in one forward pass, two ranks one each; in
    // bf16 the two roundings differ by about 1e-4 of the loss, in fp32 by about 1e-7.
    m_ctx->setPrecision(QStringLiteral("fp32"));
    api::MetaTrainSettings s = quick();
    s.val_dir.clear();
    s.checkpoint_every = 0;
    s.episodes = 8;
    s.episodes_per_step = 2;
    s.out_path = ss(m_tmp.filePath(QStringLiteral("one/meta_lora.safetensors")));
    m_page->applySettings(s);
    QSignalSpy ended(m_page, &TrainingPage::trainingEnded);
    m_page->start();
    QVERIFY(ended.wait(120000));
    QVERIFY2(m_page->job()->state() == Job::State::Finished,
             qPrintable(m_page->job()->errorMessage()));
    const std::vector<double> one = m_page->job()->outcome().losses;
    QCOMPARE(one.size(), size_t(8));

    s.out_path = ss(m_tmp.filePath(QStringLiteral("two/meta_lora.safetensors")));
    s.helper_executable = cli.toStdString();
    m_page->applySettings(s);
    // More processes than episodes per step raise the episodes per step (each needs one).
    m_page->episodesPerStepBox()->setValue(1);
    m_page->processesBox()->setValue(3);
    QCOMPARE(m_page->episodesPerStepBox()->value(), 3);
    m_page->processesBox()->setValue(2);
    m_page->episodesPerStepBox()->setValue(2);
    QCOMPARE(m_page->settings().local_processes, 2);
    m_page->start();
    QVERIFY(m_page->isRunning());
    QVERIFY(!m_page->pauseButton()->isEnabled());
    QVERIFY(!m_page->canPause());
    QVERIFY(ended.wait(120000));
    QVERIFY2(m_page->job()->state() == Job::State::Finished,
             qPrintable(m_page->job()->errorMessage()));
    const api::MetaTrainOutcome& two = m_page->job()->outcome();
    QCOMPARE(two.world_size, 2);
    QCOMPARE(two.losses.size(), one.size());
    for (size_t i = 0; i < one.size(); ++i)
      QVERIFY2(std::abs(two.losses[i] - one[i]) <= 1e-5 * std::max(1.0, std::abs(one[i])),
               qPrintable(
                   QStringLiteral("step %1: %2 vs %3").arg(i + 1).arg(two.losses[i]).arg(one[i])));
    QVERIFY(QFile::exists(m_page->resultPath()));
    const QString log = m_page->findChild<QPlainTextEdit*>()->toPlainText();
    QVERIFY2(log.contains(QStringLiteral("over 2 ranks")), qPrintable(log));
    QVERIFY(QFile::exists(
        m_tmp.filePath(QStringLiteral("two/meta_lora.safetensors.checkpoints/ranks/rank_1.log"))));
    m_page->processesBox()->setValue(1);
    m_ctx->setPrecision(QStringLiteral("auto"));
  }

  void missingPoolIsAClearError() {
    api::MetaTrainSettings s = quick();
    s.pool_dir = ss(m_tmp.filePath(QStringLiteral("empty-pools")));
    s.out_path = ss(m_tmp.filePath(QStringLiteral("out3/meta_lora.safetensors")));
    m_page->applySettings(s);
    QSignalSpy ended(m_page, &TrainingPage::trainingEnded);
    m_page->start();
    QVERIFY(ended.wait(60000));
    QCOMPARE(m_page->job()->state(), Job::State::Failed);
    QVERIFY(m_page->job()->errorMessage().contains(QStringLiteral("no surrogate pool")));
    QVERIFY(!m_page->banner()->messages().isEmpty());
  }

  // Pools too small for the episodes fail before any inverting, say what is needed, and the
  // progress bar reads as a failure rather than a finished green bar.
  void poolsTooSmallForTheEpisodesFailFast() {
    api::MetaTrainSettings s = quick();
    s.pool_dir = ss(m_tmp.filePath(QStringLiteral("small-pools")));
    s.out_path = ss(m_tmp.filePath(QStringLiteral("out4/meta_lora.safetensors")));
    s.invert_missing = true;
    s.inversion.per_class = 2;  // shot 1 + query 2 need 3
    s.inversion.iterations = 5;
    m_page->applySettings(s);
    QSignalSpy ended(m_page, &TrainingPage::trainingEnded);
    m_page->start();
    QVERIFY(ended.wait(30000));
    QCOMPARE(m_page->job()->state(), Job::State::Failed);
    const QString message = m_page->job()->errorMessage();
    QVERIFY2(message.contains(QStringLiteral("2 images per class")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("need 3")), qPrintable(message));
    QVERIFY(!QDir(m_tmp.filePath(QStringLiteral("small-pools"))).exists() ||
            QDir(m_tmp.filePath(QStringLiteral("small-pools")))
                .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
                .isEmpty());
    auto* bar = m_page->findChild<QProgressBar*>();
    QVERIFY(bar);
    QCOMPARE(progressState(bar), QStringLiteral("failed"));
  }

  // A LoRA that does not fit the model fails the run before any pool is inverted, naming the
  // file, not after the others' minutes of inverting. (The page only lets compatible rows be
  // ticked; a CLI or API caller can pass any file, so the runner checks.)
  void aMismatchedLoraFailsBeforeInverting() {
    api::MetaTrainSettings s = quick();
    // More good members than one batched inversion takes (4), then the misfit: without the
    // check, the first batch would be inverted before the misfit is ever opened.
    s.adapter_paths.clear();
    for (int i = 0; i < 5; ++i) {
      const QString copy = m_tmp.filePath(QStringLiteral("member_%1.safetensors").arg(i));
      QFile::copy(m_adapter, copy);
      s.adapter_paths.push_back(ss(copy));
    }
    s.adapter_paths.push_back(
        ss(test::data(QStringLiteral("bad/adapters/reference_wrong_depth.safetensors"))));
    s.pool_dir = ss(m_tmp.filePath(QStringLiteral("mismatch-pools")));
    s.out_path = ss(m_tmp.filePath(QStringLiteral("out5/meta_lora.safetensors")));
    s.invert_missing = true;
    s.inversion.per_class = 4;
    s.inversion.iterations = 5;
    int inversionSteps = 0;
    api::JobCallbacksPlain callbacks;
    callbacks.progress = [&](const api::ProgressInfo& p) {
      if (p.stage.rfind("invert", 0) == 0) ++inversionSteps;
    };
    api::JobControl control;
    QString message;
    try {
      api::run_meta_training(*m_ctx->model(), s, callbacks, control);
    } catch (const std::exception& e) {
      message = QString::fromUtf8(e.what());
    }
    QVERIFY2(message.contains(QStringLiteral("reference_wrong_depth")), qPrintable(message));
    QCOMPARE(inversionSteps, 0);
    QVERIFY(!QDir(m_tmp.filePath(QStringLiteral("mismatch-pools"))).exists() ||
            QDir(m_tmp.filePath(QStringLiteral("mismatch-pools")))
                .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
                .isEmpty());
  }

  // The whole run's ETA adds what is left of the pools (at their rate so far) and of the
  // episodes (at the last run's rate until this run measures its own).
  void overallEtaAddsTheStages() {
    auto info = [](const char* stage, int64_t step, int64_t total) {
      api::ProgressInfo p;
      p.stage = stage;
      p.step = step;
      p.total = total;
      return p;
    };
    OverallEta eta;
    eta.start(2, 100, 0.5);
    QVERIFY(eta.remainingSeconds() < 0);
    eta.update(info("invert 1–4/8", 1, 100), 0.0);
    eta.update(info("invert 1–4/8", 50, 100), 10.0);
    QVERIFY(eta.inverting());
    QCOMPARE(eta.inversionRemainingSeconds(), 30.0);  // a quarter done in 10 s
    QCOMPARE(eta.remainingSeconds(), 80.0);           // + 100 episodes × 0.5 s
    eta.update(info("invert 5–8/8", 50, 100), 30.0);
    QCOMPARE(eta.inversionRemainingSeconds(), 10.0);
    eta.update(info("meta-train", 1, 100), 40.0);
    eta.update(info("meta-train", 21, 100), 50.0);
    QVERIFY(!eta.inverting());
    QCOMPARE(eta.measuredSecondsPerEpisode(), 0.5);
    QCOMPARE(eta.remainingSeconds(), 39.5);
    // No earlier rate: the pools' share is known, the whole is not (yet).
    eta.start(1, 100);
    eta.update(info("invert 1/1", 1, 10), 0.0);
    eta.update(info("invert 1/1", 5, 10), 4.0);
    QCOMPARE(eta.inversionRemainingSeconds(), 4.0);
    QVERIFY(eta.remainingSeconds() < 0);
  }

  // The wheel over an unfocused spin box scrolls the form; a focused one takes it.
  void theWheelDoesNotChangeUnfocusedFields() {
    QSpinBox* box = nullptr;
    for (QSpinBox* b : m_page->findChildren<QSpinBox*>())
      if (b->isVisible() && b->isEnabled() && b->value() < b->maximum()) box = b;
    QVERIFY(box);
    auto wheel = [&] {
      QWheelEvent e(QPointF(5, 5), box->mapToGlobal(QPointF(5, 5)), QPoint(), QPoint(0, 120),
                    Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
      QApplication::sendEvent(box, &e);
    };
    m_page->setFocus();
    const int before = box->value();
    wheel();
    QCOMPARE(box->value(), before);
    box->setFocus();
    QVERIFY(test::waitFor([&] { return box->hasFocus(); }, 2000));
    wheel();
    QVERIFY(box->value() != before);
    box->setValue(before);
  }

  // Settings the form does not show survive a round trip: the inversion of missing pools runs
  // with the applied recipe (flips off), not with generic defaults that fail on letters.
  void fieldsOffTheFormAreKept() {
    api::MetaTrainSettings s = quick();
    s.metric = "cosine";
    s.val_episodes = 7;
    s.inversion.flip = 0.0;
    s.inversion.jitter = 0.0;
    s.inversion.lr = 0.05;
    s.inversion.prune_layers = {1, 3};
    s.inversion.prune_ratios = {0.25, 0.25};
    m_page->applySettings(s);
    const api::MetaTrainSettings back = m_page->settings();
    QCOMPARE(back.metric, std::string("cosine"));
    QCOMPARE(back.val_episodes, int64_t(7));
    QCOMPARE(back.inversion.flip, 0.0);
    QCOMPARE(back.inversion.jitter, 0.0);
    QCOMPARE(back.inversion.lr, 0.05);
    QCOMPARE(back.inversion.prune_layers, (std::vector<int>{1, 3}));
  }

  // With the embedded default loaded the page opens with the recipe that made the shipped
  // meta-LoRA: episodes its pools can serve, its metric, and its inversion for missing pools.
  void theDefaultOpensWithItsRecipe() {
    const QString dir = test::dataDir() + QStringLiteral("/../../resources/default");
    // Committed with the repository: a missing recipe is a regression, not a reason to skip.
    QVERIFY2(QFileInfo::exists(dir + QStringLiteral("/recipe.json")),
             qPrintable(dir + QStringLiteral(" lacks recipe.json")));
    AppContext ctx;
    ctx.setThreads(1);
    ctx.setDefaultDir(dir);
    QVERIFY(ctx.recipe());
    TrainingPage page(&ctx);
    QVERIFY(test::loadModel(ctx, dir + QStringLiteral("/model.safetensors")));
    const api::MetaTrainSettings s = page.settings();
    const api::MetaTrainSettings& r = ctx.recipe()->meta_train;
    QCOMPARE(s.metric, r.metric);
    QCOMPARE(s.query, r.query);
    QCOMPARE(s.episodes, r.episodes);
    QCOMPARE(s.inversion.flip, 0.0);
    QCOMPARE(s.inversion.jitter, 0.0);
    QCOMPARE(s.inversion.iterations, r.inversion.iterations);
    QVERIFY(s.inversion.per_class >= s.shot + s.query);
    QVERIFY(!s.inversion.prior_path.empty());
  }
};

QTEST_MAIN(TestTrainingUi)
#include "tst_training_ui.moc"
