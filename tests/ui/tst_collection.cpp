// Collection: a recursive scan lists the right rows, flags corrupt files with their error, says
// which adapters fit the open model (with load_adapter's reason), filters and sorts, and shows
// the ‖B·A‖ per layer of the current adapter.
#include <QCheckBox>
#include <QFile>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "collection/adapter_table_model.h"
#include "collection/collection_page.h"
#include "collection/provenance_text.h"
#include "common/banner.h"
#include "common/plot.h"
#include "gui_test_support.h"

using namespace lrc;
using namespace lrc::ui;

namespace {

// tests/data/bad/…/expected.tsv: file, [family,] expected substring.
QList<QStringList> readTsv(const QString& path) {
  QList<QStringList> rows;
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return rows;
  while (!f.atEnd()) {
    const QString line = QString::fromUtf8(f.readLine()).trimmed();
    if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
    rows << line.split(QLatin1Char('\t'));
  }
  return rows;
}

}  // namespace

class TestCollection : public QObject {
  Q_OBJECT

 private:
  AppContext* m_ctx = nullptr;
  CollectionPage* m_page = nullptr;

  void scan(const QString& folder) {
    QSignalSpy done(m_page, &CollectionPage::scanFinished);
    m_page->openFolder(folder);
    QVERIFY(done.wait(60000));
  }
  const api::AdapterRecord* record(const QString& nameOrFile) const {
    for (const auto& r : m_ctx->collection()->records())
      if (qs(r.name) == nameOrFile || QFileInfo(qs(r.path)).fileName() == nameOrFile) return &r;
    return nullptr;
  }

 private Q_SLOTS:
  void initTestCase() {
    test::isolateSettings();
    m_ctx = new AppContext(this);
    QVERIFY(test::loadModel(*m_ctx, test::data(QStringLiteral("models/timm"))));
    m_page = new CollectionPage(m_ctx);
    m_page->resize(1200, 700);
    m_page->show();
  }
  void cleanupTestCase() { delete m_page; }

  void scanListsEveryAdapter() {
    scan(test::data(QStringLiteral("adapters")));
    const QStringList expected{QStringLiteral("hf_clip_peft"), QStringLiteral("hf_clip_reference"),
                               QStringLiteral("hf_vit_peft"),  QStringLiteral("hf_vit_reference"),
                               QStringLiteral("timm_peft"),    QStringLiteral("timm_reference")};
    QStringList names;
    for (const auto& r : m_ctx->collection()->records())
      names << QFileInfo(qs(r.path)).completeBaseName();
    names.sort();
    QCOMPARE(names, expected);
    QCOMPARE(m_page->table()->model()->rowCount(), expected.size());
    const auto* ref = record(QStringLiteral("timm_reference.safetensors"));
    QVERIFY(ref);
    QVERIFY(ref->ok);
    QCOMPARE(qs(ref->format), QStringLiteral("reference"));
    QCOMPARE(ref->rank, 4);
    QCOMPARE(qs(ref->targets), QStringLiteral("q,v"));
    QCOMPARE(ref->head_classes, 5);
    QVERIFY(ref->compatible);
    QCOMPARE(int(ref->delta_norms.size()), 2);  // depth of the timm fixture
    const auto* peft = record(QStringLiteral("timm_peft"));
    QVERIFY(peft && peft->ok);
    QCOMPARE(qs(peft->format), QStringLiteral("peft"));
    QVERIFY(peft->size_bytes > 0);
    const auto* clip = record(QStringLiteral("hf_clip_peft"));
    QVERIFY(clip && clip->ok);
    QVERIFY(!clip->warnings.empty());  // a module outside the vision tower is reported
  }

  void detailsShowTheNormPlot() {
    m_page->selectPath(qs(record(QStringLiteral("timm_reference.safetensors"))->path));
    QCOMPARE(m_page->currentPath(), qs(record(QStringLiteral("timm_reference.safetensors"))->path));
    QCOMPARE(m_page->normPlot()->plottableCount(), 1);
    auto* bars = qobject_cast<QCPBars*>(m_page->normPlot()->plottable(0));
    QVERIFY(bars);
    QCOMPARE(bars->data()->size(), 2);
    QVERIFY(bars->data()->at(0)->value > 0);
    // Selection feeds the other workspaces.
    QCOMPARE(m_ctx->selectedAdapters(), QStringList{m_page->currentPath()});
  }

