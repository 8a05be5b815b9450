#include "shell/main_window.h"

#include <cstdio>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QScreen>
#include <QScrollArea>
#include <QThread>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "collection/adapter_table_model.h"
#include "collection/collection_page.h"
#include "common/banner.h"
#include "common/files.h"
#include "common/icons.h"
#include "inversion/inversion_page.h"
#include "jobs/job.h"
#include "playground/playground_page.h"
#include "shell/app_context.h"
#include "shell/settings_dialog.h"
#include "shell/recent_files.h"
#include "shell/recorded_comparison.h"
#include "shell/start_page.h"
#include "training/training_page.h"

namespace lrc::ui {

namespace {
constexpr int kStartIndex = 0;  // stack index of the welcome page; workspaces follow
constexpr int kMaxRecentModels = 8;
}  // namespace

MainWindow::MainWindow(const Options& options, QWidget* parent)
    : QMainWindow(parent), m_context(new AppContext(this)) {
  setWindowTitle(tr("LoRA Recycle"));
  setWindowIcon(Icons::get(Icons::App));
  setAcceptDrops(true);
  QSettings settings;
  const int threads = settings.value(QStringLiteral("compute/threads"), 0).toInt();
  m_context->setThreads(threads > 0 ? threads : api::hardware_threads());
  m_context->setPrecision(settings.value(QStringLiteral("compute/precision"), "auto").toString());
  const QString dirSetting = settings.value(QStringLiteral("defaults/dir")).toString();
  if (!dirSetting.isEmpty() && qEnvironmentVariableIsEmpty("LRC_DEFAULT_DIR"))
    m_context->setDefaultDir(dirSetting);

  buildCentral();
  buildModelBar();
  buildMenus();
  buildStatusBar();
  buildLogDock();
  if (options.logToStderr) echoLogToStderr();
  connectWorkspaces();
  // A comfortable first size, never larger than the screen (a 1024×700 laptop or VM display).
  QSize first(1280, 820);
  if (const QScreen* screen = QGuiApplication::primaryScreen())
    first = first.boundedTo(screen->availableGeometry().size());
  resize(first);

  if (options.restoreState) {
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
  }
  const bool haveDefaults = m_context->defaults().has_model();
  // Says which copy was found: an installed program must not be running on a checkout's.
  if (haveDefaults) m_context->log(tr("Embedded default: %1").arg(qs(m_context->defaults().dir)));
  if (options.reopen.valid)
    reopen(options.reopen);
  else if (options.loadDefaults && haveDefaults)
    loadDefaults();
  m_start->setComparison(recordedComparisonText(m_context->defaults(), m_context->recipe()));
  if (options.reopen.valid) {
    if (options.reopen.page >= 0)
      showPage(options.reopen.page);
    else
      showStartPage();
  } else if (haveDefaults && options.loadDefaults) {
    // A first start opens on the welcome page (what the program does, what the default shows,
    // a guide into each workspace); a returning user gets the workspace they left.
    const int page =
        options.restoreState ? settings.value(QStringLiteral("window/page"), -1).toInt() : -1;
    if (page >= 0)
      showPage(page);
    else
      showStartPage();
  } else {
    showStartPage();
    m_start->setDefaultsNote(haveDefaults ? QString()
                                          : tr("The embedded demo (a tiny model, its LoRA "
                                               "collection and a meta-LoRA) was not found in "
                                               "resources/default; set LRC_DEFAULT_DIR or choose "
                                               "the folder in Settings to use it."));
  }
  updateCommands();
  updateJobStatus();
}

MainWindow::~MainWindow() = default;

QAction* MainWindow::makeAction(const QString& text, const QString& tip, const QKeySequence& key,
                                const QIcon& icon) {
  auto* a = new QAction(icon, text, this);
  a->setShortcut(key);
  a->setToolTip(key.isEmpty()
                    ? tip
                    : QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
  a->setStatusTip(tip);
  a->setShortcutContext(Qt::WindowShortcut);
  addAction(a);
  return a;
}

void MainWindow::buildCentral() {
  auto* central = new QWidget(this);
  auto* h = new QHBoxLayout(central);
  h->setContentsMargins(0, 0, 0, 0);
  h->setSpacing(0);
  m_side = new QListWidget(central);
  m_side->setObjectName(QStringLiteral("sideBar"));
  m_side->setIconSize(QSize(22, 22));
  m_side->setAccessibleName(tr("Workspaces"));
  m_side->setToolTip(tr("Workspaces (Ctrl+1 … Ctrl+4)"));
  m_side->setFocusPolicy(
      Qt::NoFocus);  // keyboard path: Ctrl+1 … Ctrl+4 (a focused empty list would pick row 0)
  const struct {
    Icons::Id icon;
    QString name;
  } pages[] = {{Icons::Collection, tr("Collection")},
               {Icons::Inversion, tr("Inversion")},
               {Icons::Training, tr("Training")},
               {Icons::Playground, tr("Playground")}};
  for (const auto& p : pages) new QListWidgetItem(Icons::get(p.icon), p.name, m_side);
  m_side->setFixedWidth(m_side->sizeHintForColumn(0) +
                        fontMetrics().horizontalAdvance(QStringLiteral("MMMM")));
  h->addWidget(m_side);

  auto* right = new QWidget(central);
  auto* v = new QVBoxLayout(right);
  v->setContentsMargins(8, 6, 8, 4);
  m_banner = new BannerBar(right);
  v->addWidget(m_banner);
  m_stack = new QStackedWidget(right);
  // The welcome page scrolls rather than hold a short window (700 px, large fonts) taller.
  auto* startScroll = new QScrollArea(m_stack);
  startScroll->setWidgetResizable(true);
  startScroll->setFrameShape(QFrame::NoFrame);
  m_start = new StartPage;
  startScroll->setWidget(m_start);
  m_collection = new CollectionPage(m_context, m_stack);
  m_inversion = new InversionPage(m_context, m_stack);
  m_training = new TrainingPage(m_context, m_stack);
  m_playground = new PlaygroundPage(m_context, m_stack);
  m_stack->addWidget(startScroll);
  for (QWidget* w :
       std::initializer_list<QWidget*>{m_collection, m_inversion, m_training, m_playground})
    m_stack->addWidget(w);
  v->addWidget(m_stack, 1);
  h->addWidget(right, 1);
  setCentralWidget(central);
  connect(m_side, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0) showPage(row);
  });
  connect(m_start, &StartPage::openModelRequested, this, &MainWindow::openModelDialog);
  connect(m_start, &StartPage::openFolderRequested, this, [this] {
    showPage(Collection);
    m_collection->chooseFolder();
  });
  connect(m_start, &StartPage::playgroundRequested, this, [this] { showPage(Playground); });
  connect(m_start, &StartPage::tourRequested, this, &MainWindow::startTour);
}

