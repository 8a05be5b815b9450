#include "playground/playground_page.h"

#include <algorithm>

#include <QButtonGroup>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "common/files.h"
#include "common/banner.h"
#include "common/icons.h"
#include "playground/class_column.h"
#include "playground/drop_frame.h"
#include "playground/known_labels.h"
#include "playground/query_view.h"
#include "shell/app_context.h"
#include "shell/recent_files.h"

namespace lrc::ui {

namespace {

constexpr int kThumbSide = 160;
constexpr int kMaxDrop = 500;
constexpr const char* kTaskFormat = "lrc-playground-task";

QColor classColor(int i) {
  static const QColor palette[] = {QColor(0x2b, 0x6c, 0xd4), QColor(0xe0, 0x7b, 0x21),
                                   QColor(0x2e, 0x9d, 0x4f), QColor(0xc2, 0x3b, 0x7a),
                                   QColor(0x7b, 0x4f, 0xc9), QColor(0x1f, 0x8a, 0x78),
                                   QColor(0xb5, 0x8b, 0x00), QColor(0xd0, 0x3b, 0x2f),
                                   QColor(0x5b, 0x6b, 0x7c), QColor(0x8c, 0x56, 0x3c)};
  return palette[i % 10];
}

}  // namespace

struct PlaygroundPage::Engine {
  ModelPtr model;
  std::unique_ptr<api::FewShot> plain, meta;
  std::string metaTrainedMetric;  // what the meta-LoRA recorded, before the page's metric is set
};

struct PlaygroundPage::Request {
  std::shared_ptr<Engine> engine;
  ModelPtr model;
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> support;
  std::vector<std::string> queries;
  bool plain = true;
  bool meta = false;
  std::string adapter;
  std::string precision = "auto";
  std::string metric = "cosine";
};

struct PlaygroundPage::Response {
  QStringList queries;
  std::vector<api::QueryAnswer> plain, meta;
  api::ClassifyTiming plainTiming, metaTiming;
  QString plainError, metaError;
  bool ranPlain = false, ranMeta = false;
  std::string metaTrainedMetric;
};

namespace {

// Runs on a worker thread; one request at a time touches the engine.
template <typename Response, typename Request, typename Engine>
std::shared_ptr<Response> classifyRequest(const Request& q) {
  auto r = std::make_shared<Response>();
  Engine& e = *q.engine;
  if (e.model != q.model) {
    e.plain.reset();
    e.meta.reset();
    e.model = q.model;
  }
  auto run = [&](std::unique_ptr<api::FewShot>& fs, const std::string& adapter,
                 std::vector<api::QueryAnswer>& out, api::ClassifyTiming& timing, QString& error,
                 const std::string& metric) {
    try {
      if (!fs || fs->adapter_path() != adapter)
        fs = std::make_unique<api::FewShot>(q.model, adapter);
      fs->set_precision(q.precision);
      fs->set_metric(metric);
      fs->set_support(q.names, q.support);
      out = fs->classify(q.queries, &timing);
    } catch (const std::exception& ex) {
      error = QString::fromUtf8(ex.what());
      fs.reset();  // a half-set support must not be reused
    }
  };
  // Both columns classify under the page's metric, so that they differ only by the adapter and
  // the plain VFM's answers never depend on which meta-LoRA (or broken file) is chosen.
  const std::string metric = q.metric;
  if (!q.adapter.empty() && q.meta) {
    try {
      if (!e.meta || e.meta->adapter_path() != q.adapter) {
        e.meta = std::make_unique<api::FewShot>(q.model, q.adapter);
        e.metaTrainedMetric = e.meta->metric();
      }
      r->metaTrainedMetric = e.metaTrainedMetric;
    } catch (const std::exception& ex) {
      r->metaError = QString::fromUtf8(ex.what());
      e.meta.reset();
    }
  }
  if (q.plain) {
    r->ranPlain = true;
    run(e.plain, std::string(), r->plain, r->plainTiming, r->plainError, metric);
  }
  if (q.meta && e.meta) {
    r->ranMeta = true;
    run(e.meta, q.adapter, r->meta, r->metaTiming, r->metaError, metric);
  } else if (q.meta) {
    r->ranMeta = true;
  }
  return r;
}

}  // namespace

PlaygroundPage::PlaygroundPage(AppContext* context, QWidget* parent)
    : Workspace(context, parent),
      m_engine(std::make_shared<Engine>()),
      m_classify(new QFutureWatcher<std::shared_ptr<Response>>(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_banner);
  auto* bar = new QHBoxLayout;
  buildToolbar(bar);
  layout->addLayout(bar);

  auto* split = new QSplitter(Qt::Vertical, this);
  auto* scroll = new QScrollArea(split);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setAccessibleName(tr("Classes"));
  auto* strip = new QWidget;
  m_columnsLayout = new QHBoxLayout(strip);
  m_columnsLayout->setContentsMargins(0, 0, 0, 0);
  m_columnsLayout->addStretch();
  scroll->setWidget(strip);
  scroll->setMinimumHeight(fontMetrics().lineSpacing() * 4 + 74 +
                           60);  // a column's header, a row of thumbnails, its hint
  split->addWidget(scroll);

  m_queryArea = new DropFrame(split);
  m_queryArea->setObjectName(QStringLiteral("queryArea"));
  m_queryArea->setFrameShape(QFrame::StyledPanel);
  m_queryArea->setToolTip(tr("Query images: drop or paste (Ctrl+V) images here to classify them"));
  auto* q = new QVBoxLayout(m_queryArea);
  auto* qhead = new QHBoxLayout;
  auto* qtitle = new QLabel(tr("<b>Queries</b> — drop images here"), m_queryArea);
  qhead->addWidget(qtitle);
  m_hint = new QLabel(m_queryArea);
  m_hint->setObjectName(QStringLiteral("dimLabel"));
  // The hint gives way on a narrow window (its tooltip repeats it); the buttons keep their size.
  m_hint->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  m_hint->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  qhead->addWidget(m_hint, 1);
  auto* addQ = new QToolButton(m_queryArea);
  addQ->setIcon(Icons::get(Icons::Add));
  addQ->setText(tr("Add queries…"));
  addQ->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  addQ->setToolTip(tr("Add query images from files…"));
  qhead->addWidget(addQ);
  auto* clearQ = new QToolButton(m_queryArea);
  clearQ->setIcon(Icons::get(Icons::Clear));
  clearQ->setText(tr("Clear"));
  clearQ->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  clearQ->setToolTip(tr("Remove every query image (Delete removes the selected ones)"));
  qhead->addWidget(clearQ);
  m_export = new QToolButton(m_queryArea);
  m_export->setIcon(Icons::get(Icons::Save));
  m_export->setText(tr("Export…"));
  m_export->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  m_export->setToolTip(tr("Save the predictions of both columns as CSV"));
  m_export->setEnabled(false);
  qhead->addWidget(m_export);
  q->addLayout(qhead);
  m_accuracy = new QLabel(m_queryArea);
  m_accuracy->setObjectName(QStringLiteral("accuracyLabel"));
  m_accuracy->setWordWrap(true);
  m_accuracy->hide();
  q->addWidget(m_accuracy);
  m_queries = new QueryTable(m_queryArea);
  q->addWidget(m_queries, 1);
  split->addWidget(m_queryArea);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 2);  // the queries and their answers are what a user reads
  split->setChildrenCollapsible(false);
  layout->addWidget(split, 1);

