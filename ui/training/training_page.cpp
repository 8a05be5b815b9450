#include "training/training_page.h"

#include <cmath>

#include <QLocale>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "collection/adapter_table_model.h"
#include "common/files.h"
#include "common/banner.h"
#include "common/icons.h"
#include "common/plot.h"
#include "common/wheel_guard.h"
#include "common/progress_state.h"
#include "jobs/training_job.h"
#include "shell/app_context.h"

namespace lrc::ui {

namespace {

QSpinBox* spin(int lo, int hi, int value, const QString& tip, const QString& suffix = QString()) {
  auto* s = new QSpinBox;
  s->setRange(lo, hi);
  s->setValue(value);
  s->setToolTip(tip);
  s->setSuffix(suffix);
  s->setAccelerated(true);
  return s;
}

// A line edit with a "…" button that picks a folder (or a file to save).
QWidget* pathRow(QLineEdit* edit, const QString& tip, std::function<void()> browse,
                 QWidget* parent) {
  auto* w = new QWidget(parent);
  auto* h = new QHBoxLayout(w);
  h->setContentsMargins(0, 0, 0, 0);
  edit->setToolTip(tip);
  w->setFocusProxy(edit);  // the form label's mnemonic focuses the line edit
  h->addWidget(edit, 1);
  auto* b = new QPushButton(QStringLiteral("…"), w);
  b->setMaximumWidth(32);
  b->setToolTip(QCoreApplication::translate("lrc::ui::TrainingPage", "Browse…"));
  QObject::connect(b, &QPushButton::clicked, w, std::move(browse));
  h->addWidget(b);
  return w;
}

QString defaultWorkDir() {
  return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
}

}  // namespace

TrainingPage::TrainingPage(AppContext* context, QWidget* parent) : Workspace(context, parent) {
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_banner);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(buildSettings());
  split->addWidget(buildResults());
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  layout->addWidget(split, 1);
  connect(context->collection(), &AdapterTableModel::recordsChanged, this,
          &TrainingPage::refreshAdapters);
  connect(context->collection(), &AdapterTableModel::compatibilityUpdated, this,
          &TrainingPage::refreshAdapters);
  connect(context, &AppContext::modelChanged, this, &TrainingPage::updateButtons);
  connect(context, &AppContext::modelChanged, this, [this] {
    if (!m_recipeApplied && m_context->modelIsDefault() && m_context->recipe()) applyRecipe();
  });
  refreshAdapters();
  updateButtons();
  if (m_context->modelIsDefault() && m_context->recipe()) applyRecipe();
  guardWheel(this);  // scrolling the form must not change its settings
}

void TrainingPage::applyRecipe() {
  const api::Recipe* recipe = m_context->recipe();
  if (!recipe) return;
  m_recipeApplied = true;
  // The form's own fields (pools, output, validation folder, seed, ticks) stay; the episode
  // shape, schedule and the inversion of missing pools become the recipe's.
  api::MetaTrainSettings s = settings();
  const api::MetaTrainSettings& r = recipe->meta_train;
  s.inversion = r.inversion;
  s.inversion.prior_path = ss(m_context->priorPath());
  s.inversion.snapshot_every = 0;
  s.way = r.way;
  s.shot = r.shot;
  s.query = r.query;
  s.episodes = r.episodes;
  s.mask_ratio = r.mask_ratio;
  s.metric = r.metric;
  s.cosine_scale = r.cosine_scale;
  s.lr = r.lr;
  s.val_every = r.val_every;
  s.val_episodes = r.val_episodes;
  applySettings(s);
}

TrainingPage::~TrainingPage() =
    default;  // m_job is a child: its destructor stops and joins the worker