QString MainWindow::tourText(int page) const {
  switch (page) {
    case Collection:
      return tr(
          "Guide: these are the LoRAs of the collection. Pick one to see its classes, "
          "held-out accuracy and whether it fits the model; “Invert…” takes it to the "
          "Inversion workspace, “Use for meta-training” takes the selection to Training.");
    case Inversion:
      return tr(
          "Guide: pick an adapter and press Start (F5). The settings are the recipe that "
          "made the default's pools; the estimate below them says how long it takes. "
          "Watch the images appear, then save the pool (Ctrl+S).");
    case Training:
      return tr(
          "Guide: tick the LoRAs to recycle and press Start (F5). Missing pools are "
          "inverted first with the default's recipe; the curves show the meta-loss and the "
          "validation accuracy, and the result opens in the Playground in one click.");
    case Playground:
      return tr(
          "Guide: each column is a class with its support images; drop query images on "
          "the right. The plain model and the meta-LoRA answer side by side — drop more "
          "images into a class column to make the task your own.");
    default:
      return {};
  }
}

void MainWindow::startTour(int page) {
  showPage(page);
  if (Workspace* w = currentWorkspace()) w->banner()->showInfo(tourText(page));
}

void MainWindow::buildModelBar() {
  auto* bar = addToolBar(tr("Model"));
  bar->setObjectName(QStringLiteral("modelBar"));
  bar->setMovable(false);
  bar->setIconSize(QSize(18, 18));
  bar->toggleViewAction()->setToolTip(tr("Show or hide the model bar"));
  auto* icon = new QLabel(bar);
  icon->setPixmap(Icons::get(Icons::Model).pixmap(18, 18));
  bar->addWidget(icon);
  auto* vfm = new QLabel(tr("&VFM:"), bar);
  bar->addWidget(vfm);
  m_modelCombo = new QComboBox(bar);
  m_modelCombo->setMinimumContentsLength(28);
  m_modelCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_modelCombo->setToolTip(tr(
      "The visual foundation model: the embedded default, a recent one, or open another (Ctrl+O)"));
  m_modelCombo->setAccessibleName(tr("Visual foundation model"));
  vfm->setBuddy(m_modelCombo);
  bar->addWidget(m_modelCombo);
  m_modelInfo = new QLabel(bar);
  m_modelInfo->setObjectName(QStringLiteral("dimLabel"));
  bar->addWidget(m_modelInfo);
  bar->addSeparator();
  auto* devLabel = new QLabel(tr("&Device:"), bar);
  bar->addWidget(devLabel);
  m_device = new QComboBox(bar);
  m_device->setToolTip(tr("Where the model computes: the CPU or a CUDA GPU"));
  m_device->setAccessibleName(tr("Device"));
  devLabel->setBuddy(m_device);
  bar->addWidget(m_device);
  auto* thrLabel = new QLabel(tr("&Threads:"), bar);
  bar->addWidget(thrLabel);
  m_threads = new QSpinBox(bar);
  m_threads->setRange(1, std::max(1, api::hardware_threads()));
  m_threads->setValue(std::max(1, m_context->threads()));
  m_threads->setToolTip(tr("CPU threads LibTorch may use for new work"));
  m_threads->setAccessibleName(tr("Threads"));
  thrLabel->setBuddy(m_threads);
  bar->addWidget(m_threads);
  auto* spacer = new QWidget(bar);
  spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  bar->addWidget(spacer);
  m_jobsLabel = new QLabel(bar);
  m_jobsLabel->setToolTip(tr("Jobs running in the background"));
  bar->addWidget(m_jobsLabel);

  refreshDevices();
  refreshModelCombo();
  connect(m_modelCombo, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
    const QString data = m_modelCombo->itemData(index).toString();
    if (data == QLatin1String("<open-file>")) {
      refreshModelCombo();
      openModelDialog();
    } else if (data == QLatin1String("<open-folder>")) {
      refreshModelCombo();
      openModelFolderDialog();
    } else if (!data.isEmpty() && data != m_context->modelPath()) {
      m_context->openModel(data);
    }
  });
  connect(m_device, QOverload<int>::of(&QComboBox::activated), this, [this](int index) {
    const QString id = m_device->itemData(index).toString();
    QSettings().setValue(QStringLiteral("compute/device"), id);
    m_context->setDevice(id);
  });
  connect(m_threads, QOverload<int>::of(&QSpinBox::valueChanged), m_context,
          &AppContext::setThreads);
  connect(m_context, &AppContext::deviceChanged, this, [this](const QString& id) {
    const QSignalBlocker block(m_device);
    m_device->setCurrentIndex(std::max(0, m_device->findData(id)));
    QSettings().setValue(QStringLiteral("compute/device"), id);
  });
  connectModelSignals();
}

