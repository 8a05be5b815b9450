#include "inversion/inversion_page.h"

#include <algorithm>
#include <cmath>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include "collection/adapter_table_model.h"
#include "common/files.h"
#include "common/banner.h"
#include "common/icons.h"
#include "common/plot.h"
#include "common/wheel_guard.h"
#include "common/progress_state.h"
#include "inversion/image_grid.h"
#include "jobs/inversion_job.h"
#include "shell/app_context.h"

namespace lrc::ui {

namespace {
constexpr int kSettingsMaxWidth = 340;
}  // namespace

namespace {

constexpr int kMaxSnapshots = 240;

QString intList(const std::vector<int>& v) {
  QStringList s;
  for (int x : v) s << QString::number(x);
  return s.join(QLatin1Char(','));
}

QString doubleList(const std::vector<double>& v) {
  QStringList s;
  for (double x : v) s << QString::number(x);
  return s.join(QLatin1Char(','));
}

template <typename T>
std::vector<T> parseList(const QString& text, bool* ok) {
  std::vector<T> out;
  *ok = true;
  for (const QString& part :
       text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts)) {
    bool good = false;
    const double v = part.toDouble(&good);
    if (!good) {
      *ok = false;
      return {};
    }
    out.push_back(T(v));
  }
  return out;
}

QSpinBox* spin(int lo, int hi, int value, const QString& tip, const QString& suffix = QString()) {
  auto* s = new QSpinBox;
  s->setRange(lo, hi);
  s->setValue(value);
  s->setToolTip(tip);
  s->setSuffix(suffix);
  s->setAccelerated(true);
  return s;
}

QDoubleSpinBox* dspin(double lo, double hi, double value, int decimals, double step,
                      const QString& tip) {
  auto* s = new QDoubleSpinBox;
  s->setRange(lo, hi);
  s->setDecimals(decimals);
  s->setSingleStep(step);
  s->setValue(value);
  s->setToolTip(tip);
  return s;
}

}  // namespace

InversionPage::InversionPage(AppContext* context, QWidget* parent) : Workspace(context, parent) {
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_banner);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(buildSettings());
  split->addWidget(buildResults());
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  layout->addWidget(split, 1);
  connect(context->collection(), &AdapterTableModel::recordsChanged, this,
          &InversionPage::refreshAdapters);
  connect(context->collection(), &AdapterTableModel::compatibilityUpdated, this,
          &InversionPage::refreshAdapters);
  connect(context, &AppContext::defaultsChanged, this, [this] {
    if (m_priorPath->text().isEmpty()) m_priorPath->setText(m_context->priorPath());
  });
  connect(context, &AppContext::modelChanged, this, &InversionPage::updateButtons);
  // The adapter picked in the Collection is the one this page opens with (not while a run
  // works on another).
  connect(context, &AppContext::selectedAdaptersChanged, this, [this](const QStringList& paths) {
    if (paths.isEmpty() || isRunning() || paths.front() == adapterPath()) return;
    const api::AdapterRecord* r = m_context->collection()->findByPath(paths.front());
    if (r && r->invertible()) setAdapter(paths.front());
  });
  connect(context, &AppContext::modelChanged, this, [this] {
    // The first time the embedded default is loaded, its recipe replaces the generic defaults
    // (which are the reference's, tuned for photographs, not for the default's letters).
    if (!m_recipeApplied && m_context->modelIsDefault() && m_context->recipe()) applyRecipe();
    updateEstimate();
  });
  connect(context, &AppContext::defaultsChanged, this,
          [this] { m_recipeButton->setEnabled(m_context->recipe() != nullptr); });
  refreshAdapters();
  updateButtons();
  if (m_context->modelIsDefault() && m_context->recipe()) applyRecipe();
  updateEstimate();
  guardWheel(this);  // scrolling the form must not change its settings
}

InversionPage::~InversionPage() =
    default;  // m_job is a child: its destructor stops and joins the worker

QGroupBox* InversionPage::buildAdapterGroup(QWidget* page) {
  auto* what = new QGroupBox(tr("Adapter"), page);
  auto* wv = new QVBoxLayout(what);
  m_adapter = new QComboBox(what);
  m_adapter->setToolTip(tr("The pre-tuned LoRA (with its classification head) to invert"));
  m_adapter->setAccessibleName(tr("Adapter to invert"));
  wv->addWidget(m_adapter);
  auto* classesLabel = new QLabel(tr("Classes to synthesize:"), what);
  wv->addWidget(classesLabel);
  m_classes = new QListWidget(what);
  m_classes->setMaximumHeight(130);
  m_classes->setToolTip(tr("Tick the classes of the adapter's head to synthesize images for"));
  m_classes->setAccessibleName(tr("Classes"));
  classesLabel->setBuddy(m_classes);
  wv->addWidget(m_classes);
  return what;
}