QGroupBox* TrainingPage::buildZooGroup(QWidget* page) {
  auto* zoo = new QGroupBox(tr("LoRAs to recycle"), page);
  auto* zv = new QVBoxLayout(zoo);
  m_adapters = new QListWidget(zoo);
  m_adapters->setToolTip(
      tr("The collection's adapters that fit the model and have a head; tick those to recycle"));
  m_adapters->setAccessibleName(tr("LoRAs to recycle"));
  m_adapters->setMinimumHeight(110);
  zv->addWidget(m_adapters);
  auto* zrow = new QHBoxLayout;
  m_selectedCount = new QLabel(zoo);
  m_selectedCount->setObjectName(QStringLiteral("dimLabel"));
  zrow->addWidget(m_selectedCount, 1);
  auto* all = new QPushButton(tr("All"), zoo);
  all->setToolTip(tr("Tick every adapter"));
  auto* none = new QPushButton(tr("None"), zoo);
  none->setToolTip(tr("Untick every adapter"));
  zrow->addWidget(all);
  zrow->addWidget(none);
  zv->addLayout(zrow);
  auto setAll = [this](bool on) {
    for (int i = 0; i < m_adapters->count(); ++i)
      m_adapters->item(i)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
  };
  connect(all, &QPushButton::clicked, this, [setAll] { setAll(true); });
  connect(none, &QPushButton::clicked, this, [setAll] { setAll(false); });
  connect(m_adapters, &QListWidget::itemChanged, this, [this] {
    m_selectedCount->setText(
        tr("%1 of %2 ticked").arg(checkedAdapters().size()).arg(m_adapters->count()));
    updateButtons();
  });

  return zoo;
}

QGroupBox* TrainingPage::buildEpisodeGroup(QWidget* page) {
  const api::MetaTrainSettings d;  // one set of defaults: the API's (the CLI's too)
  auto* ep = new QGroupBox(tr("Episodes"), page);
  auto* ef = new QFormLayout(ep);
  m_way = spin(2, 100, d.way, tr("Classes per episode (N-way)"));
  ef->addRow(tr("&Way"), m_way);
  m_shot = spin(1, 100, d.shot, tr("Support images per class (K-shot)"));
  ef->addRow(tr("S&hot"), m_shot);
  m_query = spin(1, 100, d.query, tr("Query images per class"));
  ef->addRow(tr("&Query"), m_query);
  m_episodes = spin(1, 10000000, int(d.episodes),
                    tr("Meta-training steps, one episode each (reference runs: 240 000)"));
  m_episodes->setSingleStep(100);
  ef->addRow(tr("&Episodes"), m_episodes);
  m_lr = new QDoubleSpinBox(ep);
  m_lr->setDecimals(6);
  m_lr->setRange(1e-6, 1.0);
  m_lr->setSingleStep(1e-4);
  m_lr->setValue(d.lr);
  m_lr->setToolTip(tr("Adam learning rate (cosine warm restarts: cycle 100, warm-up 25)"));
  ef->addRow(tr("&Learning rate"), m_lr);
  m_poolMasks = new QCheckBox(tr("Use the pools' token masks"), ep);
  m_poolMasks->setChecked(true);
  m_poolMasks->setToolTip(
      tr("Sparse tokens from each image's inversion mask; untick to choose a fixed mask ratio"));
  ef->addRow(m_poolMasks);
  m_maskRatio = spin(0, 95, 75,
                     tr("Share of the least important patches left out of every image (0 = dense)"),
                     tr(" %"));
  m_maskRatio->setEnabled(false);
  ef->addRow(tr("&Mask ratio"), m_maskRatio);
  connect(m_poolMasks, &QCheckBox::toggled, m_maskRatio,
          [this](bool on) { m_maskRatio->setEnabled(!on); });
  m_rank = spin(1, 256, d.rank, tr("Rank of the meta-LoRA (on q and v of every block)"));
  ef->addRow(tr("Ran&k"), m_rank);
  m_seed = spin(0, 1 << 30, int(d.seed), tr("Random seed of the episodes"));
  ef->addRow(tr("See&d"), m_seed);
  m_perStep = spin(1, 4096, int(d.episodes_per_step),
                   tr("Episodes averaged per optimizer step (the published recipe: 1)"));
  ef->addRow(tr("Episodes per s&tep"), m_perStep);
  m_processes = spin(1, 64, d.local_processes,
                     tr("Local processes that share every step's episodes (data-parallel on this "
                        "machine: the threads are split between them, the result is the same as "
                        "one process with the same episodes per step; no pause)"));
  ef->addRow(tr("Processe&s"), m_processes);
  // Every process needs an episode of each step: more processes raise the episodes per step.
  connect(m_processes, QOverload<int>::of(&QSpinBox::valueChanged), this, [this](int n) {
    if (m_perStep->value() < n) m_perStep->setValue(n);
  });
  m_device = new QComboBox(ep);
  for (const auto& d : api::available_devices()) m_device->addItem(deviceLabel(d), qs(d.id));
  m_device->setToolTip(
      tr("Where the model computes (the same setting as the model bar's; changing it reloads the "
         "model)"));
  m_device->setCurrentIndex(std::max(0, m_device->findData(m_context->device())));
  ef->addRow(tr("De&vice"), m_device);
  connect(m_device, QOverload<int>::of(&QComboBox::activated), this,
          [this](int i) { m_context->setDevice(m_device->itemData(i).toString()); });
  connect(m_context, &AppContext::deviceChanged, this, [this](const QString& id) {
    m_device->setCurrentIndex(std::max(0, m_device->findData(id)));
  });
  return ep;
}

