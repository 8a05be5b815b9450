#include "collection/collection_page.h"

#include <chrono>
#include <cmath>

#include <QLocale>
#include <QCheckBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "collection/adapter_table_model.h"
#include "collection/provenance_text.h"
#include "common/banner.h"
#include "common/icons.h"
#include "common/plot.h"
#include "shell/app_context.h"
#include "shell/recent_files.h"

namespace lrc::ui {

CollectionPage::CollectionPage(AppContext* context, QWidget* parent) : Workspace(context, parent) {
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_banner);

  auto* bar = new QHBoxLayout;
  m_openButton = new QPushButton(Icons::get(Icons::Open), tr("Open folder…"), this);
  m_openButton->setToolTip(
      tr("Scan a folder (and its sub-folders) for LoRA adapters (Ctrl+Shift+O)"));
  bar->addWidget(m_openButton);
  m_folderLabel = new QLabel(tr("No folder open"), this);
  m_folderLabel->setObjectName(QStringLiteral("dimLabel"));
  m_folderLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
  bar->addWidget(m_folderLabel, 1);
  m_filter = new QLineEdit(this);
  m_filter->setPlaceholderText(tr("Filter: name, format, target, class…"));
  m_filter->setClearButtonEnabled(true);
  m_filter->setToolTip(
      tr("Show only adapters whose name, format, targets, classes or path contain every word"));
  m_filter->setMinimumWidth(220);
  bar->addWidget(m_filter);
  m_compatibleOnly = new QCheckBox(tr("&Compatible only"), this);
  m_compatibleOnly->setToolTip(
      tr("Hide adapters that do not fit the open model, and broken files"));
  bar->addWidget(m_compatibleOnly);
  layout->addLayout(bar);

  auto* status = new QHBoxLayout;
  m_summary = new QLabel(this);
  m_summary->setObjectName(QStringLiteral("dimLabel"));
  status->addWidget(m_summary, 1);
  m_progress = new QProgressBar(this);
  m_progress->setMaximumWidth(260);
  m_progress->setTextVisible(true);
  m_progress->hide();
  status->addWidget(m_progress);
  layout->addLayout(status);

  auto* split = new QSplitter(Qt::Horizontal, this);
  m_table = new QTableView(split);
  m_proxy = new AdapterFilterProxy(this);
  m_proxy->setSourceModel(context->collection());
  m_table->setModel(m_proxy);
  m_table->setSortingEnabled(true);
  m_table->sortByColumn(AdapterTableModel::Name, Qt::AscendingOrder);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
  m_table->setAlternatingRowColors(true);
  m_table->setWordWrap(false);
  m_table->setShowGrid(false);
  m_table->verticalHeader()->hide();
  m_table->horizontalHeader()->setStretchLastSection(true);
  m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  m_table->horizontalHeader()->setHighlightSections(false);
  m_table->setAccessibleName(tr("Adapters"));
  m_table->setToolTip(
      tr("Adapters found in the folder; select several to use them for meta-training"));
  const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
  const int widths[] = {12, 6, 15, 3, 5, 4, 6, 5, 14, 5};
  QFont headerFont = m_table->horizontalHeader()->font();
  headerFont.setBold(true);
  const QFontMetrics headerMetrics(headerFont);
  for (int c = 0; c < AdapterTableModel::ColumnCount; ++c) {
    const QString header =
        context->collection()->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
    // Wide enough for the (translated) header and its sort arrow.
    m_table->setColumnWidth(
        c, std::max(widths[c] * em, headerMetrics.horizontalAdvance(header) + 2 * em));
  }
  split->addWidget(m_table);
  split->addWidget(buildDetails());
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 1);
  split->setSizes({3 * 320, 360});
  layout->addWidget(split, 1);

  connect(m_openButton, &QPushButton::clicked, this, &CollectionPage::chooseFolder);
  // While the proxy filters, Qt moves the current row to a neighbour of a hidden one: that is
  // not the user's choice, which is kept and selected again when the filter shows it.
  auto beforeFilter = [this] { m_filtering = true; };
  connect(m_filter, &QLineEdit::textChanged, this, beforeFilter);
  connect(m_compatibleOnly, &QCheckBox::toggled, this, beforeFilter);
  connect(m_filter, &QLineEdit::textChanged, m_proxy, &AdapterFilterProxy::setText);
  connect(m_compatibleOnly, &QCheckBox::toggled, m_proxy, &AdapterFilterProxy::setCompatibleOnly);
  // After the proxy (connected first) has filtered: the count and the selection follow.
  connect(m_filter, &QLineEdit::textChanged, this, &CollectionPage::afterFilterChanged);
  connect(m_compatibleOnly, &QCheckBox::toggled, this, &CollectionPage::afterFilterChanged);
  connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &CollectionPage::onSelectionChanged);
  connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          &CollectionPage::onSelectionChanged);
  connect(&m_scan, &QFutureWatcher<ScanResult>::finished, this, &CollectionPage::onScanFinished);
  auto refresh = [this] {
    onSelectionChanged();
    updateSummary();
  };
  connect(context->collection(), &AdapterTableModel::compatibilityUpdated, this, refresh);
  connect(context->collection(), &AdapterTableModel::recordsChanged, this, refresh);
  refresh();
  QSettings settings;
  m_compatibleOnly->setChecked(
      settings.value(QStringLiteral("collection/compatibleOnly"), false).toBool());
  connect(m_compatibleOnly, &QCheckBox::toggled, this,
          [](bool on) { QSettings().setValue(QStringLiteral("collection/compatibleOnly"), on); });
}