// The model bar and the welcome page follow the model's loading, success and failure.
void MainWindow::connectModelSignals() {
  // The status bar's "Opening model…" / "Ready" follows the load, not only the jobs.
  connect(m_context, &AppContext::modelChanged, this, &MainWindow::updateJobStatus);
  connect(m_context, &AppContext::modelFailed, this, &MainWindow::updateJobStatus);
  connect(m_context, &AppContext::modelLoading, this, [this](const QString& path) {
    updateJobStatus();
    m_modelInfo->setText(tr("opening…"));
    m_start->setLoading(QFileInfo(path).fileName());
    statusBar()->showMessage(tr("Opening %1…").arg(path));
  });
  connect(m_context, &AppContext::modelChanged, this, [this] {
    m_start->setLoading(QString());
    refreshModelCombo();
    if (m_context->hasModel()) {
      const auto& s = m_context->model()->summary();
      rememberModel(qs(s.path));
      m_modelInfo->setText(tr("%1 · %2 px · width %3 · depth %4")
                               .arg(qs(s.family))
                               .arg(s.image_size)
                               .arg(s.width)
                               .arg(s.depth));
      m_modelInfo->setToolTip(tr("%1\n%2 parameters, fingerprint %3")
                                  .arg(qs(s.path))
                                  .arg(QLocale().toString(qlonglong(s.parameters)))
                                  .arg(qs(s.fingerprint)));
      statusBar()->showMessage(tr("Model %1 ready").arg(qs(s.name)), 5000);
      // A model the user opened from the welcome page leads to the Playground; the default
      // loading at start leaves the welcome page in view.
      if (currentPage() < 0 && m_openedFromDialog) showPage(Playground);
      m_openedFromDialog = false;
    } else {
      m_modelInfo->clear();
    }
    updateCommands();
  });
  connect(m_context, &AppContext::modelFailed, this, [this](const QString& msg) {
    m_start->setLoading(QString());
    refreshModelCombo();
    m_modelInfo->setText(m_context->hasModel() ? m_modelInfo->text() : QString());
    m_banner->showError(tr("%1 — open an HF CLIP or HF ViT folder, a timm .safetensors file or a "
                           "project model file.")
                            .arg(msg));
    statusBar()->clearMessage();
  });
}

void MainWindow::refreshDevices() {
  m_device->clear();
  for (const auto& d : api::available_devices()) m_device->addItem(deviceLabel(d), qs(d.id));
  const QString wanted =
      QSettings().value(QStringLiteral("compute/device"), QStringLiteral("cpu")).toString();
  const int idx = m_device->findData(wanted);
  m_device->setCurrentIndex(idx >= 0 ? idx : 0);
  m_context->setDevice(m_device->currentData().toString());
}

void MainWindow::refreshModelCombo() {
  const QSignalBlocker block(m_modelCombo);
  m_modelCombo->clear();
  const QString current = m_context->modelPath();
  const QString embedded = qs(m_context->defaults().model);
  if (!embedded.isEmpty())
    m_modelCombo->addItem(Icons::get(Icons::App), tr("Embedded default (tiny VFM)"), embedded);
  QStringList recent = QSettings().value(QStringLiteral("models/recent")).toStringList();
  if (!current.isEmpty() && !recent.contains(current) && current != embedded)
    recent.prepend(current);
  for (const QString& path : recent) {
    if (path == embedded) continue;
    m_modelCombo->addItem(Icons::get(Icons::Model), QFileInfo(path).fileName(), path);
    m_modelCombo->setItemData(m_modelCombo->count() - 1, path, Qt::ToolTipRole);
  }
  if (current.isEmpty()) m_modelCombo->insertItem(0, tr("(no model open)"), QString());
  m_modelCombo->insertSeparator(m_modelCombo->count());
  m_modelCombo->addItem(Icons::get(Icons::Open), tr("Open model file…"),
                        QStringLiteral("<open-file>"));
  m_modelCombo->addItem(Icons::get(Icons::Folder), tr("Open model folder…"),
                        QStringLiteral("<open-folder>"));
  const int idx = m_modelCombo->findData(current);
  m_modelCombo->setCurrentIndex(idx >= 0 ? idx : 0);
}