QGroupBox* TrainingPage::buildDataGroup(QWidget* page) {
  const api::MetaTrainSettings d;
  auto* data = new QGroupBox(tr("Data and output"), page);
  auto* df = new QFormLayout(data);
  QSettings settings;
  m_poolDir = new QLineEdit(
      settings
          .value(QStringLiteral("training/poolDir"), defaultWorkDir() + QStringLiteral("/pools"))
          .toString(),
      data);
  df->addRow(tr("&Pool folder"),
             pathRow(
                 m_poolDir, tr("Inverted images, one sub-folder per adapter (made when missing)"),
                 [this] {
                   const QString d = QFileDialog::getExistingDirectory(this, tr("Pool folder"),
                                                                       m_poolDir->text());
                   if (!d.isEmpty()) m_poolDir->setText(d);
                 },
                 data));
  m_invertMissing = new QCheckBox(tr("Invert adapters without a pool first"), data);
  m_invertMissing->setChecked(true);
  m_invertMissing->setToolTip(
      tr("Adapters with no pool in the pool folder are inverted before meta-training starts"));
  df->addRow(m_invertMissing);
  m_invIterations = spin(1, 1000000, d.inversion.iterations,
                         tr("Inversion iterations for missing pools (reference: 2000)"));
  df->addRow(tr("Inversion &iterations"), m_invIterations);
  m_invPerClass = spin(1, 1000, d.inversion.per_class,
                       tr("Images per class for missing pools (shot + query needed at least)"));
  df->addRow(tr("Images per c&lass"), m_invPerClass);
  connect(m_invertMissing, &QCheckBox::toggled, m_invIterations, &QWidget::setEnabled);
  connect(m_invertMissing, &QCheckBox::toggled, m_invPerClass, &QWidget::setEnabled);
  m_valDir = new QLineEdit(data);
  m_valDir->setPlaceholderText(tr("optional: real images, one folder per class"));
  df->addRow(
      tr("&Validation"),
      pathRow(
          m_valDir, tr("Optional real labeled images (one sub-folder per class) to validate on"),
          [this] {
            const QString d =
                QFileDialog::getExistingDirectory(this, tr("Validation images"), m_valDir->text());
            if (!d.isEmpty()) m_valDir->setText(d);
          },
          data));
  m_valEvery =
      spin(1, 1000000, int(d.val_every), tr("Validate every this many episodes"), tr(" episodes"));
  df->addRow(tr("Validate e&very"), m_valEvery);
  m_checkpointEvery =
      spin(0, 1000000, 500,
           tr("Write a checkpoint every this many episodes (0: only at the end or on Stop)"),
           tr(" episodes"));
  df->addRow(tr("C&heckpoint every"), m_checkpointEvery);
  m_resume = new QCheckBox(tr("Resume from the latest checkpoint"), data);
  m_resume->setToolTip(
      tr("Continue a stopped run of the same output file exactly where it left off"));
  df->addRow(m_resume);
  m_outPath = new QLineEdit(settings
                                .value(QStringLiteral("training/outPath"),
                                       defaultWorkDir() + QStringLiteral("/meta_lora.safetensors"))
                                .toString(),
                            data);
  df->addRow(tr("&Output"),
             pathRow(
                 m_outPath, tr("Where the meta-LoRA is written (checkpoints go beside it)"),
                 [this] {
                   const QString f =
                       QFileDialog::getSaveFileName(this, tr("Meta-LoRA file"), m_outPath->text(),
                                                    tr("Adapters (*.safetensors)"));
                   if (!f.isEmpty()) m_outPath->setText(f);
                 },
                 data));
  return data;
}