  connect(m_queryArea, &DropFrame::filesDropped, this, &PlaygroundPage::addQueryFiles);
  connect(m_queryArea, &DropFrame::dropRefused, m_banner, &BannerBar::showWarning);
  connect(m_queries, &QueryTable::queriesChanged, this, &PlaygroundPage::scheduleClassify);
  connect(m_queries, &QueryTable::aboutToRemoveQueries, this, &PlaygroundPage::pushUndo);
  connect(addQ, &QToolButton::clicked, this, [this] {
    QSettings s;
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add query images"), startFolder(QStringLiteral("folders/images")),
        tr("Images (%1)").arg(imageNameFilter()));
    if (files.isEmpty()) return;
    s.setValue(QStringLiteral("folders/images"), QFileInfo(files.front()).absolutePath());
    addQueryFiles(files);
  });
  connect(clearQ, &QToolButton::clicked, m_queries, &QueryTable::clearQueries);
  connect(m_export, &QToolButton::clicked, this, &PlaygroundPage::chooseExportPath);
  connect(m_classify, &QFutureWatcher<std::shared_ptr<Response>>::finished, this, [this] {
    m_classifying = false;
    applyResponse(*m_classify->result());
    if (m_dirty) scheduleClassify();
  });
  connect(context, &AppContext::modelChanged, this, [this] {
    m_engine = std::make_shared<Engine>();
    scheduleClassify();
  });
  connect(context, &AppContext::precisionChanged, this, &PlaygroundPage::scheduleClassify);

  addClass();
  addClass();
  setMode(Mode::Compare);
  // Cosine by default: the shipped meta-LoRA's recipe (scripts/make-default.sh) uses it.
  setMetric(QSettings().value(QStringLiteral("playground/metric"), m_metric).toString());
  refreshAdapterCombo();
  if (!context->defaults().meta_lora.empty()) setAdapter(qs(context->defaults().meta_lora));
  updateColumns();
  updateHint();
}