CollectionPage::~CollectionPage() {
  if (m_scanCancel) *m_scanCancel = true;
  m_scan.waitForFinished();
}

QWidget* CollectionPage::buildDetails() {
  auto* scroll = new QScrollArea;
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* page = new QWidget;
  auto* v = new QVBoxLayout(page);
  m_detailsEmpty = new QLabel(tr("Select an adapter to see its details."), page);
  m_detailsEmpty->setAlignment(Qt::AlignCenter);
  m_detailsEmpty->setObjectName(QStringLiteral("dimLabel"));
  v->addWidget(m_detailsEmpty);

  m_detailsBody = new QWidget(page);
  auto* d = new QVBoxLayout(m_detailsBody);
  d->setContentsMargins(0, 0, 0, 0);
  m_title = new QLabel(m_detailsBody);
  m_title->setObjectName(QStringLiteral("detailsTitle"));
  m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
  d->addWidget(m_title);
  m_subtitle = new QLabel(m_detailsBody);
  m_subtitle->setObjectName(QStringLiteral("dimLabel"));
  m_subtitle->setWordWrap(true);
  m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
  d->addWidget(m_subtitle);
  m_fits = new QLabel(m_detailsBody);
  m_fits->setWordWrap(true);
  m_fits->setTextInteractionFlags(Qt::TextSelectableByMouse);
  d->addWidget(m_fits);
  m_facts = new QLabel(m_detailsBody);
  m_facts->setTextFormat(Qt::RichText);
  m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
  d->addWidget(m_facts);
  auto* classesTitle = new QLabel(tr("<b>Classes</b>"), m_detailsBody);
  d->addWidget(classesTitle);
  m_classes = new QLabel(m_detailsBody);
  m_classes->setWordWrap(true);
  m_classes->setTextInteractionFlags(Qt::TextSelectableByMouse);
  d->addWidget(m_classes);
  m_plot = new PlotWidget(tr("‖s·B·A‖ per layer"), m_detailsBody);
  m_plot->xAxis->setLabel(tr("layer"));
  m_plot->yAxis->setLabel(tr("Frobenius norm"));
  m_plot->setMinimumHeight(190);
  d->addWidget(m_plot);
  auto* provTitle = new QLabel(tr("<b>Provenance</b>"), m_detailsBody);
  d->addWidget(provTitle);
  m_provenance = new QPlainTextEdit(m_detailsBody);
  m_provenance->setReadOnly(true);
  m_provenance->setMaximumHeight(110);
  m_provenance->setToolTip(tr("Where the adapter came from, as its file records it"));
  d->addWidget(m_provenance);
  auto* buttons = new QHBoxLayout;
  m_invertButton = new QPushButton(Icons::get(Icons::Inversion), tr("&Invert…"), m_detailsBody);
  m_invertButton->setToolTip(
      tr("Synthesize images of this adapter's classes in the Inversion workspace"));
  m_trainButton =
      new QPushButton(Icons::get(Icons::Training), tr("&Use for meta-training"), m_detailsBody);
  m_trainButton->setToolTip(
      tr("Recycle the selected adapters into a meta-LoRA in the Training workspace"));
  buttons->addWidget(m_invertButton);
  buttons->addWidget(m_trainButton);
  buttons->addStretch();
  d->addLayout(buttons);
  d->addStretch();
  v->addWidget(m_detailsBody);
  m_detailsBody->hide();
  scroll->setWidget(page);
  scroll->setMinimumWidth(300);

  connect(m_invertButton, &QPushButton::clicked, this, [this] {
    if (!m_currentPath.isEmpty()) Q_EMIT invertRequested(m_currentPath);
  });
  connect(m_trainButton, &QPushButton::clicked, this, [this] {
    QStringList usable;
    for (const QString& p : m_context->selectedAdapters())
      if (const auto* r = m_context->collection()->findByPath(p); r && r->invertible()) usable << p;
    if (usable.isEmpty()) {
      m_banner->showWarning(tr(
          "None of the selected adapters can be recycled: they need to fit the model and carry a "
          "classification head. Select compatible rows (tick “Compatible only”)."));
      return;
    }
    Q_EMIT trainRequested(usable);
  });
  return scroll;
}