QWidget* TrainingPage::buildSettings() {
  auto* scroll = new QScrollArea;
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  auto* page = new QWidget;
  auto* v = new QVBoxLayout(page);

  v->addWidget(buildZooGroup(page));
  v->addWidget(buildEpisodeGroup(page));
  v->addWidget(buildDataGroup(page));

  m_controls = new JobControls(
      this,
      {tr("Start meta-training (F5)"), tr("Pause or resume meta-training"),
       tr("Stop meta-training (Esc); a checkpoint is written so it can be resumed")},
      page);
  v->addWidget(m_controls);
  v->addStretch();
  scroll->setWidget(page);
  scroll->setMinimumWidth(page->sizeHint().width() + 24);
  return scroll;
}

QWidget* TrainingPage::buildResults() {
  auto* page = new QWidget;
  auto* v = new QVBoxLayout(page);
  auto* head = new QHBoxLayout;
  m_status = new QLabel(tr("Idle"), page);
  m_status->setObjectName(QStringLiteral("statusLine"));
  m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  m_status->setMinimumWidth(120);
  head->addWidget(m_status, 1);
  m_eta = new QLabel(page);
  head->addWidget(m_eta);
  v->addLayout(head);
  m_progress = new QProgressBar(page);
  m_progress->setRange(0, 1);
  m_progress->setValue(0);
  m_progress->setAccessibleName(tr("Meta-training progress"));
  v->addWidget(m_progress);

  auto* plots = new QGridLayout;
  m_lossPlot = new PlotWidget(tr("Meta-loss"), page);
  m_lossPlot->xAxis->setLabel(tr("episode"));
  m_lossPlot->addLine(tr("loss"), QColor(0xe0, 0x7b, 0x21), 1.0);
  m_lossPlot->addLine(tr("smoothed"), QColor(0x7a, 0x2e, 0x00), 2.2);
  m_accPlot = new PlotWidget(tr("Validation accuracy"), page);
  m_accPlot->xAxis->setLabel(tr("episode"));
  m_accPlot->yAxis->setLabel(tr("%"));
  QCPGraph* acc = m_accPlot->addLine(tr("accuracy"), QColor(0x2b, 0x6c, 0xd4), 2.0);
  acc->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
  m_lrPlot = new PlotWidget(tr("Learning rate"), page);
  m_lrPlot->xAxis->setLabel(tr("episode"));
  m_lrPlot->addLine(tr("lr"), QColor(0x7b, 0x4f, 0xc9), 1.4);
  plots->addWidget(m_lossPlot, 0, 0);
  plots->addWidget(m_accPlot, 0, 1);
  plots->addWidget(m_lrPlot, 0, 2);
  plots->setColumnStretch(0, 3);
  plots->setColumnStretch(1, 3);
  plots->setColumnStretch(2, 2);
  v->addLayout(plots, 3);

  auto* lower = new QSplitter(Qt::Horizontal, page);
  m_log = new QPlainTextEdit(lower);
  m_log->setReadOnly(true);
  m_log->setMaximumBlockCount(2000);
  m_log->setAccessibleName(tr("Training log"));
  m_log->setPlaceholderText(tr("Log of this run"));
  lower->addWidget(m_log);
  auto* cpBox = new QWidget(lower);
  auto* cv = new QVBoxLayout(cpBox);
  cv->setContentsMargins(0, 0, 0, 0);
  cv->addWidget(new QLabel(tr("<b>Checkpoints</b>"), cpBox));
  m_checkpoints = new QListWidget(cpBox);
  m_checkpoints->setToolTip(
      tr("Checkpoints written so far (step); a stopped run resumes from the latest"));
  m_checkpoints->setAccessibleName(tr("Checkpoints"));
  cv->addWidget(m_checkpoints, 1);
  m_saveButton = new QPushButton(Icons::get(Icons::Save), tr("Save meta-LoRA…"), cpBox);
  m_saveButton->setToolTip(
      tr("Save the trained meta-LoRA in the project format or as a PEFT folder (Ctrl+S)"));
  cv->addWidget(m_saveButton);
  m_toPlayground =
      new QPushButton(Icons::get(Icons::Playground), tr("Load into playground"), cpBox);
  m_toPlayground->setToolTip(tr("Try the meta-LoRA at once on your own images in the Playground"));
  cv->addWidget(m_toPlayground);
  lower->addWidget(cpBox);
  lower->setStretchFactor(0, 3);
  lower->setStretchFactor(1, 1);
  v->addWidget(lower, 2);

  connect(m_saveButton, &QPushButton::clicked, this, &TrainingPage::save);
  connect(m_toPlayground, &QPushButton::clicked, this, [this] {
    if (!chosenAdapterPath().isEmpty()) Q_EMIT loadIntoPlayground(chosenAdapterPath());
  });
  // A checkpoint chosen in the list is what Save and "Load into playground" act on; a
  // double-click loads it at once.
  connect(m_checkpoints, &QListWidget::itemSelectionChanged, this, &TrainingPage::updateButtons);
  connect(m_checkpoints, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem* item) {
    Q_EMIT loadIntoPlayground(item->data(Qt::UserRole).toString());
  });
  return page;
}