PlaygroundPage::~PlaygroundPage() {
  m_classify->waitForFinished();
}

void PlaygroundPage::buildToolbar(QHBoxLayout* bar) {
  auto* add = new QPushButton(Icons::get(Icons::Add), tr("Add &class"), this);
  add->setToolTip(tr("Add a class column (Ctrl+Shift+N)"));
  add->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
  connect(add, &QPushButton::clicked, this, [this] { addClass(); });
  bar->addWidget(add);
  auto* open = new QToolButton(this);
  open->setIcon(Icons::get(Icons::Open));
  open->setToolTip(tr("Open a saved task (classes, images and queries)…"));
  open->setAccessibleName(tr("Open task"));
  connect(open, &QToolButton::clicked, this, [this] {
    QSettings s;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open task"),
                                                      startFolder(QStringLiteral("folders/tasks")),
                                                      tr("Playground tasks (*.json)"));
    if (path.isEmpty()) return;
    s.setValue(QStringLiteral("folders/tasks"), QFileInfo(path).absolutePath());
    QString error;
    if (!loadTask(path, &error)) m_banner->showError(error);
  });
  bar->addWidget(open);
  auto* saveButton = new QToolButton(this);
  saveButton->setIcon(Icons::get(Icons::Save));
  saveButton->setToolTip(tr("Save this task as JSON (Ctrl+S)"));
  saveButton->setAccessibleName(tr("Save task"));
  connect(saveButton, &QToolButton::clicked, this, &PlaygroundPage::save);
  bar->addWidget(saveButton);
  if (!m_context->defaults().samples.empty()) {
    auto* samples = new QToolButton(this);
    samples->setText(tr("Samples"));
    samples->setToolTip(tr("Load the sample task that ships with the application"));
    connect(samples, &QToolButton::clicked, this,
            [this] { loadSamples(qs(m_context->defaults().samples)); });
    bar->addWidget(samples);
  }
  bar->addSpacing(16);

  m_modeGroup = new QButtonGroup(this);
  const struct {
    Mode mode;
    QString text, tip;
  } modes[] = {
      {Mode::Plain, tr("Plain VFM"), tr("Classify with the plain foundation model (no adapter)")},
      {Mode::Meta, tr("VFM + meta-LoRA"),
       tr("Classify with the foundation model and the meta-LoRA")},
      {Mode::Compare, tr("Compare"), tr("Show both side by side")}};
  auto* segment = new QHBoxLayout;
  segment->setSpacing(0);
  for (const auto& m : modes) {
    auto* b = new QToolButton(this);
    b->setText(m.text);
    b->setToolTip(m.tip);
    b->setCheckable(true);
    b->setObjectName(QStringLiteral("segment"));
    // The style sheet's padding is not in a tool button's size hint: reserve it, so a narrow
    // window never cuts the mode's name.
    b->setMinimumWidth(b->fontMetrics().horizontalAdvance(m.text) + 32);
    m_modeGroup->addButton(b, int(m.mode));
    segment->addWidget(b);
  }
  bar->addLayout(segment);
  connect(m_modeGroup, &QButtonGroup::idClicked, this, [this](int id) { setMode(Mode(id)); });

  m_adapterCombo = new QComboBox(this);
  m_adapterCombo->setMinimumContentsLength(10);
  m_adapterCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_adapterCombo->setToolTip(
      tr("The meta-LoRA (or any adapter that fits the model) of the “VFM + meta-LoRA” column"));
  m_adapterCombo->setAccessibleName(tr("Meta-LoRA"));
  connect(m_adapterCombo, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
    const QString path = m_adapterCombo->itemData(index).toString();
    if (path == QLatin1String("<choose>")) {
      chooseAdapter();
      return;
    }
    setAdapter(path);
  });
  bar->addWidget(m_adapterCombo);

  m_metricCombo = new QComboBox(this);
  m_metricCombo->addItem(tr("Cosine"), QStringLiteral("cosine"));
  m_metricCombo->addItem(tr("Squared Euclidean"), QStringLiteral("sqeuclidean"));
  m_metricCombo->setToolTip(tr("The distance to the class prototypes, the same for both columns"));
  m_metricCombo->setAccessibleName(tr("Metric"));
  // Short enough for 1024 px in every language; a cut name is in the tooltip and the list.
  m_metricCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_metricCombo->setMinimumContentsLength(8);
  connect(m_metricCombo, QOverload<int>::of(&QComboBox::activated), this,
          [this](int index) { setMetric(m_metricCombo->itemData(index).toString()); });
  bar->addWidget(m_metricCombo);
  bar->addStretch();
  m_latency = new QLabel(this);
  m_latency->setObjectName(QStringLiteral("latency"));
  // On a narrow window the latency gives way first (it repeats in the tooltip); the controls
  // keep their size.
  m_latency->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  m_latency->setMinimumWidth(0);
  m_latency->setToolTip(tr("Forward-pass time per query image (support prototypes are cached)"));
  bar->addWidget(m_latency);
}