QGroupBox* InversionPage::buildOptimizationGroup(QWidget* page) {
  // The fields start at the API's defaults, which are the core's and the CLI's (one set).
  const api::InversionSettings d;
  auto* opt = new QGroupBox(tr("Optimization"), page);
  auto* form = new QFormLayout(opt);
  form->setRowWrapPolicy(QFormLayout::WrapLongRows);  // long (German) labels go above
  m_perClass = spin(1, 256, d.per_class, tr("Images synthesized per class"));
  form->addRow(tr("Images per &class"), m_perClass);
  m_iterations = spin(1, 1000000, d.iterations, tr("Adam steps on the pixels (reference: 2000)"));
  m_iterations->setSingleStep(100);
  form->addRow(tr("&Iterations"), m_iterations);
  m_lr = dspin(1e-4, 10, d.lr, 4, 0.05,
               tr("Adam learning rate on the pixels (reference: 0.25, betas 0.5, 0.99)"));
  form->addRow(tr("&Learning rate"), m_lr);
  m_tvWeight = dspin(0, 100, d.tv_weight, 4, 0.01,
                     tr("Weight of the total-variation smoothness term (reference: 0)"));
  form->addRow(tr("&TV weight"), m_tvWeight);
  m_jitter = dspin(0, 50, d.jitter * 100, 1, 2.5,
                   tr("Random roll of the images by up to this share of their size at every step "
                      "(0 for data that is not shift-invariant, such as letters)"));
  m_jitter->setSuffix(tr(" %"));
  form->addRow(tr("&Jitter"), m_jitter);
  m_flip = dspin(0, 1, d.flip, 2, 0.1,
                 tr("Probability of a horizontal flip at every step (0 for data that is not "
                    "mirror-symmetric, such as letters)"));
  form->addRow(tr("&Flip probability"), m_flip);
  m_batch =
      spin(0, 100000, d.batch,
           tr("Images optimized together; 0: all at once (smaller batches need less memory)"));
  m_batch->setSpecialValueText(tr("all"));
  form->addRow(tr("Batch si&ze"), m_batch);
  m_seed = spin(0, 1 << 30, int(d.seed), tr("Random seed: the same seed gives the same images"));
  form->addRow(tr("&Seed"), m_seed);
  m_snapshotEvery =
      spin(1, 10000, d.snapshot_every, tr("How often the grid and the timeline get a new snapshot"),
           tr(" iterations"));
  form->addRow(tr("Snapshot &every"), m_snapshotEvery);
  m_loadSettingsButton = new QPushButton(tr("Same settings as a pool…"), opt);
  m_loadSettingsButton->setToolTip(
      tr("Fill in the settings (and seed) that a saved surrogate pool was made with"));
  form->addRow(m_loadSettingsButton);
  m_recipeButton = new QPushButton(tr("Recipe of the default"), opt);
  m_recipeButton->setToolTip(
      tr("Fill in the settings that made the embedded default's surrogate pools"));
  m_recipeButton->setEnabled(m_context->recipe() != nullptr);
  form->addRow(m_recipeButton);
  connect(m_recipeButton, &QPushButton::clicked, this, &InversionPage::applyRecipe);
  m_estimate = new QLabel(opt);
  m_estimate->setWordWrap(true);
  m_estimate->setObjectName(QStringLiteral("inversionEstimate"));
  form->addRow(m_estimate);
  for (QSpinBox* box : {m_perClass, m_iterations})
    connect(box, qOverload<int>(&QSpinBox::valueChanged), this, &InversionPage::updateEstimate);
  connect(m_classes, &QListWidget::itemChanged, this, &InversionPage::updateEstimate);
  connect(m_loadSettingsButton, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Choose a surrogate pool folder"), startFolder(QStringLiteral("folders/pools")));
    if (!dir.isEmpty()) loadSettingsOfPool(dir);
  });
  return opt;
}