void TrainingPage::refreshAdapters() {
  const QStringList checked = checkedAdapters();
  const bool first = m_adapters->count() == 0;
  const QSignalBlocker block(m_adapters);
  m_adapters->clear();
  for (const auto& r : m_context->collection()->records()) {
    if (!r.invertible()) continue;
    auto* item = new QListWidgetItem(Icons::get(Icons::Collection), qs(r.name), m_adapters);
    item->setData(Qt::UserRole, qs(r.path));
    item->setToolTip(qs(r.path));
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(first || checked.contains(qs(r.path)) ? Qt::Checked : Qt::Unchecked);
  }
  m_selectedCount->setText(
      tr("%1 of %2 ticked").arg(checkedAdapters().size()).arg(m_adapters->count()));
  updateButtons();
}

void TrainingPage::setAdapters(const QStringList& paths) {
  {
    const QSignalBlocker block(m_adapters);
    for (int i = 0; i < m_adapters->count(); ++i) {
      QListWidgetItem* item = m_adapters->item(i);
      item->setCheckState(paths.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked
                                                                              : Qt::Unchecked);
    }
  }
  m_selectedCount->setText(
      tr("%1 of %2 ticked").arg(checkedAdapters().size()).arg(m_adapters->count()));
  updateButtons();
}

QStringList TrainingPage::checkedAdapters() const {
  QStringList out;
  for (int i = 0; i < m_adapters->count(); ++i)
    if (m_adapters->item(i)->checkState() == Qt::Checked)
      out << m_adapters->item(i)->data(Qt::UserRole).toString();
  return out;
}

api::MetaTrainSettings TrainingPage::settings() const {
  // What the form does not show (the rest of the inversion recipe, the metric, …) comes from
  // the settings last applied, so a recipe's flips-off inversion is what actually runs.
  api::MetaTrainSettings s = m_base;
  s.adapter_paths = ssList(checkedAdapters());
  s.pool_dir = ss(m_poolDir->text().trimmed());
  s.invert_missing = m_invertMissing->isChecked();
  s.inversion.iterations = m_invIterations->value();
  s.inversion.per_class = m_invPerClass->value();
  s.inversion.prior_path = ss(m_context->priorPath());
  s.inversion.snapshot_every = 0;
  s.way = m_way->value();
  s.shot = m_shot->value();
  s.query = m_query->value();
  s.episodes = m_episodes->value();
  s.lr = m_lr->value();
  s.mask_ratio = m_poolMasks->isChecked() ? -1.0 : m_maskRatio->value() / 100.0;
  s.rank = m_rank->value();
  s.val_dir = ss(m_valDir->text().trimmed());
  s.val_every = m_valEvery->value();
  s.checkpoint_every = m_checkpointEvery->value();
  s.resume = m_resume->isChecked();
  s.out_path = ss(m_outPath->text().trimmed());
  s.seed = uint64_t(m_seed->value());
  s.episodes_per_step = m_perStep->value();
  s.local_processes = m_processes->value();
  s.threads = m_context->threads();
  s.precision = ss(m_context->precision());
  return s;
}

void TrainingPage::applySettings(const api::MetaTrainSettings& s) {
  m_base = s;
  if (!s.adapter_paths.empty()) setAdapters(qsList(s.adapter_paths));
  m_poolDir->setText(qs(s.pool_dir));
  m_invertMissing->setChecked(s.invert_missing);
  m_invIterations->setValue(s.inversion.iterations);
  m_invPerClass->setValue(s.inversion.per_class);
  m_way->setValue(s.way);
  m_shot->setValue(s.shot);
  m_query->setValue(s.query);
  m_episodes->setValue(int(s.episodes));
  m_lr->setValue(s.lr);
  m_poolMasks->setChecked(s.mask_ratio < 0);
  if (s.mask_ratio >= 0) m_maskRatio->setValue(int(std::lround(s.mask_ratio * 100)));
  m_rank->setValue(s.rank);
  m_valDir->setText(qs(s.val_dir));
  m_valEvery->setValue(int(s.val_every));
  m_checkpointEvery->setValue(int(s.checkpoint_every));
  m_resume->setChecked(s.resume);
  m_outPath->setText(qs(s.out_path));
  m_seed->setValue(int(s.seed));
  m_processes->setValue(s.local_processes);
  m_perStep->setValue(int(s.episodes_per_step));
}