void MainWindow::rememberModel(const QString& path) {
  if (path == qs(m_context->defaults().model)) return;
  QSettings s;
  QStringList recent = s.value(QStringLiteral("models/recent")).toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kMaxRecentModels) recent.removeLast();
  s.setValue(QStringLiteral("models/recent"), recent);
}

void MainWindow::buildMenus() {
  buildFileMenu();
  buildRunMenu();
  buildViewMenu();
  buildWorkspaceMenus();
  buildHelpMenu();
}

void MainWindow::buildFileMenu() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* openModel = makeAction(tr("&Open Model…"), tr("Open a ViT checkpoint file"),
                                  QKeySequence::Open, Icons::get(Icons::Model));
  connect(openModel, &QAction::triggered, this, &MainWindow::openModelDialog);
  file->addAction(openModel);
  QAction* openModelFolder =
      makeAction(tr("Open Model &Folder…"), tr("Open an HF CLIP / HF ViT model folder"),
                 QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_O), Icons::get(Icons::Folder));
  connect(openModelFolder, &QAction::triggered, this, &MainWindow::openModelFolderDialog);
  file->addAction(openModelFolder);
  m_openFolderAction = makeAction(
      tr("Open &Adapter Folder…"), tr("Scan a folder of LoRA adapters into the Collection"),
      QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), Icons::get(Icons::Open));
  connect(m_openFolderAction, &QAction::triggered, this, [this] {
    showPage(Collection);
    m_collection->chooseFolder();
  });
  file->addAction(m_openFolderAction);
  m_recentMenu = file->addMenu(Icons::get(Icons::Open), tr("Open &Recent"));
  m_recentMenu->setToolTipsVisible(true);
  connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
  fillRecentMenu();  // the menu has its entries for keyboard users and tests alike
  if (m_context->defaults().has_model()) {
    QAction* embedded = makeAction(tr("Use &Embedded Demo"),
                                   tr("Open the embedded tiny model, its collection and samples"),
                                   QKeySequence(), Icons::get(Icons::App));
    connect(embedded, &QAction::triggered, this, [this] { loadDefaults(); });
    file->addAction(embedded);
  }
  file->addSeparator();
  m_saveAction = makeAction(
      tr("&Save"), tr("Save what the current workspace produced (task, pool or meta-LoRA)"),
      QKeySequence::Save, Icons::get(Icons::Save));
  connect(m_saveAction, &QAction::triggered, this, [this] {
    if (Workspace* w = currentWorkspace(); w && w->canSave()) w->save();
  });
  file->addAction(m_saveAction);
  file->addSeparator();
  QAction* prefs =
      makeAction(tr("Se&ttings…"), tr("Language, threads and the default assets folder"),
                 QKeySequence::Preferences, Icons::get(Icons::Settings));
  if (prefs->shortcut().isEmpty()) prefs->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
  connect(prefs, &QAction::triggered, this, [this] {
    const QString language = QSettings().value(QStringLiteral("ui/language")).toString();
    SettingsDialog dialog(this, m_context->precisionDescription());
    if (dialog.exec() != QDialog::Accepted) return;
    m_context->setPrecision(
        QSettings().value(QStringLiteral("compute/precision"), "auto").toString());
    if (QSettings().value(QStringLiteral("ui/language")).toString() == language) return;
    if (hasActiveJobs())
      m_banner->showInfo(tr("The new language applies at the next start (jobs are running)"));
    else
      Q_EMIT languageChangeRequested();
  });
  file->addAction(prefs);
  file->addSeparator();
  QAction* quit = makeAction(tr("&Quit"), tr("Quit LoRA Recycle (running jobs are stopped)"),
                             QKeySequence::Quit);
  if (quit->shortcut().isEmpty()) quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
  connect(quit, &QAction::triggered, this, &QWidget::close);
  file->addAction(quit);
}

// Start / Pause / Stop act on the current workspace.
void MainWindow::buildRunMenu() {
  QMenu* run = menuBar()->addMenu(tr("&Run"));
  m_startAction = makeAction(tr("&Start"), tr("Start the current workspace's job"),
                             QKeySequence(Qt::Key_F5), Icons::get(Icons::Start));
  m_pauseAction =
      makeAction(tr("&Pause / Resume"), tr("Pause or resume the current workspace's job"),
                 QKeySequence(Qt::Key_F6), Icons::get(Icons::Pause));
  m_stopAction = makeAction(tr("S&top"), tr("Stop the current workspace's job"),
                            QKeySequence(Qt::Key_Escape), Icons::get(Icons::Stop));
  connect(m_startAction, &QAction::triggered, this, [this] {
    if (Workspace* w = currentWorkspace(); w && w->canStart()) w->start();
  });
  connect(m_pauseAction, &QAction::triggered, this, [this] {
    if (Workspace* w = currentWorkspace(); w && w->canPause()) w->togglePause();
  });
  connect(m_stopAction, &QAction::triggered, this, [this] {
    if (Workspace* w = currentWorkspace(); w && w->canStop()) w->requestStop();
  });
  run->addActions({m_startAction, m_pauseAction, m_stopAction});
}