QGroupBox* InversionPage::buildPriorGroup(QWidget* page) {
  auto* prior = new QGroupBox(tr("Naturalness prior"), page);
  auto* pf = new QFormLayout(prior);
  pf->setRowWrapPolicy(QFormLayout::WrapLongRows);  // long (German) labels go above
  m_usePrior = new QCheckBox(tr("Use the BatchNorm &prior"), prior);
  m_usePrior->setToolTip(
      tr("Match the BatchNorm statistics of a prior network (R_bn); without it, images look less "
         "natural"));
  m_usePrior->setChecked(true);
  pf->addRow(m_usePrior);
  m_bnWeight = dspin(0, 100, 0.01, 4, 0.005, tr("Weight of R_bn in the loss (reference: 0.01)"));
  pf->addRow(tr("&Weight"), m_bnWeight);
  auto* priorRow = new QHBoxLayout;
  m_priorPath = new QLineEdit(m_context->priorPath(), prior);
  m_priorPath->setPlaceholderText(tr("prior network (.safetensors)"));
  m_priorPath->setToolTip(
      tr("The prior network (lrc-prior file); the embedded default is used when present"));
  priorRow->addWidget(m_priorPath);
  auto* browsePrior = new QPushButton(tr("…"), prior);
  browsePrior->setToolTip(tr("Choose a prior network file"));
  browsePrior->setMaximumWidth(32);
  priorRow->addWidget(browsePrior);
  auto* priorLabel = new QLabel(tr("P&rior"), prior);
  priorLabel->setBuddy(m_priorPath);
  pf->addRow(priorLabel, priorRow);
  connect(browsePrior, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose a prior network"),
                                                      QFileInfo(m_priorPath->text()).absolutePath(),
                                                      tr("Prior networks (*.safetensors)"));
    if (!path.isEmpty()) m_priorPath->setText(path);
  });
  connect(m_usePrior, &QCheckBox::toggled, m_bnWeight, &QWidget::setEnabled);
  connect(m_usePrior, &QCheckBox::toggled, m_priorPath, &QWidget::setEnabled);
  return prior;
}

QGroupBox* InversionPage::buildPruneGroup(QWidget* page) {
  auto* prune = new QGroupBox(tr("Double-efficient tokens"), page);
  auto* tf = new QFormLayout(prune);
  tf->setRowWrapPolicy(QFormLayout::WrapLongRows);  // long (German) labels go above
  m_pruneLayers = new QLineEdit(prune);
  m_pruneLayers->setPlaceholderText(tr("e.g. 3,6,9 (none)"));
  m_pruneLayers->setToolTip(
      tr("Blocks after whose attention the least-attended patch tokens are dropped"));
  tf->addRow(tr("Prune after &blocks"), m_pruneLayers);
  m_pruneRatios = new QLineEdit(prune);
  m_pruneRatios->setPlaceholderText(tr("e.g. 0.3,0.3,0.3"));
  m_pruneRatios->setToolTip(
      tr("Share of the remaining patch tokens dropped at each of those blocks"));
  tf->addRow(tr("Prune &ratios"), m_pruneRatios);
  m_maskRatio =
      spin(0, 95, 0, tr("A further share of the surviving tokens masked out in the stored mask"),
           tr(" %"));
  tf->addRow(tr("Extra &mask"), m_maskRatio);
  return prune;
}

QWidget* InversionPage::buildSettings() {
  auto* scroll = new QScrollArea;
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  auto* page = new QWidget;
  auto* v = new QVBoxLayout(page);

  v->addWidget(buildAdapterGroup(page));
  v->addWidget(buildOptimizationGroup(page));
  v->addWidget(buildPriorGroup(page));
  v->addWidget(buildPruneGroup(page));

  m_controls =
      new JobControls(this,
                      {tr("Start the inversion (F5)"), tr("Pause or resume the inversion"),
                       tr("Stop the inversion (Esc); the images so far are kept and can be saved")},
                      page);
  v->addWidget(m_controls);
  v->addStretch();
  scroll->setWidget(page);
  // As wide as the form wants, but never so wide that the results lose the window (1024 px, in
  // every language): long rows wrap their label above the field instead.
  scroll->setMinimumWidth(std::min(page->sizeHint().width() + 24, kSettingsMaxWidth));

  connect(m_adapter, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
    if (m_adapter->itemData(index).toString() == QLatin1String("<browse>")) {
      const QString path = QFileDialog::getOpenFileName(
          this, tr("Choose a pre-tuned LoRA"), startFolder(QStringLiteral("folders/adapters")),
          tr("Adapters (*.safetensors adapter_config.json)"));
      if (path.isEmpty()) {
        m_adapter->setCurrentIndex(0);
        return;
      }
      QSettings().setValue(QStringLiteral("folders/adapters"), QFileInfo(path).absolutePath());
      setAdapter(QFileInfo(path).fileName() == QLatin1String("adapter_config.json")
                     ? QFileInfo(path).absolutePath()
                     : path);
      return;
    }
    refreshClasses();
    updateButtons();
  });
  return scroll;
}

