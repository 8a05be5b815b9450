// Playground: simulated drops from a file manager give exactly the core's FewShotClassifier
// answers (plain VFM and VFM + adapter); bad drops are refused with a banner naming the file and
// change nothing else; tasks round-trip through JSON.
#include "core_reference.h"  // torch-free header; its .cpp is the only torch TU

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QtTest>

#include "common/banner.h"
#include "playground/class_column.h"
#include "playground/drop_frame.h"
#include "playground/known_labels.h"
#include "playground/playground_page.h"
#include "playground/query_view.h"
#include "gui_test_support.h"

using namespace lrc;
using namespace lrc::ui;

class TestPlayground : public QObject {
  Q_OBJECT

 private:
  AppContext* m_ctx = nullptr;
  PlaygroundPage* m_page = nullptr;
  const QStringList m_classes{QStringLiteral("red"), QStringLiteral("green"),
                              QStringLiteral("blue")};

  QString image(const QString& cls, int k) const {
    return test::data(QStringLiteral("images/%1/%2.png").arg(cls).arg(k));
  }
  QStringList queries() const {
    QStringList q;
    for (const QString& c : m_classes)
      for (int k = 1; k < 4; ++k) q << image(c, k);
    return q;
  }
  // Three classes with one support image each (dropped), then the queries (dropped).
  void fillByDrops() {
    m_page->clearTask();
    for (int i = 0; i < 3; ++i) {
      ClassColumn* col = m_page->addClass(m_classes[i]);
      QVERIFY(test::dropFiles(col, {image(m_classes[i], 0)}));
    }
    QVERIFY(test::dropFiles(m_page->queryArea(), queries()));
    QVERIFY(
        test::waitFor([&] { return !m_page->isBusy() && m_page->queryTable()->rowCount() == 9; }));
  }
  std::vector<std::vector<std::string>> support() const {
    std::vector<std::vector<std::string>> s;
    for (const QString& c : m_classes) s.push_back({ss(image(c, 0))});
    return s;
  }
  static void compare(const std::vector<api::QueryAnswer>& got,
                      const std::vector<test::ReferenceAnswer>& want) {
    QCOMPARE(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      QVERIFY2(got[i].error.empty(), got[i].error.c_str());
      QCOMPARE(got[i].predicted, want[i].predicted);
      QCOMPARE(got[i].probabilities.size(), want[i].probabilities.size());
      for (size_t c = 0; c < got[i].probabilities.size(); ++c) {
        QVERIFY(std::abs(got[i].probabilities[c] - want[i].probabilities[c]) < 1e-6);
        QVERIFY(std::abs(got[i].distances[c] - want[i].distances[c]) <
                1e-4 * std::max(1.0, want[i].distances[c]));
      }
    }
  }

 private Q_SLOTS:
  void initTestCase() {
    test::isolateSettings();
    m_ctx = new AppContext(this);
    QVERIFY(test::loadModel(*m_ctx, test::data(QStringLiteral("models/timm"))));
    m_page = new PlaygroundPage(m_ctx);
    m_page->resize(1100, 800);
    m_page->show();
    // The reference answers below use the classifier's own metric (squared Euclidean for these
    // fixtures); metricIsTheSameForBothColumns... checks the page's cosine default.
    QCOMPARE(m_page->metric(), QStringLiteral("cosine"));
    m_page->setMetric(QStringLiteral("sqeuclidean"));
  }

  void cleanupTestCase() { delete m_page; }

  void dropsGiveTheCoresPlainAnswers() {
    m_page->setAdapter(QString());
    m_page->setMode(PlaygroundPage::Mode::Plain);
    fillByDrops();
    QCOMPARE(m_page->classCount(), 3);
    for (int i = 0; i < 3; ++i) QCOMPARE(m_page->classColumn(i)->imageCount(), 1);
    const auto want = test::reference_classify(ss(test::data(QStringLiteral("models/timm"))), "",
                                               support(), ssList(queries()));
    QVERIFY2(m_page->banner()->messages().isEmpty(),
             qPrintable(m_page->banner()->messages().join(QStringLiteral(" | "))));
    compare(m_page->lastAnswers(false), want);
    // The table shows the same: predicted class per row.
    for (int r = 0; r < 9; ++r)
      QCOMPARE(m_page->queryTable()->result(r, QueryTable::PlainColumn).predicted,
               want[size_t(r)].predicted);
    QVERIFY(m_page->latencyLabel()->text().contains(QStringLiteral("ms")));
  }