void MainWindow::buildViewMenu() {
  QMenu* view = menuBar()->addMenu(tr("&View"));
  auto* group = new QActionGroup(this);
  const QString names[] = {tr("&Collection"), tr("&Inversion"), tr("&Training"), tr("&Playground")};
  const QString tips[] = {tr("Which adapters do I have, and which fit my model?"),
                          tr("What does an adapter think its classes look like?"),
                          tr("Is the meta-LoRA learning, and when will it finish?"),
                          tr("Can it tell my classes apart from one example each?")};
  const Icons::Id icons[] = {Icons::Collection, Icons::Inversion, Icons::Training,
                             Icons::Playground};
  const Qt::Key keys[] = {Qt::Key_1, Qt::Key_2, Qt::Key_3, Qt::Key_4};
  for (int i = 0; i < 4; ++i) {
    QAction* a =
        makeAction(names[i], tips[i], QKeySequence(Qt::CTRL | keys[i]), Icons::get(icons[i]));
    a->setCheckable(true);
    group->addAction(a);
    view->addAction(a);
    connect(a, &QAction::triggered, this, [this, i] { showPage(i); });
    m_pageActions << a;
  }
  view->addSeparator();
  m_logDock = new QDockWidget(tr("Log"), this);
  QAction* logToggle = m_logDock->toggleViewAction();
  logToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
  logToggle->setIcon(Icons::get(Icons::Log));
  logToggle->setToolTip(tr("Show or hide the log (Ctrl+L)"));
  view->addAction(logToggle);
}

void MainWindow::buildWorkspaceMenus() {
  buildCollectionMenu();
  buildInversionMenu();
  buildTrainingMenu();
  buildPlaygroundMenu();
}

void MainWindow::buildCollectionMenu() {
  QMenu* coll = menuBar()->addMenu(tr("&Collection"));
  coll->addAction(m_openFolderAction);
  QAction* compatOnly =
      makeAction(tr("&Compatible Only"), tr("Hide adapters that do not fit the model"));
  compatOnly->setCheckable(true);
  compatOnly->setChecked(m_collection->compatibleOnlyBox()->isChecked());
  connect(compatOnly, &QAction::toggled, m_collection->compatibleOnlyBox(),
          &QAbstractButton::setChecked);
  connect(m_collection->compatibleOnlyBox(), &QAbstractButton::toggled, compatOnly,
          &QAction::setChecked);
  coll->addAction(compatOnly);
  QAction* filter =
      makeAction(tr("&Filter…"), tr("Type to filter the collection"), QKeySequence::Find);
  connect(filter, &QAction::triggered, this, [this] {
    showPage(Collection);
    m_collection->filterEdit()->setFocus();
    m_collection->filterEdit()->selectAll();
  });
  coll->addAction(filter);
}

void MainWindow::buildInversionMenu() {
  QMenu* inv = menuBar()->addMenu(tr("&Inversion"));
  QAction* invertSel =
      makeAction(tr("Invert &Selected Adapter"),
                 tr("Open the current adapter of the Collection in the Inversion workspace"),
                 QKeySequence(), Icons::get(Icons::Inversion));
  connect(invertSel, &QAction::triggered, this, [this] {
    if (!m_collection->currentPath().isEmpty())
      m_inversion->setAdapter(m_collection->currentPath());
    showPage(Inversion);
  });
  inv->addAction(invertSel);
  inv->addActions({m_startAction, m_pauseAction, m_stopAction});
}

void MainWindow::buildTrainingMenu() {
  QMenu* train = menuBar()->addMenu(tr("&Training"));
  QAction* useSel = makeAction(tr("&Use Selected Adapters"),
                               tr("Tick the Collection's selected adapters for meta-training"),
                               QKeySequence(), Icons::get(Icons::Training));
  connect(useSel, &QAction::triggered, this, [this] {
    m_training->setAdapters(m_context->selectedAdapters());
    showPage(Training);
  });
  train->addAction(useSel);
  QAction* toPlay = makeAction(tr("&Load Result into Playground"),
                               tr("Use the trained meta-LoRA in the Playground"), QKeySequence(),
                               Icons::get(Icons::Playground));
  connect(toPlay, &QAction::triggered, this, [this] {
    if (!m_training->resultPath().isEmpty()) {
      m_playground->setAdapter(m_training->resultPath());
      showPage(Playground);
    }
  });
  train->addAction(toPlay);
}