QWidget* InversionPage::buildResults() {
  auto* page = new QWidget;
  auto* v = new QVBoxLayout(page);
  // The status line has a row of its own: its text is long, the controls beside the bar are not.
  m_status = new QLabel(tr("Idle"), page);
  m_status->setObjectName(QStringLiteral("statusLine"));
  m_status->setSizePolicy(QSizePolicy::Ignored,
                          QSizePolicy::Preferred);  // long lines must not widen the window
  m_status->setMinimumWidth(120);
  v->addWidget(m_status);
  auto* head = new QHBoxLayout;
  m_progress = new QProgressBar(page);
  m_progress->setMinimumWidth(80);
  m_progress->setRange(0, 1);
  m_progress->setValue(0);
  m_progress->setAccessibleName(tr("Inversion progress"));
  head->addWidget(m_progress, 1);
  m_maskMode = new QComboBox(page);
  m_maskMode->addItems({tr("Images"), tr("Masked"), tr("Mask overlay")});
  m_maskMode->setToolTip(
      tr("Show the images as they are, with the pruned patches blacked out, or with them tinted"));
  m_maskMode->setAccessibleName(tr("Mask display"));
  head->addWidget(m_maskMode);
  m_saveGridButton = new QPushButton(Icons::get(Icons::Export), tr("Grid PNG…"), page);
  m_saveGridButton->setToolTip(tr("Save the grid as shown as one PNG image"));
  head->addWidget(m_saveGridButton);
  m_savePoolButton = new QPushButton(Icons::get(Icons::Save), tr("Save pool…"), page);
  m_savePoolButton->setToolTip(
      tr("Save the images, masks and pool (for meta-training) into a folder (Ctrl+S)"));
  head->addWidget(m_savePoolButton);
  v->addLayout(head);

  auto* split = new QSplitter(Qt::Vertical, page);
  auto* gridScroll = new QScrollArea(split);
  gridScroll->setWidgetResizable(true);
  m_grid = new ImageGrid;
  gridScroll->setWidget(m_grid);
  split->addWidget(gridScroll);

  auto* lower = new QWidget(split);
  auto* lv = new QVBoxLayout(lower);
  lv->setContentsMargins(0, 0, 0, 0);
  auto* timelineRow = new QHBoxLayout;
  auto* tl = new QLabel(tr("&Timeline"), lower);
  timelineRow->addWidget(tl);
  m_timeline = new QSlider(Qt::Horizontal, lower);
  m_timeline->setRange(0, 0);
  m_timeline->setToolTip(tr("Scrub back through the snapshots of this run"));
  m_timeline->setAccessibleName(tr("Snapshot timeline"));
  tl->setBuddy(m_timeline);
  timelineRow->addWidget(m_timeline, 1);
  m_timelineLabel = new QLabel(lower);
  m_timelineLabel->setMinimumWidth(fontMetrics().horizontalAdvance(tr("iteration 000000")));
  timelineRow->addWidget(m_timelineLabel);
  lv->addLayout(timelineRow);
  m_tokens = new QLabel(lower);
  m_tokens->setObjectName(QStringLiteral("dimLabel"));
  m_tokens->setToolTip(
      tr("Patch tokens entering each transformer block (token pruning drops the least attended)"));
  lv->addWidget(m_tokens);
  m_plot = new PlotWidget(tr("Losses"), lower);
  m_plot->xAxis->setLabel(tr("iteration"));
  m_plot->yAxis->setLabel(tr("loss (log scale)"));
  m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
  m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  m_plot->addLine(tr("total"), QColor(0x33, 0x33, 0x33), 2.0);
  m_plot->addLine(tr("CE"), QColor(0x2b, 0x6c, 0xd4));
  m_plot->addLine(tr("prior"), QColor(0x2e, 0x9d, 0x4f));
  m_plot->addLine(tr("TV"), QColor(0xe0, 0x7b, 0x21));
  lv->addWidget(m_plot, 1);
  split->addWidget(lower);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  v->addWidget(split, 1);

  connect(m_maskMode, QOverload<int>::of(&QComboBox::currentIndexChanged), this,
          [this](int i) { m_grid->setMaskMode(ImageGrid::MaskMode(i)); });
  connect(m_timeline, &QSlider::valueChanged, this, &InversionPage::showSnapshot);
  connect(m_savePoolButton, &QPushButton::clicked, this, &InversionPage::save);
  connect(m_saveGridButton, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save grid"),
        startFolder(QStringLiteral("folders/export")) + QStringLiteral("/inversion.png"),
        tr("PNG images (*.png)"));
    if (path.isEmpty()) return;
    QSettings().setValue(QStringLiteral("folders/export"), QFileInfo(path).absolutePath());
    if (!m_grid->render().save(path, "PNG"))
      m_banner->showError(tr("%1: cannot write the image; choose another folder").arg(path));
  });
  return page;
}