void CollectionPage::chooseFolder() {
  QSettings settings;
  const QString start =
      settings.value(QStringLiteral("folders/collection"), qs(m_context->defaults().zoo))
          .toString();
  const QString dir =
      QFileDialog::getExistingDirectory(this, tr("Open a folder of LoRA adapters"), start);
  if (!dir.isEmpty()) openFolder(dir);
}

void CollectionPage::openFolder(const QString& folder) {
  stop();
  m_scan.waitForFinished();
  QSettings().setValue(QStringLiteral("folders/collection"), folder);
  const std::string& demo = m_context->defaults().zoo;
  if (demo.empty() ||
      QFileInfo(folder).absoluteFilePath() != QFileInfo(qs(demo)).absoluteFilePath())
    noteRecent(RecentEntry::Kind::Collection, folder);
  m_scanFolder = folder;
  m_folderLabel->setText(QDir::toNativeSeparators(folder));
  m_folderLabel->setToolTip(folder);
  m_progress->setRange(0, 0);
  m_progress->setFormat(tr("Scanning…"));
  m_progress->show();
  m_openButton->setEnabled(false);
  const int serial = ++m_scanSerial;
  m_scanCancel = std::make_shared<std::atomic<bool>>(false);
  auto cancel = m_scanCancel;
  ModelPtr model = m_context->model();
  m_scanModel = model;
  const std::string dir = ss(folder);
  m_scan.setFuture(QtConcurrent::run([this, cancel, model, dir, serial]() -> ScanResult {
    ScanResult result;
    auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    api::ScanCallbacks cb;
    cb.cancel = cancel.get();
    cb.progress = [&](size_t done, size_t total, const std::string& path) {
      const auto now = std::chrono::steady_clock::now();
      if (done != total && now - last < std::chrono::milliseconds(60)) return;
      last = now;
      // Queued to the GUI thread; the page waits for this task in its destructor.
      QMetaObject::invokeMethod(
          this,
          [this, serial, done, total, p = qs(path)] {
            if (serial == m_scanSerial) onScanProgress(int(done), int(total), p);
          },
          Qt::QueuedConnection);
    };
    try {
      for (auto& r : api::scan_adapters(dir, model.get(), cb))
        result.records.push_back(std::move(r));
    } catch (const std::exception& e) {
      result.error = QString::fromUtf8(e.what());
    }
    return result;
  }));
  m_context->log(tr("Scanning %1 for adapters…").arg(folder));
  Q_EMIT commandsChanged();
}

void CollectionPage::onScanProgress(int done, int total, const QString& path) {
  m_progress->setRange(0, total);
  m_progress->setValue(done);
  m_progress->setFormat(tr("%1 / %2 files").arg(done).arg(total));
  m_progress->setToolTip(path);
}