void MainWindow::buildPlaygroundMenu() {
  QMenu* play = menuBar()->addMenu(tr("&Playground"));
  QAction* addClass =
      makeAction(tr("Add &Class"), tr("Add a class column"),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), Icons::get(Icons::Add));
  connect(addClass, &QAction::triggered, this, [this] {
    showPage(Playground);
    m_playground->addClass();
  });
  play->addAction(addClass);
  QAction* undo = makeAction(tr("&Undo"),
                             tr("Put back the classes and queries as they were before the last "
                                "removal, clear or task load"),
                             QKeySequence::Undo);
  undo->setEnabled(false);
  connect(m_playground, &PlaygroundPage::undoAvailable, undo, &QAction::setEnabled);
  connect(undo, &QAction::triggered, this, [this] {
    showPage(Playground);
    m_playground->undo();
  });
  play->addAction(undo);
  QAction* clearTask =
      makeAction(tr("C&lear Task"), tr("Remove every class and query (Undo puts them back)"),
                 QKeySequence(), Icons::get(Icons::Clear));
  connect(clearTask, &QAction::triggered, this, [this] {
    m_playground->clearTask();
    m_playground->addClass();
    m_playground->addClass();
  });
  play->addAction(clearTask);
  if (!m_context->defaults().samples.empty()) {
    QAction* samples =
        makeAction(tr("Load &Samples"), tr("Load the sample task that ships with the application"));
    connect(samples, &QAction::triggered, this, [this] {
      showPage(Playground);
      m_playground->loadSamples(qs(m_context->defaults().samples));
    });
    play->addAction(samples);
  }
}

void MainWindow::buildHelpMenu() {
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  QAction* about =
      makeAction(tr("&About LoRA Recycle"), tr("Versions of the application and its libraries"),
                 QKeySequence::HelpContents, Icons::get(Icons::Info));
  connect(about, &QAction::triggered, this, &MainWindow::showAbout);
  help->addAction(about);
  QAction* aboutQt = makeAction(tr("About &Qt"), tr("About the Qt toolkit"));
  connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
  help->addAction(aboutQt);
}

void MainWindow::buildStatusBar() {
  m_statusJobs = new QLabel(this);
  m_statusJobs->setObjectName(QStringLiteral("statusJobs"));
  m_statusJobs->setToolTip(tr("The most recent running job"));
  m_statusProgress = new QProgressBar(this);
  m_statusProgress->setMaximumWidth(200);
  m_statusProgress->setMaximumHeight(fontMetrics().height() + 4);
  m_statusProgress->setTextVisible(false);
  m_statusProgress->setAccessibleName(tr("Job progress"));
  statusBar()->addPermanentWidget(m_statusJobs);
  statusBar()->addPermanentWidget(m_statusProgress);
  connect(m_context, &AppContext::jobsChanged, this, &MainWindow::updateJobStatus);
  connect(m_context, &AppContext::jobProgressed, this, &MainWindow::updateJobStatus);
  connect(m_context, &AppContext::jobsChanged, this, &MainWindow::updateCommands);
}

void MainWindow::buildLogDock() {
  m_logDock->setObjectName(QStringLiteral("logDock"));
  m_log = new QPlainTextEdit(m_logDock);
  m_log->setReadOnly(true);
  m_log->setMaximumBlockCount(5000);
  m_log->setAccessibleName(tr("Log"));
  m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  m_logDock->setWidget(m_log);
  m_logDock->setAllowedAreas(Qt::BottomDockWidgetArea | Qt::RightDockWidgetArea);
  addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
  m_logDock->hide();
  connect(m_context, &AppContext::logMessage, m_log, &QPlainTextEdit::appendPlainText);
  connect(m_context, &AppContext::errorReported, m_banner, &BannerBar::showError);
  connect(m_context, &AppContext::infoReported, m_banner, &BannerBar::showInfo);
}

void MainWindow::echoLogToStderr() {
  connect(m_context, &AppContext::logMessage, this, [](const QString& line) {
    std::fputs((line + QLatin1Char('\n')).toLocal8Bit().constData(), stderr);
  });
}

void MainWindow::connectWorkspaces() {
  for (Workspace* w :
       std::initializer_list<Workspace*>{m_collection, m_inversion, m_training, m_playground})
    connect(w, &Workspace::commandsChanged, this, &MainWindow::updateCommands);
  connect(m_collection, &CollectionPage::invertRequested, this, [this](const QString& path) {
    m_inversion->setAdapter(path);
    showPage(Inversion);
  });
  connect(m_collection, &CollectionPage::trainRequested, this, [this](const QStringList& paths) {
    m_training->setAdapters(paths);
    showPage(Training);
  });
  connect(m_training, &TrainingPage::loadIntoPlayground, this, [this](const QString& path) {
    m_playground->setAdapter(path);
    showPage(Playground);
  });
}

int MainWindow::currentPage() const {
  return m_stack->currentIndex() - 1;
}

Workspace* MainWindow::currentWorkspace() const {
  return qobject_cast<Workspace*>(m_stack->currentWidget());
}

void MainWindow::showPage(int page) {
  if (page < 0 || page > Playground) return showStartPage();
  m_stack->setCurrentIndex(page + 1);
  {
    const QSignalBlocker block(m_side);
    m_side->setCurrentRow(page);
  }
  m_pageActions[page]->setChecked(true);
  updateCommands();
}