void InversionPage::refreshAdapters() {
  const QString current = adapterPath();
  m_adapter->clear();
  for (const auto& r : m_context->collection()->records())
    if (r.invertible()) m_adapter->addItem(Icons::get(Icons::Collection), qs(r.name), qs(r.path));
  m_adapter->addItem(Icons::get(Icons::Open), tr("Browse…"), QStringLiteral("<browse>"));
  // An adapter picked with Browse… (or handed over) stays even when the collection changes.
  if (!current.isEmpty() && m_adapter->findData(current) < 0)
    m_adapter->insertItem(0, Icons::get(Icons::Folder), QFileInfo(current).fileName(), current);
  const int idx = m_adapter->findData(current);
  m_adapter->setCurrentIndex(idx >= 0 ? idx : 0);
  refreshClasses();
  updateButtons();
}

void InversionPage::setAdapter(const QString& path) {
  if (m_adapter->findData(path) < 0)
    m_adapter->insertItem(0, Icons::get(Icons::Folder), QFileInfo(path).fileName(), path);
  m_adapter->setCurrentIndex(m_adapter->findData(path));
  refreshClasses();
  updateButtons();
}

QString InversionPage::adapterPath() const {
  const QString p = m_adapter->currentData().toString();
  return p == QLatin1String("<browse>") ? QString() : p;
}

void InversionPage::refreshClasses() {
  const QString path = adapterPath();
  // Refreshing the same adapter (the collection changed) keeps the ticks.
  QSet<int> unticked;
  if (path == m_classesOf)
    for (int i = 0; i < m_classes->count(); ++i)
      if (m_classes->item(i)->checkState() != Qt::Checked)
        unticked.insert(m_classes->item(i)->data(Qt::UserRole).toInt());
  m_classes->clear();
  m_classesOf = path;
  if (path.isEmpty()) return;
  api::AdapterRecord r;
  if (const auto* known = m_context->collection()->findByPath(path))
    r = *known;
  else
    r = api::inspect_adapter(ss(path), m_context->model().get());
  const auto names = r.display_classes();
  for (size_t i = 0; i < names.size(); ++i) {
    auto* item = new QListWidgetItem(qs(names[i]), m_classes);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(unticked.contains(int(i)) ? Qt::Unchecked : Qt::Checked);
    item->setData(Qt::UserRole, int(i));
  }
  updateEstimate();
  if (!r.ok)
    m_banner->showError(qs(r.error));
  else if (!r.has_head())
    m_banner->showWarning(
        tr("%1 has no classification head, so it cannot be inverted; pick a pre-tuned LoRA")
            .arg(path));
}

api::InversionSettings InversionPage::settings() const {
  api::InversionSettings s;
  s.adapter_path = ss(adapterPath());
  bool all = true;
  for (int i = 0; i < m_classes->count(); ++i) {
    if (m_classes->item(i)->checkState() == Qt::Checked)
      s.classes.push_back(m_classes->item(i)->data(Qt::UserRole).toInt());
    else
      all = false;
  }
  if (all) s.classes.clear();
  s.per_class = m_perClass->value();
  s.iterations = m_iterations->value();
  s.lr = m_lr->value();
  s.prior_path = m_usePrior->isChecked() ? ss(m_priorPath->text().trimmed()) : std::string();
  s.bn_weight = m_bnWeight->value();
  s.tv_weight = m_tvWeight->value();
  s.jitter = m_jitter->value() / 100.0;
  s.flip = m_flip->value();
  s.batch = m_batch->value();
  bool ok = true;
  s.prune_layers = parseList<int>(m_pruneLayers->text(), &ok);
  s.prune_ratios = parseList<double>(m_pruneRatios->text(), &ok);
  s.mask_ratio = m_maskRatio->value() / 100.0;
  s.seed = uint64_t(m_seed->value());
  s.snapshot_every = m_snapshotEvery->value();
  s.threads = m_context->threads();
  s.precision = ss(m_context->precision());
  return s;
}