ClassColumn* PlaygroundPage::addClass(const QString& name) {
  const QString n = name.isEmpty() ? tr("Class %1").arg(m_nextClass) : name;
  ++m_nextClass;
  auto* col = new ClassColumn(n, classColor(m_columns.size()), this);
  m_columnsLayout->insertWidget(m_columns.size(), col);
  m_columns << col;
  connect(col, &ClassColumn::changed, this, &PlaygroundPage::scheduleClassify);
  connect(col, &ClassColumn::removeRequested, this,
          [this, col] { removeClass(m_columns.indexOf(col)); });
  connect(col, &ClassColumn::filesDropped, this, [this, col](const QStringList& paths) {
    addSupportFiles(m_columns.indexOf(col), paths);
  });
  connect(col, &ClassColumn::dropRefused, m_banner, &BannerBar::showWarning);
  connect(col, &ClassColumn::addRequested, this, [this, col] {
    QSettings s;
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add support images to %1").arg(col->name()),
        startFolder(QStringLiteral("folders/images")), tr("Images (%1)").arg(imageNameFilter()));
    if (files.isEmpty()) return;
    s.setValue(QStringLiteral("folders/images"), QFileInfo(files.front()).absolutePath());
    addSupportFiles(m_columns.indexOf(col), files);
  });
  scheduleClassify();
  return col;
}

void PlaygroundPage::removeClass(int index) {
  if (index < 0 || index >= m_columns.size()) return;
  pushUndo();
  dropClass(index);
}

void PlaygroundPage::dropClass(int index) {
  ClassColumn* col = m_columns.takeAt(index);
  m_columnsLayout->removeWidget(col);
  col->deleteLater();
  scheduleClassify();
}

void PlaygroundPage::reportProblems(const QStringList& problems) {
  for (const QString& p : problems) m_banner->showError(p);
}

void PlaygroundPage::loadThumbnailsThen(const QStringList& paths,
                                        std::function<void(const QVector<Thumbnail>&)> done) {
  ++m_pendingLoads;
  auto* watcher = new QFutureWatcher<QVector<Thumbnail>>(this);
  connect(watcher, &QFutureWatcher<QVector<Thumbnail>>::finished, this,
          [this, watcher, done = std::move(done)] {
            --m_pendingLoads;
            const QVector<Thumbnail> thumbs = watcher->result();
            watcher->deleteLater();
            QStringList problems;
            for (const Thumbnail& t : thumbs)
              if (!t.error.isEmpty()) problems << t.error;
            reportProblems(problems);
            done(thumbs);
            scheduleClassify();
          });
  watcher->setFuture(loadThumbnails(paths, kThumbSide));
}

void PlaygroundPage::addSupportFiles(int classIndex, const QStringList& paths) {
  const GatheredImages g = gatherImages(paths, kMaxDrop);
  reportProblems(g.problems);
  if (g.images.isEmpty() || classIndex < 0 || classIndex >= m_columns.size()) return;
  QPointer<ClassColumn> col = m_columns[classIndex];
  loadThumbnailsThen(g.images, [col](const QVector<Thumbnail>& thumbs) {
    if (col) col->addImages(thumbs);
  });
}

void PlaygroundPage::addQueryFiles(const QStringList& paths) {
  const GatheredImages g = gatherImages(paths, kMaxDrop);
  reportProblems(g.problems);
  if (g.images.isEmpty()) return;
  loadThumbnailsThen(g.images,
                     [this](const QVector<Thumbnail>& thumbs) { m_queries->addQueries(thumbs); });
}

void PlaygroundPage::setMode(Mode mode) {
  m_mode = mode;
  if (auto* b = m_modeGroup->button(int(mode))) b->setChecked(true);
  QSettings().setValue(QStringLiteral("playground/mode"), int(mode));
  updateColumns();
  scheduleClassify();
}