  void brokenFilesAreFlaggedWithTheirError() {
    scan(test::data(QStringLiteral("bad")));
    int checked = 0;
    for (const QStringList& row : readTsv(test::data(QStringLiteral("bad/expected.tsv")))) {
      if (!row.first().endsWith(QLatin1String(".safetensors"))) continue;
      const auto* r = record(row.first());
      QVERIFY2(r, qPrintable(row.first() + QStringLiteral(" is not listed")));
      QVERIFY2(!r->ok, qPrintable(row.first()));
      QVERIFY2(qs(r->error).contains(row.last()),
               qPrintable(row.first() + QStringLiteral(": ") + qs(r->error)));
      // The table flags it: "broken" format, the error in the row.
      const int srcRow = m_ctx->collection()->rowOfPath(qs(r->path));
      QCOMPARE(m_ctx->collection()->index(srcRow, AdapterTableModel::Format).data().toString(),
               QStringLiteral("broken"));
      QVERIFY(m_ctx->collection()
                  ->index(srcRow, AdapterTableModel::Fits)
                  .data()
                  .toString()
                  .contains(row.last()));
      ++checked;
    }
    QVERIFY(checked >= 15);
    // Adapters that do not fit a timm model say why (load_adapter's message).
    for (const QStringList& row :
         readTsv(test::data(QStringLiteral("bad/adapters/expected.tsv")))) {
      const auto* r = record(row.first());
      QVERIFY2(r, qPrintable(row.first() + QStringLiteral(" is not listed")));
      if (row.value(1) != QLatin1String("timm")) continue;
      QVERIFY2(!r->compatible, qPrintable(row.first()));
      QVERIFY2(qs(r->compat_reason).contains(row.last()) || qs(r->error).contains(row.last()),
               qPrintable(row.first() + QStringLiteral(": ") + qs(r->compat_reason)));
    }
  }

  void compatibilityFollowsTheModel() {
    QVERIFY(test::loadModel(*m_ctx, test::data(QStringLiteral("models/hf_clip"))));
    QVERIFY(test::waitFor([&] { return !m_ctx->collection()->isRechecking(); }));
    QTest::qWait(50);
    for (const QStringList& row :
         readTsv(test::data(QStringLiteral("bad/adapters/expected.tsv")))) {
      if (row.value(1) != QLatin1String("hf-clip")) continue;
      const auto* r = record(row.first());
      QVERIFY(r);
      QVERIFY2(!r->compatible, qPrintable(row.first()));
      QVERIFY2(qs(r->compat_reason).contains(row.last()) || qs(r->error).contains(row.last()),
               qPrintable(row.first() + QStringLiteral(": ") + qs(r->compat_reason) +
                          QStringLiteral(" / ") + qs(r->error)));
    }
    QVERIFY(test::loadModel(*m_ctx, test::data(QStringLiteral("models/timm"))));
    QVERIFY(test::waitFor([&] { return !m_ctx->collection()->isRechecking(); }));
  }

  // The embedded default's model and zoo load at the same time: a model that arrives while the
  // folder is still being scanned must still be the one the rows are checked against (the scan
  // started without one, and the recheck the model started saw no rows yet).
  void aModelArrivingDuringTheScanIsCheckedAgainst() {
    QTemporaryDir dir;
    const QString adapter = test::data(QStringLiteral("adapters/timm_reference.safetensors"));
    for (int i = 0; i < 400; ++i)  // enough files that the scan outlasts the model's load
      QVERIFY(QFile::copy(adapter, dir.filePath(QStringLiteral("copy_%1.safetensors").arg(i))));
    AppContext ctx;
    CollectionPage page(&ctx);
    QSignalSpy done(&page, &CollectionPage::scanFinished);
    page.openFolder(dir.path());
    QVERIFY(test::loadModel(ctx, test::data(QStringLiteral("models/timm"))));
    const bool scanOutlastedTheLoad = done.isEmpty();
    QVERIFY(done.wait(60000) || !done.isEmpty());
    QVERIFY(test::waitFor([&] { return !ctx.collection()->isRechecking(); }));
    QTest::qWait(50);
    int fit = 0;
    for (const auto& r : ctx.collection()->records()) fit += r.compatible;
    QCOMPARE(ctx.collection()->records().size(), 400);
    QCOMPARE(fit, 400);
    if (!scanOutlastedTheLoad)
      QSKIP("the scan ended before the model loaded: the race did not happen");
  }