void CollectionPage::onScanFinished() {
  m_progress->hide();
  m_openButton->setEnabled(true);
  const ScanResult r = m_scan.result();
  if (!r.error.isEmpty()) {
    m_banner->showError(r.error);
  } else {
    m_context->collection()->setRecords(r.records, m_scanFolder);
    // The model changed while the folder was scanned (the default's model and zoo load at the
    // same time): the rows were checked against the old one, and the recheck the new model
    // started saw no rows yet.
    if (m_context->model() != m_scanModel) m_context->collection()->recheck(m_context->model());
    int broken = 0;
    for (const auto& rec : r.records) broken += !rec.ok;
    m_context->log(tr("Found %1 adapters in %2 (%3 broken)")
                       .arg(r.records.size())
                       .arg(m_scanFolder)
                       .arg(broken));
    if (m_scanCancel && *m_scanCancel)
      m_banner->showWarning(
          tr("Scan of %1 stopped: the table lists what was found so far.").arg(m_scanFolder));
    if (m_table->model()->rowCount() > 0 && !m_table->currentIndex().isValid())
      m_table->selectRow(0);
  }
  Q_EMIT scanFinished(r.records.size());
  Q_EMIT commandsChanged();
}

void CollectionPage::stop() {
  if (m_scanCancel) *m_scanCancel = true;
}

void CollectionPage::addAdapters(const QStringList& paths) {
  QVector<api::AdapterRecord> records;
  for (const QString& p : paths) records << api::inspect_adapter(ss(p), m_context->model().get());
  m_context->collection()->addRecords(records);
  if (!paths.isEmpty()) selectPath(paths.front());
  for (const auto& r : records)
    if (!r.ok) m_banner->showError(qs(r.error));
}