void PlaygroundPage::setAdapter(const QString& path) {
  const QString embedded = qs(m_context->defaults().meta_lora);
  if (!path.isEmpty() && path != embedded) {
    // A file that cannot serve is refused here, with the reason, and the previous choice stays:
    // a broken adapter must not stay selected and fail every classification.
    const api::AdapterRecord r = api::inspect_adapter(ss(path), m_context->model().get());
    if (!r.ok || (m_context->hasModel() && !r.compatible)) {
      m_banner->showError(r.ok ? tr("%1 does not fit the open model: %2")
                                     .arg(QDir::toNativeSeparators(path), qs(r.compat_reason))
                               : qs(r.error));
      refreshAdapterCombo();
      return;
    }
    // Chosen files stay in the list (newest first), across runs.
    QStringList chosen = QSettings().value(QStringLiteral("playground/adapters")).toStringList();
    chosen.removeAll(path);
    chosen.prepend(path);
    QSettings().setValue(QStringLiteral("playground/adapters"), chosen.mid(0, kMaxChosenAdapters));
  }
  m_adapterPath = path;
  refreshAdapterCombo();
  if (!path.isEmpty() && m_mode == Mode::Plain) setMode(Mode::Compare);
  scheduleClassify();
}

void PlaygroundPage::setMetric(const QString& name) {
  const int index = m_metricCombo->findData(name);
  if (index < 0) return;  // unknown names (an old settings file) keep the current metric
  m_metric = name;
  m_metricCombo->setCurrentIndex(index);
  m_queries->setMetricName(m_metricCombo->itemText(index).toLower());
  QSettings().setValue(QStringLiteral("playground/metric"), name);
  scheduleClassify();
}

void PlaygroundPage::refreshAdapterCombo() {
  m_adapterCombo->clear();
  m_adapterCombo->addItem(tr("(no meta-LoRA)"), QString());
  const QString embedded = qs(m_context->defaults().meta_lora);
  if (!embedded.isEmpty())
    m_adapterCombo->addItem(Icons::get(Icons::App), tr("meta-LoRA (embedded)"), embedded);
  QStringList chosen = QSettings().value(QStringLiteral("playground/adapters")).toStringList();
  if (!m_adapterPath.isEmpty() && !chosen.contains(m_adapterPath)) chosen.prepend(m_adapterPath);
  for (const QString& path : chosen) {
    if (path.isEmpty() || path == embedded) continue;
    if (path != m_adapterPath && !QFileInfo::exists(path)) continue;  // moved or deleted since
    m_adapterCombo->addItem(Icons::get(Icons::Training), QFileInfo(path).fileName(), path);
    m_adapterCombo->setItemData(m_adapterCombo->count() - 1, path, Qt::ToolTipRole);
  }
  m_adapterCombo->addItem(Icons::get(Icons::Open), tr("Choose adapter…"),
                          QStringLiteral("<choose>"));
  const int idx = m_adapterCombo->findData(m_adapterPath);
  m_adapterCombo->setCurrentIndex(idx >= 0 ? idx : 0);
  m_adapterCombo->setItemData(m_adapterCombo->currentIndex(), m_adapterPath, Qt::ToolTipRole);
}

void PlaygroundPage::chooseAdapter() {
  QSettings s;
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Choose a meta-LoRA or adapter"), startFolder(QStringLiteral("folders/adapters")),
      tr("Adapters (*.safetensors adapter_config.json)"));
  if (path.isEmpty()) {
    refreshAdapterCombo();
    return;
  }
  s.setValue(QStringLiteral("folders/adapters"), QFileInfo(path).absolutePath());
  // A PEFT adapter is its folder.
  setAdapter(QFileInfo(path).fileName() == QLatin1String("adapter_config.json")
                 ? QFileInfo(path).absolutePath()
                 : path);
}

void PlaygroundPage::updateColumns() {
  m_queries->setColumnHidden(QueryTable::PlainColumn, m_mode == Mode::Meta);
  m_queries->setColumnHidden(QueryTable::MetaColumn, m_mode == Mode::Plain);
  m_adapterCombo->setEnabled(m_mode != Mode::Plain);
}

void PlaygroundPage::updateHint() {
  QString hint;
  int empty = 0;
  for (ClassColumn* c : m_columns) empty += c->imageCount() == 0;
  if (!m_context->hasModel())
    hint = tr("Open a model to classify");
  else if (m_columns.size() < 2)
    hint = tr("Add at least two classes");
  else if (empty > 0)
    hint = tr("%n class(es) without support images", "", empty);
  else if (m_queries->rowCount() == 0)
    hint = tr("Drop query images to classify them");
  m_hint->setText(hint);
  m_hint->setToolTip(hint);
}