  // Queries taken from class folders have known labels: the page counts right answers against
  // the core's predictions, marks each cell, and exports exactly those predictions as CSV.
  void knownLabelsGiveTheTasksAccuracyAndACsv() {
    m_page->setAdapter(QString());
    m_page->setMode(PlaygroundPage::Mode::Plain);
    fillByDrops();
    QCOMPARE(m_page->knownClasses(), QVector<int>({0, 0, 0, 1, 1, 1, 2, 2, 2}));
    const auto want = test::reference_classify(ss(test::data(QStringLiteral("models/timm"))), "",
                                               support(), ssList(queries()));
    int right = 0;
    for (size_t r = 0; r < want.size(); ++r) right += want[r].predicted == int(r / 3);
    QVERIFY(m_page->accuracyLabel()->isVisible());
    const QString text = m_page->accuracyLabel()->text();
    QVERIFY2(text.contains(QStringLiteral("%1 of 9 right").arg(right)), qPrintable(text));
    for (int r = 0; r < 9; ++r)
      QCOMPARE(m_page->queryTable()->result(r, QueryTable::PlainColumn).truth, r / 3);
    // The file name is on the query cell, the path in its tooltip.
    QCOMPARE(m_page->queryTable()->item(4, QueryTable::ImageColumn)->text(),
             QStringLiteral("2.png"));
    QTemporaryDir tmp;
    const QString csvPath = tmp.filePath(QStringLiteral("predictions.csv"));
    QString error;
    QVERIFY2(m_page->exportPredictions(csvPath, &error), qPrintable(error));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList lines =
        QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 10);
    QVERIFY(lines[0].startsWith(QStringLiteral("query,known_class,plain_prediction")));
    for (int r = 0; r < 9; ++r) {
      const QStringList cells = lines[r + 1].split(QLatin1Char(','));
      QCOMPARE(cells.size(), 8);
      QCOMPARE(cells[0], queries()[r]);
      QCOMPARE(cells[1], m_classes[r / 3]);
      QCOMPARE(cells[2], m_classes[want[size_t(r)].predicted]);
      QVERIFY(std::abs(cells[3].toDouble() -
                       want[size_t(r)].probabilities[size_t(want[size_t(r)].predicted)]) < 1e-5);
      QCOMPARE(cells[4], QString::number(int(want[size_t(r)].predicted == r / 3)));
      QVERIFY(cells[5].isEmpty());  // plain mode: no meta column
    }
    // Renamed classes: the support images' folders still tell the queries' classes.
    for (int i = 0; i < 3; ++i) m_page->classColumn(i)->setName(QStringLiteral("c%1").arg(i));
    QVERIFY(test::waitFor([&] {
      return !m_page->isBusy() &&
             m_page->knownClasses() == QVector<int>({0, 0, 0, 1, 1, 1, 2, 2, 2});
    }));
    // A failing write names the file and changes nothing.
    QVERIFY(!m_page->exportPredictions(tmp.filePath(QStringLiteral("no/such/dir/p.csv")), &error));
    QVERIFY(error.contains(QStringLiteral("p.csv")));
  }

  // A right-to-left class name sits in Unicode isolates, so "ר" cannot pull the percentage
  // into its run ("→ Hebrew_05E8_33.0 ר %").
  void rightToLeftNamesAreIsolated() {
    CellResult r;
    r.classes = {QStringLiteral("Hebrew_05E8_ר"), QStringLiteral("Latin")};
    r.probabilities = {0.33, 0.67};
    r.predicted = 0;
    r.truth = 1;
    const QString h = ResultDelegate::headline(r);
    QVERIFY2(h.startsWith(QStringLiteral("→ ") + QChar(0x2068) + QStringLiteral("Hebrew_05E8_ר") +
                          QChar(0x2069)),
             qPrintable(h));
    QVERIFY(h.contains(QStringLiteral("33.0 %")));
    QVERIFY(h.contains(QChar(0x2068) + QStringLiteral("Latin") + QChar(0x2069)));
  }

  void knownClassRulesAndCsvQuoting() {
    const QStringList names{QStringLiteral("Cat"), QStringLiteral("dog"), QStringLiteral("x")};
    const QVector<QStringList> support{{QStringLiteral("/d/a/1.png")},
                                       {QStringLiteral("/d/b/1.png")},
                                       {QStringLiteral("/d/b/2.png")}};
    QCOMPARE(knownClassOf(QStringLiteral("/q/dog/5.png"), names, support), 1);
    QCOMPARE(knownClassOf(QStringLiteral("/q/cat/5.png"), names, support), 0);  // any case
    QCOMPARE(knownClassOf(QStringLiteral("/d/a/9.png"), names, support), 0);    // support folder
    QCOMPARE(knownClassOf(QStringLiteral("/d/b/9.png"), names, support), -1);   // two classes
    QCOMPARE(knownClassOf(QStringLiteral("/q/bird/5.png"), names, support), -1);
    QCOMPARE(knownClassOf(QStringLiteral("/q/dog/5.png"),
                          {QStringLiteral("dog"), QStringLiteral("dog")}, {{}, {}}),
             -1);  // a duplicate name is no answer
    QCOMPARE(csvField(QStringLiteral("plain")), QStringLiteral("plain"));
    QCOMPARE(csvField(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
    QCOMPARE(csvField(QStringLiteral("say \"hi\"")), QStringLiteral("\"say \"\"hi\"\"\""));
    QCOMPARE(csvField(QStringLiteral("=cmd()")), QStringLiteral("'=cmd()"));
    QCOMPARE(csvField(QStringLiteral("l1\nl2")), QStringLiteral("\"l1\nl2\""));
  }

  // The precision chosen in Settings reaches the playground: at fp32 it answers exactly as the
  // core does at fp32; unknown names fall back to auto.
  void precisionSettingReachesThePlayground() {
    QSignalSpy changed(m_ctx, &AppContext::precisionChanged);
    m_ctx->setPrecision(QStringLiteral("int8"));
    QCOMPARE(m_ctx->precision(), QStringLiteral("auto"));
    QCOMPARE(changed.count(), 0);
    m_ctx->setPrecision(QStringLiteral("fp32"));
    QCOMPARE(changed.count(), 1);
    QVERIFY(m_ctx->precisionDescription().startsWith(QStringLiteral("fp32")));
    m_page->setAdapter(QString());
    m_page->setMode(PlaygroundPage::Mode::Plain);
    fillByDrops();
    const auto want = test::reference_classify(ss(test::data(QStringLiteral("models/timm"))), "",
                                               support(), ssList(queries()), "fp32");
    compare(m_page->lastAnswers(false), want);
    m_ctx->setPrecision(QStringLiteral("auto"));
    QCOMPARE(changed.count(), 2);
  }

  void compareModeMatchesVfmPlusAdapter() {
    const QString adapter = test::data(QStringLiteral("adapters/timm_reference.safetensors"));
    m_page->setAdapter(adapter);
    m_page->setMode(PlaygroundPage::Mode::Compare);
    QSignalSpy updated(m_page, &PlaygroundPage::resultsUpdated);
    QVERIFY(test::waitFor([&] { return !m_page->isBusy() && !m_page->lastAnswers(true).empty(); }));
    const std::string model = ss(test::data(QStringLiteral("models/timm")));
    compare(m_page->lastAnswers(false),
            test::reference_classify(model, "", support(), ssList(queries())));
    const auto withAdapter =
        test::reference_classify(model, ss(adapter), support(), ssList(queries()));
    compare(m_page->lastAnswers(true), withAdapter);
    for (int r = 0; r < 9; ++r)
      QCOMPARE(m_page->queryTable()->result(r, QueryTable::MetaColumn).predicted,
               withAdapter[size_t(r)].predicted);
  }

  // The plain column is the same whichever meta-LoRA is chosen (a good one, a broken file, none),
  // and both columns run under the one metric the headers name.
  void plainColumnDoesNotDependOnTheChosenAdapter() {
    m_page->setMetric(QStringLiteral("cosine"));
    m_page->setMode(PlaygroundPage::Mode::Compare);
    QTemporaryDir tmp;
    const QString broken = tmp.filePath(QStringLiteral("broken.safetensors"));
    {
      QFile f(broken);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(QByteArray(64, '\x7f'));
    }
    const std::string model = ss(test::data(QStringLiteral("models/timm")));
    const auto want =
        test::reference_classify(model, "", support(), ssList(queries()), "auto", "cosine");
    const QString adapter = test::data(QStringLiteral("adapters/timm_reference.safetensors"));
    for (const QString& a : {adapter, broken, QString()}) {
      m_page->banner()->clearAll();
      m_page->setAdapter(a);
      if (a == broken) {
        // Refused with a message naming the file; the previous choice stays.
        QCOMPARE(m_page->adapterPath(), adapter);
        bool named = false;
        for (const QString& m : m_page->banner()->messages())
          named = named || m.contains(QStringLiteral("broken.safetensors"));
        QVERIFY2(named, qPrintable(m_page->banner()->messages().join(QStringLiteral(" | "))));
      }
      fillByDrops();
      compare(m_page->lastAnswers(false), want);
    }
    m_page->setAdapter(adapter);
    fillByDrops();
    compare(m_page->lastAnswers(true),
            test::reference_classify(model, ss(adapter), support(), ssList(queries()), "auto",
                                     "cosine"));
    const QString header =
        m_page->queryTable()->horizontalHeaderItem(QueryTable::PlainColumn)->text();
    QVERIFY2(header.contains(QStringLiteral("cosine")), qPrintable(header));
    QVERIFY(m_page->queryTable()
                ->horizontalHeaderItem(QueryTable::MetaColumn)
                ->text()
                .contains(QStringLiteral("cosine")));
    // A chosen file stays offered after switching away from it.
    m_page->setAdapter(QString());
    QComboBox* combo = m_page->findChild<QComboBox*>();
    bool listed = false;
    for (QComboBox* c : m_page->findChildren<QComboBox*>())
      listed = listed || c->findData(adapter) >= 0;
    QVERIFY(combo && listed);
    m_page->setMetric(QStringLiteral("sqeuclidean"));
  }

  void badDropsAreRefusedWithAClearMessage_data() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("not an image (extension)") << "text";
    QTest::newRow("unreadable image") << "corrupt";
    QTest::newRow("missing file") << "missing";
    QTest::newRow("huge folder") << "folder";
  }

  void badDropsAreRefusedWithAClearMessage() {
    QFETCH(QString, kind);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QString path;
    QString expect;
    if (kind == QLatin1String("text")) {
      path = tmp.filePath(QStringLiteral("notes.txt"));
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("hello");
      expect = QStringLiteral("not an image");
    } else if (kind == QLatin1String("corrupt")) {
      path = tmp.filePath(QStringLiteral("broken.png"));
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(QByteArray(300, 'x'));
      expect = QStringLiteral("broken.png");
    } else if (kind == QLatin1String("missing")) {
      path = tmp.filePath(QStringLiteral("gone.png"));
      expect = QStringLiteral("gone.png");
    } else {
      path = tmp.filePath(QStringLiteral("many"));
      QDir().mkpath(path);
      for (int i = 0; i < 501; ++i)
        QFile(path + QStringLiteral("/%1.png").arg(i)).open(QIODevice::WriteOnly);
      expect = QStringLiteral("more than 500 files");
    }
    const QStringList queriesBefore = m_page->queryTable()->paths();
    const QStringList supportBefore = m_page->classColumn(0)->imagePaths();
    m_page->banner()->clearAll();
    // Into the query area and into a class column.
    test::dropFiles(m_page->queryArea(), {path});
    test::dropFiles(m_page->classColumn(0), {path});
    QVERIFY(test::waitFor([&] { return !m_page->isBusy(); }));
    QCOMPARE(m_page->queryTable()->paths(), queriesBefore);
    QCOMPARE(m_page->classColumn(0)->imagePaths(), supportBefore);
    const QStringList messages = m_page->banner()->messages();
    QVERIFY2(!messages.isEmpty(), "no banner");
    bool found = false;
    for (const QString& m : messages) found = found || m.contains(expect);
    QVERIFY2(found, qPrintable(messages.join(QStringLiteral(" | "))));
    QVERIFY(m_page->banner()->isVisible());
  }

  void bannersAreNonModal() {
    // The page stays usable while a banner is shown: adding a class still works.
    m_page->banner()->showError(QStringLiteral("x.png: test message"));
    const int before = m_page->classCount();
    m_page->addClass(QStringLiteral("extra"));
    QCOMPARE(m_page->classCount(), before + 1);
    m_page->removeClass(m_page->classCount() - 1);
    QCOMPARE(m_page->classCount(), before);
  }

  void pasteAddsFilesFromTheClipboard() {
    const int before = m_page->queryTable()->rowCount();
    QApplication::clipboard()->setMimeData(test::fileMime({image(QStringLiteral("red"), 0)}));
    m_page->queryArea()->setFocus();
    QTest::keySequence(m_page->queryArea(), QKeySequence::Paste);
    QVERIFY(test::waitFor([&] { return !m_page->isBusy(); }));
    QCOMPARE(m_page->queryTable()->rowCount(), before + 1);
    m_page->queryTable()->selectRow(before);
    m_page->queryTable()->removeSelected();
    QCOMPARE(m_page->queryTable()->rowCount(), before);
  }

  void renameAndRemoveClasses() {
    ClassColumn* col = m_page->classColumn(1);
    col->nameEdit()->setText(QStringLiteral("verde"));
    Q_EMIT col->nameEdit()->editingFinished();
    QVERIFY(test::waitFor([&] { return !m_page->isBusy(); }));
    QCOMPARE(m_page->classColumn(1)->name(), QStringLiteral("verde"));
    QCOMPARE(m_page->queryTable()->result(0, QueryTable::PlainColumn).classes.value(1),
             QStringLiteral("verde"));
    col->nameEdit()->setText(QStringLiteral("green"));
    Q_EMIT col->nameEdit()->editingFinished();
  }

  // Clearing the task, removing a class or queries, and loading over a task can all be undone.
  void undoPutsBackWhatWasRemoved() {
    {
      PlaygroundPage fresh(m_ctx);
      QVERIFY(!fresh.canUndo());
      QVERIFY(!fresh.undo());  // nothing to undo: no change, no crash
      QCOMPARE(fresh.classCount(), 2);
    }
    fillByDrops();
    QVERIFY(test::waitFor([&] { return !m_page->isBusy(); }));
    const QString firstQuery = m_page->queryTable()->paths().front();
    m_page->clearTask();
    QCOMPARE(m_page->classCount(), 0);
    QCOMPARE(m_page->queryTable()->rowCount(), 0);
    QVERIFY(m_page->canUndo());
    QVERIFY(m_page->undo());
    QVERIFY(test::waitFor([&] {
      return !m_page->isBusy() && m_page->queryTable()->rowCount() == 9 &&
             m_page->classCount() == 3 && m_page->classColumn(0)->imageCount() == 1;
    }));
    QCOMPARE(m_page->classColumn(1)->name(), m_classes[1]);
    QCOMPARE(m_page->queryTable()->paths().front(), firstQuery);
    // A removed class comes back in its place.
    m_page->removeClass(1);
    QCOMPARE(m_page->classCount(), 2);
    QVERIFY(m_page->undo());
    QVERIFY(test::waitFor([&] { return !m_page->isBusy() && m_page->classCount() == 3; }));
    QCOMPARE(m_page->classColumn(1)->name(), m_classes[1]);
    // Removed queries (Delete) come back.
    m_page->queryTable()->selectRow(0);
    QTest::keyClick(m_page->queryTable(), Qt::Key_Delete);
    QCOMPARE(m_page->queryTable()->rowCount(), 8);
    QVERIFY(m_page->undo());
    QVERIFY(
        test::waitFor([&] { return !m_page->isBusy() && m_page->queryTable()->rowCount() == 9; }));
  }

  void taskRoundTrip() {
    QTemporaryDir tmp;
    const QString file = tmp.filePath(QStringLiteral("task.json"));
    QString error;
    QVERIFY2(m_page->saveTask(file, &error), qPrintable(error));
    const auto before = m_page->lastAnswers(false);
    m_page->clearTask();
    QCOMPARE(m_page->classCount(), 0);
    QVERIFY2(m_page->loadTask(file, &error), qPrintable(error));
    QVERIFY(test::waitFor([&] {
      return !m_page->isBusy() && m_page->queryTable()->rowCount() == 9 &&
             !m_page->lastAnswers(false).empty();
    }));
    QCOMPARE(m_page->classCount(), 3);
    QCOMPARE(m_page->classColumn(2)->name(), QStringLiteral("blue"));
    const auto after = m_page->lastAnswers(false);
    QCOMPARE(after.size(), before.size());
    for (size_t i = 0; i < after.size(); ++i) QCOMPARE(after[i].predicted, before[i].predicted);
    // A file that is no task.
    QFile junk(tmp.filePath(QStringLiteral("junk.json")));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("{\"hello\": 1}");
    junk.close();
    QVERIFY(!m_page->loadTask(junk.fileName(), &error));
    QVERIFY(error.contains(QStringLiteral("junk.json")));
  }
};

QTEST_MAIN(TestPlayground)
#include "tst_playground.moc"