bool TrainingPage::isRunning() const {
  return m_job && m_job->isActive();
}
bool TrainingPage::canStart() const {
  return !isRunning() && m_context->hasModel() && !checkedAdapters().isEmpty();
}
bool TrainingPage::canStop() const {
  return isRunning();
}
bool TrainingPage::canSave() const {
  return !isRunning() && !chosenAdapterPath().isEmpty();
}

void TrainingPage::clearPlots() {
  for (PlotWidget* p : {m_lossPlot, m_accPlot, m_lrPlot}) {
    for (int i = 0; i < p->graphCount(); ++i) p->graph(i)->data()->clear();
    p->resetZoom();
  }
}

void TrainingPage::start() {
  if (isRunning()) return;
  if (!m_context->hasModel()) {
    m_banner->showError(tr("No model is open: open a model (Ctrl+O) before meta-training"));
    return;
  }
  api::MetaTrainSettings s = settings();
  if (s.adapter_paths.empty()) {
    m_banner->showError(
        tr("Tick at least one LoRA to recycle (open a folder in the Collection first)"));
    return;
  }
  if (s.out_path.empty() || s.pool_dir.empty()) {
    m_banner->showError(tr("Choose a pool folder and an output file"));
    return;
  }
  QSettings settings;
  settings.setValue(QStringLiteral("training/poolDir"), m_poolDir->text());
  settings.setValue(QStringLiteral("training/outPath"), m_outPath->text());
  QDir().mkpath(m_poolDir->text());
  if (m_job) m_job->deleteLater();
  m_banner->clearAll();
  setProgressState(m_progress, "");
  // A resumed run continues the curves and the log of the run it resumes (the core resumes
  // its history too); a fresh run starts both anew.
  const bool continuing = s.resume && !api::list_meta_checkpoints(s.out_path).empty();
  if (!continuing) {
    clearPlots();
    m_log->clear();
  }
  m_resultPath.clear();
  m_lastCheckpointStep = 0;
  m_overall.start(inversionStagesOf(s), s.episodes,
                  QSettings().value(QStringLiteral("training/secondsPerEpisode"), -1.0).toDouble());
  m_job =
      new TrainingJob(m_context->model(), s,
                      tr("Meta-training %1").arg(QFileInfo(m_outPath->text()).fileName()), this);
  connect(m_job, &Job::progressed, this, &TrainingPage::onProgress);
  connect(m_job, &Job::logLine, this, &TrainingPage::appendLog);
  connect(m_job, &Job::stateChanged, this, &TrainingPage::updateButtons);
  connect(m_job, &Job::ended, this, &TrainingPage::onEnded);
  m_context->addJob(m_job);
  appendLog(tr("Started: %1 LoRAs, %2-way %3-shot %4-query, %5 episodes")
                .arg(s.adapter_paths.size())
                .arg(s.way)
                .arg(s.shot)
                .arg(s.query)
                .arg(s.episodes));
  for (PlotWidget* p : {m_lossPlot, m_accPlot, m_lrPlot}) p->setLive(true);
  m_job->start();
  refreshCheckpoints();
  updateButtons();
}

void TrainingPage::stop() {
  if (m_job) m_job->stop();
}

bool TrainingPage::runsSeveralProcesses() const {
  return isRunning() && m_job->settings().local_processes > 1;
}

void TrainingPage::togglePause() {
  if (runsSeveralProcesses()) {
    // The other processes would time out waiting for this one's next step.
    m_banner->showInfo(
        tr("A run of several processes cannot pause: Stop writes a checkpoint, "
           "and Start with “Resume” continues from it"));
    return;
  }
  if (m_job) m_job->togglePause();
}

void TrainingPage::appendLog(const QString& line) {
  m_log->appendPlainText(line);
}