  void compatibleOnlyAndTextFilter() {
    QAbstractItemModel* view = m_page->table()->model();
    const int all = view->rowCount();
    QVERIFY(all > 0);
    m_page->compatibleOnlyBox()->setChecked(true);
    for (int r = 0; r < view->rowCount(); ++r)
      QVERIFY(view->index(r, 0).data(AdapterTableModel::CompatibleRole).toBool());
    QVERIFY(view->rowCount() < all);
    m_page->compatibleOnlyBox()->setChecked(false);
    QCOMPARE(view->rowCount(), all);
    m_page->filterEdit()->setText(QStringLiteral("header"));
    QVERIFY(view->rowCount() >= 5 && view->rowCount() < all);
    int named = 0;
    for (int r = 0; r < view->rowCount(); ++r) {
      QVERIFY(view->index(r, 0)
                  .data(AdapterTableModel::FilterTextRole)
                  .toString()
                  .contains(QStringLiteral("header")));
      named += view->index(r, 0).data().toString().startsWith(QStringLiteral("header_"));
    }
    QCOMPARE(named, 6);  // header_{past_end,huge,not_json,truncated,array,deep}
    m_page->filterEdit()->clear();
    QCOMPARE(view->rowCount(), all);
  }

  // The count follows the filter, an empty result says so, clearing the filter brings the
  // selection back, and sorting by classes orders rows even when all have the same number.
  void filterCountSelectionAndClassSort() {
    scan(test::data(QStringLiteral("adapters")));
    QAbstractItemModel* view = m_page->table()->model();
    const int all = view->rowCount();
    m_page->selectPath(test::data(QStringLiteral("adapters/timm_reference.safetensors")));
    const QString selected = m_page->currentPath();
    QVERIFY(!selected.isEmpty());
    m_page->filterEdit()->setText(QStringLiteral("hf_"));  // hides the selected timm row
    const int shown = view->rowCount();
    QVERIFY(m_page->currentPath() != selected);
    QVERIFY(shown > 0 && shown < all);
    QVERIFY2(m_page->summaryLabel()->text().startsWith(
                 QStringLiteral("%1 of %2 adapters shown").arg(shown).arg(all)),
             qPrintable(m_page->summaryLabel()->text()));
    m_page->filterEdit()->setText(QStringLiteral("no-such-adapter-anywhere"));
    QCOMPARE(view->rowCount(), 0);
    QVERIFY2(m_page->summaryLabel()->text().startsWith(QStringLiteral("No adapter matches")),
             qPrintable(m_page->summaryLabel()->text()));
    m_page->filterEdit()->clear();
    QCOMPARE(view->rowCount(), all);
    QCOMPARE(m_page->currentPath(), selected);
    QVERIFY(m_page->summaryLabel()->text().startsWith(QStringLiteral("%1 adapter").arg(all)));
    // Class sort: ascending by count, then by the names.
    m_page->table()->sortByColumn(AdapterTableModel::Classes, Qt::AscendingOrder);
    for (int r = 1; r < view->rowCount(); ++r)
      QVERIFY(
          view->index(r - 1, AdapterTableModel::Classes)
              .data(AdapterTableModel::SortRole)
              .toString() <=
          view->index(r, AdapterTableModel::Classes).data(AdapterTableModel::SortRole).toString());
  }

  void provenanceReadsAsLines() {
    const QString text = provenanceText(QStringLiteral(
        R"({"tool":"make-zoo","seed":7,"accuracy":0.4958333333333335,"data":"/home/someone/x/train",)"
        R"("task":{"classes":["a","b"],"shots":5},"ok":true})"));
    QVERIFY2(text.contains(QStringLiteral("accuracy: 0.4958")), qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("/home/")));
    QVERIFY(text.contains(QStringLiteral("data: train")));
    QVERIFY(text.contains(QStringLiteral("task.classes: a, b")));
    QVERIFY(text.contains(QStringLiteral("task.shots: 5")));
    QVERIFY(text.contains(QStringLiteral("seed: 7")));
    QCOMPARE(provenanceText(QStringLiteral("not json")), QStringLiteral("not json"));
  }

  void sortsNumerically() {
    scan(test::data(QStringLiteral("adapters")));
    m_page->table()->sortByColumn(AdapterTableModel::Parameters, Qt::DescendingOrder);
    QAbstractItemModel* view = m_page->table()->model();
    for (int r = 1; r < view->rowCount(); ++r)
      QVERIFY(view->index(r - 1, AdapterTableModel::Parameters)
                  .data(AdapterTableModel::SortRole)
                  .toLongLong() >= view->index(r, AdapterTableModel::Parameters)
                                       .data(AdapterTableModel::SortRole)
                                       .toLongLong());
  }

  void notAFolderIsABanner() {
    QSignalSpy done(m_page, &CollectionPage::scanFinished);
    m_page->openFolder(test::data(QStringLiteral("no-such-folder")));
    QVERIFY(done.wait(10000));
    QVERIFY(!m_page->banner()->messages().isEmpty());
    QVERIFY(m_page->banner()->messages().back().contains(QStringLiteral("no-such-folder")));
  }
};

QTEST_MAIN(TestCollection)
#include "tst_collection.moc"