bool PlaygroundPage::isBusy() const {
  return m_pendingLoads > 0 || m_classifying || m_dirty;
}

void PlaygroundPage::scheduleClassify() {
  m_dirty = true;
  updateHint();
  if (m_classifying) return;
  QTimer::singleShot(0, this, &PlaygroundPage::runClassify);
}

void PlaygroundPage::runClassify() {
  if (!m_dirty || m_classifying) return;
  m_dirty = false;
  Request q;
  q.engine = m_engine;
  q.model = m_context->model();
  bool complete = q.model && m_columns.size() >= 1;
  for (ClassColumn* c : m_columns) {
    q.names.push_back(ss(c->name()));
    q.support.push_back(ssList(c->imagePaths()));
    complete = complete && c->imageCount() > 0;
  }
  q.queries = ssList(m_queries->paths());
  if (!complete || q.queries.empty()) {
    m_plainAnswers.clear();
    m_metaAnswers.clear();
    m_queries->clearResults();
    m_latency->clear();
    Q_EMIT resultsUpdated();
    return;
  }
  q.plain = m_mode != Mode::Meta;
  q.meta = m_mode != Mode::Plain && !m_adapterPath.isEmpty();
  q.adapter = ss(m_adapterPath);
  q.precision = ss(m_context->precision());
  q.metric = ss(m_metric);
  m_classifying = true;
  m_classify->setFuture(
      QtConcurrent::run([q] { return classifyRequest<Response, Request, Engine>(q); }));
}

void PlaygroundPage::applyResponse(const Response& r) {
  QStringList names;
  QVector<QColor> colors;
  for (int i = 0; i < m_columns.size(); ++i)
    names << m_columns[i]->name(), colors << m_columns[i]->color();
  auto toCell = [&](const api::QueryAnswer& a) {
    CellResult c;
    c.classes = names;
    c.colors = colors;
    c.predicted = a.predicted;
    c.error = qs(a.error);
    c.probabilities = QVector<double>(a.probabilities.begin(), a.probabilities.end());
    c.distances = QVector<double>(a.distances.begin(), a.distances.end());
    return c;
  };
  const QStringList rows = m_queries->paths();
  QVector<QStringList> support;
  for (ClassColumn* c : m_columns) support << c->imagePaths();
  m_truth.clear();
  for (const QString& row : rows) m_truth << knownClassOf(row, names, support);
  auto fill = [&](const std::vector<api::QueryAnswer>& answers, QueryTable::Column column,
                  const QString& error) {
    for (int row = 0; row < rows.size(); ++row) {
      CellResult cell;
      if (!error.isEmpty()) {
        cell.error = error;
      } else {
        for (const auto& a : answers)
          if (qs(a.path) == rows[row]) cell = toCell(a);
      }
      cell.truth = m_truth.value(row, -1);
      m_queries->setResult(row, column, cell);
    }
  };
  m_plainAnswers = r.plain;
  m_metaAnswers = r.meta;
  if (r.ranPlain) fill(r.plain, QueryTable::PlainColumn, r.plainError);
  if (r.ranMeta)
    fill(r.meta, QueryTable::MetaColumn, r.metaError);
  else if (m_mode != Mode::Plain)
    fill({}, QueryTable::MetaColumn, tr("Choose a meta-LoRA above to compare"));
  if (!r.plainError.isEmpty()) m_banner->showError(r.plainError);
  if (!r.metaError.isEmpty()) m_banner->showError(r.metaError);
  if (r.ranMeta && r.metaError.isEmpty() && !r.metaTrainedMetric.empty() &&
      qs(r.metaTrainedMetric) != m_metric) {
    const int trained = m_metricCombo->findData(qs(r.metaTrainedMetric));
    m_banner->showInfo(
        tr("%1 was meta-trained with the %2 distance; both columns use %3 (see Metric)")
            .arg(
                QFileInfo(m_adapterPath).fileName(),
                trained >= 0 ? m_metricCombo->itemText(trained).toLower() : qs(r.metaTrainedMetric),
                m_metricCombo->currentText().toLower()));
  }
  QStringList lat;
  if (r.ranPlain && r.plainError.isEmpty())
    lat << tr("plain %1 ms").arg(QLocale().toString(r.plainTiming.per_query_ms, 'f', 1));
  if (r.ranMeta && r.metaError.isEmpty())
    lat << tr("meta-LoRA %1 ms").arg(QLocale().toString(r.metaTiming.per_query_ms, 'f', 1));
  m_latency->setText(
      lat.isEmpty() ? QString() : tr("Latency per query: %1").arg(lat.join(QStringLiteral(" · "))));
  m_latency->setToolTip(m_latency->text() + QLatin1Char('\n') +
                        tr("Forward-pass time per query image (support prototypes are cached)"));
  m_queries->viewport()->update();
  updateAccuracy();
  updateHint();
  Q_EMIT resultsUpdated();
}