void TrainingPage::onProgress(const QVector<api::ProgressInfo>& batch) {
  QCPGraph* loss = m_lossPlot->graph(0);
  QCPGraph* avg = m_lossPlot->graph(1);
  bool newCheckpoint = false;
  const int64_t every = m_job->settings().checkpoint_every;
  for (const auto& p : batch) m_overall.update(p, m_job->elapsedSeconds());
  for (const auto& p : batch) {
    if (p.stage != "meta-train") continue;
    const double x = double(p.step);
    const double l = p.value("loss");
    if (std::isfinite(l)) {
      loss->addData(x, l);
      // Exponential moving average: the trend through noisy episodes.
      const double prev = avg->data()->isEmpty() ? l : (avg->data()->end() - 1)->value;
      avg->addData(x, 0.95 * prev + 0.05 * l);
    }
    if (std::isfinite(p.lr)) m_lrPlot->graph(0)->addData(x, p.lr);
    const double acc = p.value("val_acc");
    if (std::isfinite(acc)) m_accPlot->graph(0)->addData(x, acc * 100);
    if (every > 0 && p.step % every == 0) newCheckpoint = true;
  }
  const auto& last = m_job->lastProgress();
  m_progress->setRange(0, int(std::max<int64_t>(1, last.total)));
  m_progress->setValue(int(last.step));
  if (last.stage == "prepare")
    m_status->setText(tr("Inverting missing pools: %1 of %2 (%3)")
                          .arg(last.step + 1)
                          .arg(last.total)
                          .arg(isolated(qs(last.item))));
  else if (last.stage == "invert")
    m_status->setText(tr("Inverting %1: iteration %2 / %3")
                          .arg(isolated(qs(last.item)))
                          .arg(last.step)
                          .arg(last.total));
  else
    m_status->setText(tr("Episode %1 / %2 · loss %3")
                          .arg(last.step)
                          .arg(last.total)
                          .arg(QLocale().toString(last.value("loss"), 'f', 4)));
  m_eta->setText(etaText());
  for (PlotWidget* p : {m_lossPlot, m_accPlot, m_lrPlot}) {
    p->autoRange();
    p->replot(QCustomPlot::rpQueuedReplot);
  }
  if (newCheckpoint) refreshCheckpoints();
}

void TrainingPage::refreshCheckpoints() {
  m_checkpoints->clear();
  for (const auto& [step, path] : api::list_meta_checkpoints(ss(m_outPath->text().trimmed()))) {
    auto* item =
        new QListWidgetItem(Icons::get(Icons::Save), tr("step %1").arg(step), m_checkpoints);
    const QString adapter = QDir(qs(path)).filePath(QStringLiteral("meta_lora.safetensors"));
    item->setData(Qt::UserRole, adapter);
    item->setToolTip(tr("%1\nSelect to save it or load it into the Playground; double-click "
                        "loads it")
                         .arg(adapter));
  }
}

QString TrainingPage::chosenAdapterPath() const {
  const auto selected = m_checkpoints->selectedItems();
  if (!selected.isEmpty()) return selected.first()->data(Qt::UserRole).toString();
  return m_resultPath;
}

QString TrainingPage::etaText() const {
  const double stage = m_job ? m_job->etaSeconds() : -1;
  const double overall = m_overall.remainingSeconds();
  if (m_overall.inverting()) {
    // Two stages ahead: say what is known of each.
    const double pools = m_overall.inversionRemainingSeconds();
    if (overall >= 0) return tr("Overall ETA %1").arg(formatDuration(overall));
    if (pools >= 0) return tr("Pools: ETA %1, then meta-training").arg(formatDuration(pools));
    return QString();
  }
  if (overall >= 0) return tr("ETA %1").arg(formatDuration(overall));
  return stage >= 0 ? tr("ETA %1").arg(formatDuration(stage)) : QString();
}

int TrainingPage::inversionStagesOf(const api::MetaTrainSettings& s) {
  if (!s.invert_missing) return 0;
  int missing = 0;
  for (const std::string& path : s.adapter_paths)
    if (!QFileInfo::exists(qs(api::pool_folder_for(s.pool_dir, path)) +
                           QStringLiteral("/pool.safetensors")))
      ++missing;
  // The runner inverts missing pools in batches of CollectionInversionSettings::together.
  const int together = std::max(1, api::CollectionInversionSettings().together);
  return (missing + together - 1) / together;
}