void InversionPage::applySettings(const api::InversionSettings& s) {
  if (!s.adapter_path.empty()) setAdapter(qs(s.adapter_path));
  if (!s.classes.empty())
    for (int i = 0; i < m_classes->count(); ++i) {
      const int c = m_classes->item(i)->data(Qt::UserRole).toInt();
      const bool on = std::find(s.classes.begin(), s.classes.end(), int64_t(c)) != s.classes.end();
      m_classes->item(i)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
  m_perClass->setValue(s.per_class);
  m_iterations->setValue(s.iterations);
  m_lr->setValue(s.lr);
  m_usePrior->setChecked(!s.prior_path.empty());
  if (!s.prior_path.empty()) m_priorPath->setText(qs(s.prior_path));
  m_bnWeight->setValue(s.bn_weight);
  m_tvWeight->setValue(s.tv_weight);
  m_jitter->setValue(s.jitter * 100);
  m_flip->setValue(s.flip);
  m_batch->setValue(s.batch);
  m_pruneLayers->setText(intList(s.prune_layers));
  m_pruneRatios->setText(doubleList(s.prune_ratios));
  m_maskRatio->setValue(int(std::lround(s.mask_ratio * 100)));
  m_seed->setValue(int(s.seed));
  m_snapshotEvery->setValue(std::max(1, s.snapshot_every));
}

void InversionPage::applyRecipe() {
  const api::Recipe* recipe = m_context->recipe();
  if (!recipe) return;
  m_recipeApplied = true;
  api::InversionSettings s = recipe->inversion;
  s.seed = uint64_t(m_seed->value());
  s.snapshot_every = m_snapshotEvery->value();
  s.prior_path = m_usePrior->isChecked() ? ss(m_priorPath->text().trimmed()) : std::string();
  if (s.prior_path.empty()) s.prior_path = ss(m_context->priorPath());
  applySettings(s);
  updateEstimate();
}

QString InversionPage::estimateText() const {
  return m_estimate ? m_estimate->text() : QString();
}

QString InversionPage::rateKey() const {
  // Per model: a ViT-B/16 runs at a different rate from the tiny default.
  return QStringLiteral("inversion/secondsPerImageIteration/") +
         QString::fromLatin1(m_context->modelPath().toUtf8().toHex());
}

int InversionPage::selectedClassCount() const {
  int ticked = 0;
  for (int i = 0; i < m_classes->count(); ++i)
    if (m_classes->item(i)->checkState() == Qt::Checked) ++ticked;
  return ticked > 0 ? ticked : m_classes->count();
}

void InversionPage::updateEstimate() {
  if (!m_estimate) return;
  const int classes = selectedClassCount();
  const double work = double(m_perClass->value()) * double(m_iterations->value()) * classes;
  const double measured = m_context->hasModel() ? QSettings().value(rateKey()).toDouble() : 0.0;
  const api::Recipe* recipe = m_context->recipe();
  if (classes == 0 || !m_context->hasModel()) {
    m_estimate->setText(tr("Estimated time: pick a model and an adapter first"));
  } else if (measured > 0) {
    m_estimate->setText(tr("Estimated time: about %1 (at the rate of the last run on this machine)")
                            .arg(formatDuration(measured * work)));
  } else if (recipe && m_context->modelIsDefault() &&
             recipe->inversion_seconds_per_image_iteration > 0) {
    m_estimate->setText(
        tr("Estimated time: about %1 (at the rate measured when the default was made, %2)")
            .arg(formatDuration(recipe->inversion_seconds_per_image_iteration * work),
                 qs(recipe->measured_on)));
  } else {
    m_estimate->setText(tr("Estimated time: known after the first iterations of a run"));
  }
}

bool InversionPage::loadSettingsOfPool(const QString& dir) {
  try {
    applySettings(api::inversion_settings_of_pool(ss(dir)));
  } catch (const std::exception& e) {
    m_banner->showError(qs(e.what()));
    return false;
  }
  QSettings().setValue(QStringLiteral("folders/pools"), QFileInfo(dir).absolutePath());
  m_banner->showInfo(tr("Settings of %1 filled in: pick the adapter and start").arg(dir));
  return true;
}

bool InversionPage::isRunning() const {
  return m_job && m_job->isActive();
}
bool InversionPage::canStart() const {
  return !isRunning() && m_context->hasModel() && !adapterPath().isEmpty();
}
bool InversionPage::canStop() const {
  return isRunning();
}
bool InversionPage::canSave() const {
  return bool(m_pool);
}

void InversionPage::clearResults() {
  m_snapshots.clear();
  m_pool.reset();
  m_grid->setSnapshot(nullptr);
  m_timeline->setRange(0, 0);
  m_timelineLabel->clear();
  m_tokens->clear();
  for (int i = 0; i < m_plot->graphCount(); ++i) m_plot->graph(i)->data()->clear();
  m_plot->resetZoom();
}

void InversionPage::start() {
  if (isRunning()) return;
  if (!m_context->hasModel()) {
    m_banner->showError(tr("No model is open: open a model (Ctrl+O) before inverting an adapter"));
    return;
  }
  api::InversionSettings s = settings();
  if (s.adapter_path.empty()) {
    m_banner->showError(
        tr("Choose a pre-tuned LoRA to invert (open a folder in the Collection, or Browse…)"));
    return;
  }
  bool ok1 = true, ok2 = true;
  parseList<int>(m_pruneLayers->text(), &ok1);
  parseList<double>(m_pruneRatios->text(), &ok2);
  if (!ok1 || !ok2 || s.prune_layers.size() != s.prune_ratios.size()) {
    m_banner->showError(
        tr("Pruning: give as many ratios as blocks, as comma-separated numbers (e.g. blocks 3,6 "
           "and ratios 0.5,0.5)"));
    return;
  }
  if (m_classes->count() > 0 && s.classes.empty()) {
    bool any = false;
    for (int i = 0; i < m_classes->count(); ++i)
      any = any || m_classes->item(i)->checkState() == Qt::Checked;
    if (!any) {
      m_banner->showError(tr("Tick at least one class to synthesize"));
      return;
    }
  }
  if (m_job) m_job->deleteLater();
  clearResults();
  m_banner->clearAll();
  setProgressState(m_progress, "");
  const QString name = m_adapter->currentText();
  m_job = new InversionJob(m_context->model(), s, tr("Inversion %1").arg(isolated(name)), this);
  connect(m_job, &Job::progressed, this, &InversionPage::onProgress);
  connect(m_job, &Job::snapshotReady, this, &InversionPage::onSnapshot);
  connect(m_job, &Job::stateChanged, this, &InversionPage::updateButtons);
  connect(m_job, &Job::ended, this, &InversionPage::onEnded);
  m_context->addJob(m_job);
  m_plot->setLive(true);
  m_job->start();
  m_status->setText(tr("Starting…"));
  updateButtons();
}

void InversionPage::stop() {
  if (m_job) m_job->finishEarly();  // the partial pool stays savable
}

void InversionPage::togglePause() {
  if (m_job) m_job->togglePause();
}

void InversionPage::onProgress(const QVector<api::ProgressInfo>& batch) {
  for (const auto& p : batch) {
    if (p.stage != "invert") continue;
    const double x = double(p.step);
    const char* names[] = {"total", "ce", "prior", "tv"};
    for (int g = 0; g < 4; ++g) {
      const double y = p.value(names[g]);
      if (std::isfinite(y) && y > 0) m_plot->graph(g)->addData(x, y);
    }
  }
  const auto& last = m_job->lastProgress();
  m_progress->setRange(0, int(std::max<int64_t>(1, last.total)));
  m_progress->setValue(int(last.step));
  m_status->setText(m_job->statusLine());
  m_plot->autoRange();
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void InversionPage::onSnapshot(const SnapshotPtr& snapshot) {
  const bool following = m_snapshots.isEmpty() || m_timeline->value() == m_timeline->maximum();
  m_snapshots << snapshot;
  if (m_snapshots.size() > kMaxSnapshots) {
    // Keep the first, the last and every other one in between: the timeline stays long.
    QVector<SnapshotPtr> thinned;
    for (int i = 0; i < m_snapshots.size(); ++i)
      if (i % 2 == 0 || i == m_snapshots.size() - 1) thinned << m_snapshots[i];
    m_snapshots = thinned;
  }
  const QSignalBlocker block(m_timeline);
  m_timeline->setRange(0, m_snapshots.size() - 1);
  if (following) m_timeline->setValue(m_timeline->maximum());
  showSnapshot(m_timeline->value());
}

void InversionPage::showSnapshot(int index) {
  if (index < 0 || index >= m_snapshots.size()) return;
  const SnapshotPtr& s = m_snapshots[index];
  m_grid->setSnapshot(s);
  m_timelineLabel->setText(tr("iteration %1").arg(s->step));
  QStringList tokens;
  for (int64_t t : s->tokens_per_layer) tokens << QString::number(t);
  m_tokens->setText(tokens.isEmpty()
                        ? QString()
                        : tr("Tokens per layer: %1").arg(tokens.join(QStringLiteral(" → "))));
  m_maskMode->setEnabled(!s->masks.empty());
}

void InversionPage::onEnded() {
  m_plot->setLive(false);
  if (!m_job) return;
  switch (m_job->state()) {
    case Job::State::Finished: {
      const auto& o = m_job->outcome();
      m_pool = o.pool;
      if (o.stopped_early) {
        // Not a green 100 %: the run ended at the user's request, with its images so far.
        setProgressState(m_progress, "stopped");
        m_status->setText(
            tr("Stopped at iteration %1 of %2: kept %3 images · teacher accuracy %4 % · Save "
               "pool… keeps them")
                .arg(QLocale().toString(qlonglong(o.iterations_run)))
                .arg(QLocale().toString(qlonglong(m_progress->maximum())))
                .arg(QLocale().toString(qlonglong(o.images)))
                .arg(QLocale().toString(o.teacher_accuracy * 100, 'f', 1)));
        break;
      }
      m_status->setText(tr("Done: %1 images of %2 classes in %3 s · teacher accuracy %4 %")
                            .arg(QLocale().toString(qlonglong(o.images)))
                            .arg(o.class_names.size())
                            .arg(QLocale().toString(o.seconds, 'f', 1))
                            .arg(QLocale().toString(o.teacher_accuracy * 100, 'f', 1)));
      m_progress->setValue(m_progress->maximum());
      const double work = double(o.images) * double(m_job->settings().iterations);
      if (work > 0 && o.seconds > 0) QSettings().setValue(rateKey(), o.seconds / work);
      updateEstimate();
      break;
    }
    case Job::State::Failed:
      setProgressState(m_progress, "failed");
      m_status->setText(tr("Failed"));
      m_banner->showError(m_job->errorMessage());
      break;
    case Job::State::Cancelled:
      setProgressState(m_progress, "stopped");
      m_status->setText(tr("Stopped at iteration %1").arg(m_job->lastProgress().step));
      break;
    default:
      break;
  }
  updateButtons();
  Q_EMIT inversionEnded();
}

void InversionPage::updateButtons() {
  const bool running = isRunning();
  m_controls->update(m_job);
  m_savePoolButton->setEnabled(bool(m_pool));
  m_saveGridButton->setEnabled(!m_snapshots.isEmpty());
  if (running && m_job->isPaused()) m_status->setText(m_job->statusLine());
  Q_EMIT commandsChanged();
}

bool InversionPage::savePool(const QString& dir, QString* error) {
  if (!m_pool) {
    if (error) *error = tr("Nothing to save yet: start an inversion (a stopped one can be saved)");
    return false;
  }
  try {
    m_pool->save(ss(dir));
  } catch (const std::exception& e) {
    if (error) *error = QString::fromUtf8(e.what());
    return false;
  }
  m_context->log(tr("Saved the surrogate pool to %1").arg(dir));
  return true;
}

void InversionPage::save() {
  if (!m_pool) return;
  QSettings settings;
  const QString dir = QFileDialog::getExistingDirectory(
      this, tr("Save the pool into a folder"), startFolder(QStringLiteral("folders/pools")));
  if (dir.isEmpty()) return;
  settings.setValue(QStringLiteral("folders/pools"), dir);
  QString error;
  if (savePool(dir, &error))
    m_banner->showInfo(tr("Saved images, masks and the pool to %1").arg(dir));
  else
    m_banner->showError(error);
}

}  // namespace lrc::ui