void PlaygroundPage::updateAccuracy() {
  const QStringList rows = m_queries->paths();
  const QLocale locale;
  QStringList parts;
  auto part = [&](const QString& name, const std::vector<api::QueryAnswer>& answers) {
    const KnownAccuracy a = knownAccuracy(rows, m_truth, answers);
    if (a.known == 0) return;
    parts << tr("%1 %2 of %3 right (%4 %)")
                 .arg(name, locale.toString(a.correct), locale.toString(a.known),
                      locale.toString(a.fraction() * 100, 'f', 1));
  };
  if (m_mode != Mode::Meta) part(tr("plain VFM"), m_plainAnswers);
  if (m_mode != Mode::Plain) part(tr("VFM + meta-LoRA"), m_metaAnswers);
  const int known =
      int(std::count_if(m_truth.begin(), m_truth.end(), [](int t) { return t >= 0; }));
  m_accuracy->setVisible(!parts.isEmpty());
  m_accuracy->setText(parts.isEmpty()
                          ? QString()
                          : tr("Known labels (%1 of %2 queries, from their folder names): %3")
                                .arg(locale.toString(known), locale.toString(rows.size()),
                                     parts.join(QStringLiteral(" · "))));
  m_accuracy->setToolTip(
      tr("A query whose folder is named like a class, or holds that class's "
         "support images, counts as that class"));
  m_export->setEnabled(!m_plainAnswers.empty() || !m_metaAnswers.empty());
}

bool PlaygroundPage::exportPredictions(const QString& path, QString* error) const {
  QStringList names;
  for (ClassColumn* c : m_columns) names << c->name();
  const QString csv =
      predictionsCsv(m_queries->paths(), m_truth, names, m_plainAnswers,
                     m_mode == Mode::Plain ? std::vector<api::QueryAnswer>() : m_metaAnswers);
  return writeTextFileAtomically(path, csv.toUtf8(), error);
}

void PlaygroundPage::chooseExportPath() {
  QSettings s;
  const QString start = startFolder(QStringLiteral("folders/export"));
  const QString path = QFileDialog::getSaveFileName(this, tr("Export predictions"),
                                                    start + QStringLiteral("/predictions.csv"),
                                                    tr("CSV files (*.csv)"));
  if (path.isEmpty()) return;
  s.setValue(QStringLiteral("folders/export"), QFileInfo(path).absolutePath());
  QString error;
  if (exportPredictions(path, &error))
    m_banner->showInfo(tr("Saved the predictions to %1").arg(path));
  else
    m_banner->showError(error);
}

void PlaygroundPage::save() {
  QSettings s;
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Save task"),
      startFolder(QStringLiteral("folders/tasks")) + QStringLiteral("/task.json"),
      tr("Playground tasks (*.json)"));
  if (path.isEmpty()) return;
  s.setValue(QStringLiteral("folders/tasks"), QFileInfo(path).absolutePath());
  QString error;
  if (saveTask(path, &error))
    m_banner->showInfo(tr("Saved the task to %1").arg(path));
  else
    m_banner->showError(error);
}

QJsonObject PlaygroundPage::taskJson() const {
  QJsonArray classes;
  for (ClassColumn* c : m_columns) {
    QJsonObject o;
    o[QStringLiteral("name")] = c->name();
    o[QStringLiteral("images")] = QJsonArray::fromStringList(c->imagePaths());
    classes.append(o);
  }
  QJsonObject root;
  root[QStringLiteral("format")] = QLatin1String(kTaskFormat);
  root[QStringLiteral("version")] = 1;
  root[QStringLiteral("classes")] = classes;
  root[QStringLiteral("queries")] = QJsonArray::fromStringList(m_queries->paths());
  root[QStringLiteral("adapter")] = m_adapterPath;
  root[QStringLiteral("mode")] = m_mode == Mode::Plain  ? QStringLiteral("plain")
                                 : m_mode == Mode::Meta ? QStringLiteral("meta")
                                                        : QStringLiteral("compare");
  return root;
}