void TrainingPage::onEnded() {
  for (PlotWidget* p : {m_lossPlot, m_accPlot, m_lrPlot}) p->setLive(false);
  if (!m_job) return;
  refreshCheckpoints();
  m_eta->clear();
  switch (m_job->state()) {
    case Job::State::Finished: {
      const auto& o = m_job->outcome();
      // The next run's overall ETA can count its episodes before they start.
      if (const double rate = m_overall.measuredSecondsPerEpisode(); rate > 0)
        QSettings().setValue(QStringLiteral("training/secondsPerEpisode"), rate);
      m_resultPath = qs(o.out_path);
      QString text = tr("Done: %1 episodes in %2").arg(o.steps).arg(formatDuration(o.seconds));
      if (!std::isnan(o.best_accuracy))
        text += tr(" · best validation accuracy %1 % (episode %2)")
                    .arg(QLocale().toString(o.best_accuracy * 100, 'f', 1))
                    .arg(o.best_step);
      m_status->setText(text);
      m_progress->setValue(m_progress->maximum());
      appendLog(text);
      m_banner->showInfo(
          tr("The meta-LoRA is saved to %1. Try it in the Playground.").arg(m_resultPath));
      break;
    }
    case Job::State::Failed:
      setProgressState(m_progress, "failed");
      m_status->setText(tr("Failed"));
      appendLog(tr("Failed: %1").arg(m_job->errorMessage()));
      m_banner->showError(m_job->errorMessage());
      break;
    case Job::State::Cancelled:
      setProgressState(m_progress, "stopped");
      m_status->setText(tr("Stopped at episode %1 — tick “Resume” and Start to continue")
                            .arg(m_job->lastProgress().step));
      appendLog(tr("Stopped"));
      // What the stop wrote can be saved or tried at once.
      if (m_checkpoints->count() > 0) m_checkpoints->setCurrentRow(m_checkpoints->count() - 1);
      break;
    default:
      break;
  }
  updateButtons();
  Q_EMIT trainingEnded();
}

void TrainingPage::updateButtons() {
  m_controls->update(m_job);
  // The other processes would time out waiting for this one: no pause with several.
  if (runsSeveralProcesses()) pauseButton()->setEnabled(false);
  pauseButton()->setToolTip(runsSeveralProcesses()
                                ? tr("A run of several processes cannot pause: Stop, then Start "
                                     "with “Resume”")
                                : tr("Pause or resume meta-training"));
  const bool paused = isRunning() && m_job->isPaused();
  const bool chosen = !chosenAdapterPath().isEmpty() && !isRunning();
  m_saveButton->setEnabled(chosen);
  m_toPlayground->setEnabled(chosen);
  if (paused) m_status->setText(tr("Paused at episode %1").arg(m_job->lastProgress().step));
  Q_EMIT commandsChanged();
}

bool TrainingPage::exportResult(const QString& destination, bool peft, QString* error) {
  const QString source = chosenAdapterPath();
  if (source.isEmpty() || !m_context->hasModel()) {
    if (error) *error = tr("Nothing to save yet: run meta-training to the end first");
    return false;
  }
  try {
    api::export_adapter(ss(source), ss(destination), peft, *m_context->model());
  } catch (const std::exception& e) {
    if (error) *error = QString::fromUtf8(e.what());
    return false;
  }
  m_context->log(tr("Saved the meta-LoRA to %1").arg(destination));
  return true;
}

void TrainingPage::save() {
  if (chosenAdapterPath().isEmpty()) return;
  const QString projectFilter = tr("LoRA Recycle adapter (*.safetensors)");
  const QString peftFilter = tr("PEFT folder (adapter_config.json + adapter_model.safetensors)");
  QString selected = projectFilter;
  QSettings settings;
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Save meta-LoRA"),
      startFolder(QStringLiteral("folders/adapters")) + QStringLiteral("/meta_lora.safetensors"),
      projectFilter + QStringLiteral(";;") + peftFilter, &selected);
  if (path.isEmpty()) return;
  settings.setValue(QStringLiteral("folders/adapters"), QFileInfo(path).absolutePath());
  const bool peft = selected == peftFilter;
  QString error;
  if (exportResult(peft ? QFileInfo(path).absolutePath() + QLatin1Char('/') +
                              QFileInfo(path).completeBaseName()
                        : path,
                   peft, &error))
    m_banner->showInfo(tr("Saved the meta-LoRA to %1").arg(path));
  else
    m_banner->showError(error);
}

}  // namespace lrc::ui