void MainWindow::showStartPage() {
  m_stack->setCurrentIndex(kStartIndex);
  const QSignalBlocker block(m_side);
  m_side->clearSelection();
  m_side->setCurrentRow(-1);
  updateCommands();
}

void MainWindow::updateCommands() {
  Workspace* w = currentWorkspace();
  m_startAction->setEnabled(w && w->canStart());
  m_pauseAction->setEnabled(w && w->canPause());
  m_stopAction->setEnabled(w && w->canStop());
  m_saveAction->setEnabled(w && w->canSave());
}

void MainWindow::updateJobStatus() {
  const QList<Job*> active = m_context->activeJobs();
  if (active.isEmpty()) {
    m_jobsLabel->setText(QString());
    m_statusJobs->setText(m_context->isLoadingModel() ? tr("Opening model…") : tr("Ready"));
    m_statusProgress->hide();
    return;
  }
  m_jobsLabel->setText(QStringLiteral("◐ ") + tr("%n job(s) running", "", active.size()));
  Job* latest = active.back();
  m_statusJobs->setText(latest->statusLine());
  QStringList all;
  for (Job* j : active) all << j->statusLine();
  m_jobsLabel->setToolTip(all.join(QLatin1Char('\n')));
  m_statusProgress->show();
  m_statusProgress->setRange(0, 1000);
  m_statusProgress->setValue(int(latest->fraction() * 1000));
}

void MainWindow::reopen(const Options::Reopen& r) {
  if (r.defaults && m_context->defaults().has_model()) {
    loadDefaults(/*samples=*/r.task.isEmpty());
  } else {
    if (!r.model.isEmpty()) m_context->openModel(r.model);
  }
  if (!r.collection.isEmpty() && !r.defaults) m_collection->openFolder(r.collection);
  if (!r.task.isEmpty()) {
    QString error;
    if (!m_playground->loadTask(r.task, &error)) m_playground->banner()->showError(error);
    forgetRecent(r.task);  // a scratch file, not something the user opened
  }
}

MainWindow::Options::Reopen MainWindow::snapshot(const QString& taskFile) const {
  Options::Reopen r;
  r.valid = true;
  r.defaults = m_context->hasModel() && m_context->modelIsDefault();
  if (!r.defaults) r.model = m_context->modelPath();
  r.collection = m_collection->folder();
  if (m_playground->classCount() > 0 && m_playground->saveTask(taskFile)) {
    r.task = taskFile;
    forgetRecent(taskFile);
  }
  r.page = currentPage();
  return r;
}

bool MainWindow::hasActiveJobs() const {
  return !m_context->activeJobs().isEmpty();
}

void MainWindow::loadDefaults(bool samples) {
  const auto& d = m_context->defaults();
  if (!d.has_model()) return;
  m_context->openModel(qs(d.model));
  if (!d.zoo.empty()) m_collection->openFolder(qs(d.zoo));
  if (!d.meta_lora.empty()) m_playground->setAdapter(qs(d.meta_lora));
  if (samples && !d.samples.empty()) m_playground->loadSamples(qs(d.samples));
  // The playground's answers on a handful of samples are anecdotes; the recorded table is the
  // measurement, so it is said there too.
  QString recorded = recordedComparisonText(d, m_context->recipe());
  if (!recorded.isEmpty())
    m_playground->banner()->showInfo(recorded.replace(QStringLiteral("<br>"), QStringLiteral(" ")));
}

void MainWindow::fillRecentMenu() {
  m_recentMenu->clear();
  const QVector<RecentEntry> entries = recentEntries();
  for (const RecentEntry& e : entries) {
    const QString kind = e.kind == RecentEntry::Kind::Model        ? tr("Model")
                         : e.kind == RecentEntry::Kind::Collection ? tr("Collection")
                                                                   : tr("Task");
    QAction* a =
        m_recentMenu->addAction(QStringLiteral("%1 — %2").arg(QFileInfo(e.path).fileName(), kind));
    a->setToolTip(QDir::toNativeSeparators(e.path));
    a->setData(e.path);
    connect(a, &QAction::triggered, this, [this, e] { openRecent(e); });
  }
  if (entries.isEmpty()) {
    QAction* none = m_recentMenu->addAction(tr("(nothing opened yet)"));
    none->setToolTip(tr("Models, adapter folders and tasks you open are listed here"));
    none->setEnabled(false);
  }
  m_recentMenu->addSeparator();
  QAction* clear = m_recentMenu->addAction(tr("Clear the list"));
  clear->setToolTip(tr("Forget the recently opened files (the files stay where they are)"));
  clear->setEnabled(!entries.isEmpty());
  connect(clear, &QAction::triggered, this, [] { clearRecent(); });
}