bool PlaygroundPage::saveTask(const QString& path, QString* error) const {
  const QJsonObject root = taskJson();
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(root).toJson()) < 0 || !f.commit()) {
    if (error)
      *error =
          tr("%1: cannot write the task (%2); choose another folder").arg(path, f.errorString());
    return false;
  }
  noteRecent(RecentEntry::Kind::Task, path);
  return true;
}

bool PlaygroundPage::loadTask(const QString& path, QString* error) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    if (error) *error = tr("%1: cannot read the task (%2)").arg(path, f.errorString());
    return false;
  }
  QJsonParseError pe;
  const QJsonDocument doc = QJsonDocument::fromJson(f.read(16 << 20), &pe);
  const QJsonObject root = doc.object();
  if (pe.error != QJsonParseError::NoError ||
      root.value(QStringLiteral("format")).toString() != QLatin1String(kTaskFormat)) {
    if (error)
      *error = tr("%1: not a playground task (expected JSON with \"format\": \"%2\")")
                   .arg(path, QLatin1String(kTaskFormat));
    return false;
  }
  pushUndo();
  applyTaskJson(root, QFileInfo(path).absoluteDir());
  noteRecent(RecentEntry::Kind::Task, path);
  return true;
}

void PlaygroundPage::applyTaskJson(const QJsonObject& root, const QDir& base) {
  auto resolve = [&base](const QJsonValue& v) {
    return QDir::cleanPath(base.absoluteFilePath(v.toString()));
  };
  resetTask();
  for (const QJsonValue& cv : root.value(QStringLiteral("classes")).toArray()) {
    const QJsonObject c = cv.toObject();
    ClassColumn* col = addClass(c.value(QStringLiteral("name")).toString());
    QStringList images;
    for (const QJsonValue& iv : c.value(QStringLiteral("images")).toArray()) images << resolve(iv);
    if (!images.isEmpty()) addSupportFiles(m_columns.indexOf(col), images);
  }
  QStringList queries;
  for (const QJsonValue& qv : root.value(QStringLiteral("queries")).toArray())
    queries << resolve(qv);
  if (!queries.isEmpty()) addQueryFiles(queries);
  const QString adapter = root.value(QStringLiteral("adapter")).toString();
  if (!adapter.isEmpty()) setAdapter(QDir::cleanPath(base.absoluteFilePath(adapter)));
  const QString mode = root.value(QStringLiteral("mode")).toString();
  setMode(mode == QLatin1String("plain")  ? Mode::Plain
          : mode == QLatin1String("meta") ? Mode::Meta
                                          : Mode::Compare);
}

void PlaygroundPage::clearTask() {
  pushUndo();
  resetTask();
}

void PlaygroundPage::resetTask() {
  ++m_undoSuspended;  // the parts of one reset are not undo steps of their own
  while (!m_columns.isEmpty()) dropClass(m_columns.size() - 1);
  m_nextClass = 1;
  m_queries->clearQueries();
  m_banner->clearAll();
  --m_undoSuspended;
}

void PlaygroundPage::pushUndo() {
  if (m_undoSuspended > 0) return;
  m_undo.push_back(taskJson());
  if (m_undo.size() > kMaxUndo) m_undo.pop_front();
  Q_EMIT undoAvailable(true);
}

bool PlaygroundPage::undo() {
  if (m_undo.isEmpty()) return false;
  const QJsonObject root = m_undo.takeLast();
  ++m_undoSuspended;
  applyTaskJson(root, QDir::root());  // the snapshot's paths are absolute
  --m_undoSuspended;
  Q_EMIT undoAvailable(!m_undo.isEmpty());
  return true;
}

void PlaygroundPage::loadSamples(const QString& folder) {
  const QDir dir(folder);
  const QStringList classes = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
  if (classes.isEmpty()) {
    m_banner->showWarning(tr("%1: no class folders with sample images").arg(folder));
    return;
  }
  pushUndo();
  resetTask();
  QStringList queries;
  for (const QString& name : classes.mid(0, 8)) {
    QStringList images;
    for (const QString& f : QDir(dir.filePath(name)).entryList(QDir::Files, QDir::Name))
      if (isImageFile(f)) images << dir.filePath(name + QLatin1Char('/') + f);
    if (images.isEmpty()) continue;
    ClassColumn* col = addClass(name);
    addSupportFiles(m_columns.indexOf(col), images.mid(0, 1));
    queries << images.mid(1, 2);
  }
  if (!queries.isEmpty()) addQueryFiles(queries);
}

}  // namespace lrc::ui