void CollectionPage::selectPath(const QString& path) {
  const int row = m_context->collection()->rowOfPath(path);
  if (row < 0) return;
  const QModelIndex idx = m_proxy->mapFromSource(m_context->collection()->index(row, 0));
  if (!idx.isValid()) return;
  m_table->selectionModel()->setCurrentIndex(
      idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  m_table->scrollTo(idx);
}

void CollectionPage::updateSummary() {
  const auto& records = m_context->collection()->records();
  int fit = 0, broken = 0;
  for (const auto& r : records) fit += (r.ok && r.compatible), broken += !r.ok;
  const int shown = m_proxy->rowCount();
  const int total = int(records.size());
  QString text;
  if (records.isEmpty()) {
    text = tr("Open a folder of adapters, or drop adapter files anywhere in the window.");
  } else if (shown == 0) {
    text = tr("No adapter matches the filter: clear it (or untick “Compatible only”) to see all %1")
               .arg(QLocale().toString(total));
  } else {
    text = shown == total ? tr("%n adapter(s)", "", total)
                          : tr("%1 of %2 adapters shown")
                                .arg(QLocale().toString(shown), QLocale().toString(total));
    text += QStringLiteral(" · ") + tr("%1 fit the model").arg(QLocale().toString(fit)) +
            QStringLiteral(" · ") + tr("%1 broken").arg(QLocale().toString(broken));
  }
  m_summary->setText(text);
}

void CollectionPage::afterFilterChanged() {
  m_filtering = false;
  // A filter that hid the selected row and then lets it back selects it again.
  if (!m_lastSelected.isEmpty() && m_currentPath != m_lastSelected) selectPath(m_lastSelected);
  updateSummary();
}

void CollectionPage::onSelectionChanged() {
  QStringList paths;
  for (const QModelIndex& idx : m_table->selectionModel()->selectedRows())
    paths << idx.data(AdapterTableModel::PathRole).toString();
  m_context->setSelectedAdapters(paths);
  const QModelIndex current = m_table->currentIndex();
  const api::AdapterRecord* r = current.isValid()
                                    ? m_context->collection()->findByPath(
                                          current.data(AdapterTableModel::PathRole).toString())
                                    : nullptr;
  showDetails(r);
}

void CollectionPage::showDetails(const api::AdapterRecord* r) {
  m_detailsEmpty->setVisible(!r);
  m_detailsBody->setVisible(r);
  if (!r) {
    m_currentPath.clear();
    return;
  }
  m_currentPath = qs(r->path);
  if (!m_filtering) m_lastSelected = m_currentPath;
  m_title->setText(qs(r->name));
  m_subtitle->setText(QStringLiteral("%1 · %2").arg(r->ok ? qs(r->format) : tr("unreadable"),
                                                    QDir::toNativeSeparators(qs(r->path))));
  QString fits;
  if (!r->ok)
    fits =
        QStringLiteral("<span style='color:#b02a1e'>⚠ %1</span>").arg(qs(r->error).toHtmlEscaped());
  else if (r->compatible)
    fits = QStringLiteral("<span style='color:#2e7d32'>✓ %1</span>")
               .arg(qs(r->compat_reason).toHtmlEscaped());
  else
    fits = QStringLiteral("<span style='color:#8a5a00'>✗ %1</span>")
               .arg(qs(r->compat_reason).toHtmlEscaped());
  m_fits->setText(fits);
  QStringList rows;
  auto row = [&rows](const QString& k, const QString& v) {
    rows << QStringLiteral(
                "<tr><td style='color:#6b7280;padding-right:12px'>%1</td><td>%2</td></tr>")
                .arg(k, v.toHtmlEscaped());
  };
  if (r->ok) {
    row(tr("Rank"), QString::number(r->rank));
    row(tr("Scale"), qs(r->scale));
    row(tr("Targets"), qs(r->targets));
    QStringList layers;
    for (int l : r->layers) layers << QString::number(l);
    row(tr("Layers"), layers.join(QStringLiteral(", ")));
    row(tr("Parameters"), QLocale().toString(qlonglong(r->parameters)));
    row(tr("Width"), QString::number(r->width));
    row(tr("Head"),
        r->has_head() ? tr("%n class(es)", "", r->head_classes) : tr("none (cannot be inverted)"));
    if (!std::isnan(r->accuracy))
      row(tr("Accuracy"),
          QStringLiteral("%1 %").arg(QLocale().toString(r->accuracy * 100, 'f', 1)));
    if (!r->base_fingerprint.empty()) row(tr("Base model"), qs(r->base_fingerprint));
  }
  row(tr("Size on disk"), formatBytes(r->size_bytes));
  for (const auto& w : r->warnings) row(tr("Warning"), qs(w));
  m_facts->setText(QStringLiteral("<table>%1</table>").arg(rows.join(QString())));
  const QStringList classes = qsList(r->display_classes());
  m_classes->setText(classes.isEmpty() ? tr("(none recorded)")
                                       : classes.join(QStringLiteral(" · ")));
  m_provenance->setPlainText(r->provenance.empty() || r->provenance == "{}"
                                 ? tr("(none recorded)")
                                 : provenanceText(qs(r->provenance)));

  m_plot->clearPlottables();
  if (!r->delta_norms.empty()) {
    auto* bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    bars->setName(tr("‖s·B·A‖"));
    bars->setPen(Qt::NoPen);
    bars->setBrush(QColor(0x1f, 0x8a, 0x78));
    bars->setWidth(0.7);
    QVector<double> x, y;
    for (size_t i = 0; i < r->delta_norms.size(); ++i) x << double(i), y << r->delta_norms[i];
    bars->setData(x, y, true);
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(x.size() > 16 ? 2.0 : 1.0);
    m_plot->xAxis->setTicker(ticker);
    m_plot->rescaleAxes();
    m_plot->xAxis->setRange(-0.6, x.size() - 0.4);
    m_plot->yAxis->setRange(0, std::max(1e-9, *std::max_element(y.begin(), y.end())) * 1.12);
  }
  m_plot->replot();
  m_invertButton->setEnabled(r->invertible());
  m_invertButton->setToolTip(
      r->invertible() ? tr("Synthesize images of this adapter's classes in the Inversion workspace")
      : !r->ok        ? tr("This file cannot be read")
      : !r->compatible
          ? tr("This adapter does not fit the open model")
          : tr("This adapter has no classification head, so there is nothing to invert"));
}

}  // namespace lrc::ui