void MainWindow::openRecent(const RecentEntry& e) {
  if (!QFileInfo::exists(e.path)) {
    forgetRecent(e.path);
    m_banner->showError(tr("%1 no longer exists; it was removed from the recent list").arg(e.path));
    return;
  }
  switch (e.kind) {
    case RecentEntry::Kind::Model:
      m_context->openModel(e.path);
      break;
    case RecentEntry::Kind::Collection:
      showPage(Collection);
      m_collection->openFolder(e.path);
      break;
    case RecentEntry::Kind::Task: {
      showPage(Playground);
      QString error;
      if (!m_playground->loadTask(e.path, &error)) m_playground->banner()->showError(error);
      break;
    }
  }
}

void MainWindow::openModelDialog() {
  QSettings s;
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open model"), startFolder(QStringLiteral("folders/models")),
      tr("Models (*.safetensors config.json);;All files (*)"));
  if (path.isEmpty()) return;
  s.setValue(QStringLiteral("folders/models"), QFileInfo(path).absolutePath());
  m_openedFromDialog = true;
  m_context->openModel(QFileInfo(path).fileName() == QLatin1String("config.json")
                           ? QFileInfo(path).absolutePath()
                           : path);
}

void MainWindow::openModelFolderDialog() {
  QSettings s;
  const QString dir = QFileDialog::getExistingDirectory(
      this, tr("Open model folder"), startFolder(QStringLiteral("folders/models")));
  if (dir.isEmpty()) return;
  s.setValue(QStringLiteral("folders/models"), dir);
  m_context->openModel(dir);
}

void MainWindow::openPaths(const QStringList& paths) {
  QStringList images, adapters, folders;
  for (const QString& path : paths) {
    const QFileInfo info(path);
    if (info.isFile() && isImageFile(path)) {
      images << path;
    } else if (info.fileName() == QLatin1String("adapter_config.json")) {
      adapters << info.absolutePath();
    } else if (api::looks_like_adapter(ss(path))) {
      adapters << path;
    } else if (api::looks_like_model(ss(path))) {
      m_context->openModel(path);
    } else if (info.isDir()) {
      const bool hasImages = !QDir(path)
                                  .entryList({QStringLiteral("*.png"), QStringLiteral("*.jpg"),
                                              QStringLiteral("*.jpeg")},
                                             QDir::Files)
                                  .isEmpty();
      const bool hasTensors =
          !QDir(path).entryList({QStringLiteral("*.safetensors")}, QDir::Files).isEmpty();
      if (hasImages && !hasTensors)
        images << path;
      else
        folders << path;
    } else {
      m_banner->showError(tr("%1: not a model, an adapter or an image; drop a .safetensors model "
                             "or adapter, a PEFT "
                             "folder, a folder of adapters, or PNG/JPEG images")
                              .arg(path));
    }
  }
  if (!folders.isEmpty()) {
    showPage(Collection);
    m_collection->openFolder(folders.front());
    if (folders.size() > 1)
      m_banner->showWarning(
          tr("Opened %1; drop one adapter folder at a time").arg(folders.front()));
  }
  if (!adapters.isEmpty()) {
    showPage(Collection);
    m_collection->addAdapters(adapters);
  }
  if (!images.isEmpty()) {
    showPage(Playground);
    m_playground->addQueryFiles(images);
  }
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (hasLocalPaths(event->mimeData()))
    event->acceptProposedAction();
  else
    event->ignore();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QStringList paths = localPaths(event->mimeData());
  if (paths.isEmpty()) return;
  event->acceptProposedAction();
  openPaths(paths);
}

QString MainWindow::aboutText() {
  return tr("<h3>LoRA Recycle %1</h3>"
            "<p>Recycle pre-tuned LoRA adapters into a tuning-free few-shot learner: invert each "
            "adapter into surrogate "
            "images, meta-train one meta-LoRA on them, and classify new tasks from a few examples "
            "in one forward pass.</p>"
            "<table>"
            "<tr><td>Qt</td><td>%2</td></tr>"
            "<tr><td>LibTorch</td><td>%3</td></tr>"
            "<tr><td>OpenCV</td><td>%4</td></tr>"
            "<tr><td>QCustomPlot</td><td>%5</td></tr>"
            "</table>")
      .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion()),
           qs(api::torch_version()), qs(api::opencv_version()),
           QStringLiteral(QCUSTOMPLOT_VERSION_STR));
}

void MainWindow::showAbout() {
  const QString text = aboutText();
  QMessageBox box(this);
  box.setWindowTitle(tr("About LoRA Recycle"));
  box.setIconPixmap(Icons::get(Icons::App).pixmap(64, 64));
  box.setText(text);
  box.exec();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  const QList<Job*> active = m_context->activeJobs();
  if (!active.isEmpty() && isVisible() &&
      QApplication::platformName() != QLatin1String("offscreen")) {
    const auto answer =
        QMessageBox::question(this, tr("Jobs are running"),
                              tr("%n job(s) still running. Stop them and quit?", "", active.size()),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) {
      event->ignore();
      return;
    }
  }
  QSettings s;
  s.setValue(QStringLiteral("window/geometry"), saveGeometry());
  s.setValue(QStringLiteral("window/state"), saveState());
  s.setValue(QStringLiteral("window/page"), currentPage());
  for (Job* j : active) j->stop();
  QMainWindow::closeEvent(event);
}

}  // namespace lrc::ui
