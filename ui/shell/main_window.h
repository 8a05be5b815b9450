// The application's main window: the model bar (VFM, device, threads), the side list of the four
// workspaces (Ctrl+1..4) over a welcome page, menus with shortcuts, a status bar with the running
// jobs, a log dock, global drag-and-drop (model → open, adapters → Collection, images →
// Playground) and QSettings persistence of geometry, state, folders and settings.
#pragma once

#include <QMainWindow>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QListWidget;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QSpinBox;
class QStackedWidget;

namespace lrc::ui {

class AppContext;
class BannerBar;
class CollectionPage;
class InversionPage;
class PlaygroundPage;
struct RecentEntry;
class StartPage;
class TrainingPage;
class Workspace;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  enum Page { Collection = 0, Inversion = 1, Training = 2, Playground = 3 };

  struct Options {
    bool loadDefaults = true;  // open the embedded default model, zoo and samples
    bool restoreState = true;  // window geometry and last workspace from QSettings
    bool logToStderr = false;  // echo the log dock's lines (smoke tests, bug reports)
    // What a rebuilt window reopens instead of a fresh start (WindowHost, a language change).
    struct Reopen {
      bool valid = false;
      bool defaults = false;  // the embedded default was open
      QString model, collection, task;
      int page = -1;
    } reopen;
  };

  explicit MainWindow(QWidget* parent = nullptr) : MainWindow(Options(), parent) {}
  explicit MainWindow(const Options& options, QWidget* parent = nullptr);
  ~MainWindow() override;

  AppContext* context() const { return m_context; }
  CollectionPage* collectionPage() const { return m_collection; }
  InversionPage* inversionPage() const { return m_inversion; }
  TrainingPage* trainingPage() const { return m_training; }
  PlaygroundPage* playgroundPage() const { return m_playground; }
  StartPage* startPage() const { return m_start; }
  BannerBar* banner() const { return m_banner; }
  QPlainTextEdit* logView() const { return m_log; }
  QComboBox* deviceCombo() const { return m_device; }
  QSpinBox* threadsSpin() const { return m_threads; }

  // -1: the welcome page.
  int currentPage() const;
  void showPage(int page);
  // Opens a workspace with a short guide in its banner (the welcome page's "Show me").
  void startTour(int page);
  void showStartPage();
  Workspace* currentWorkspace() const;

  // What a drop anywhere does with these paths (models open, adapters go to the Collection,
  // images to the Playground's queries).
  void openPaths(const QStringList& paths);
  void openModelDialog();
  void openModelFolderDialog();
  // File ▸ Open Recent (recent_files.h); a vanished path is reported and dropped from the list.
  void openRecent(const RecentEntry& entry);
  QMenu* recentMenu() const { return m_recentMenu; }
  // What is open now, for a rebuilt window; the playground's task is saved to taskFile.
  Options::Reopen snapshot(const QString& taskFile) const;
  bool hasActiveJobs() const;

 Q_SIGNALS:
  // The language setting changed and no job runs: WindowHost rebuilds the window in it.
  void languageChangeRequested();

 public:
  // The About box's text: versions of the application, Qt, LibTorch, OpenCV and QCustomPlot.
  static QString aboutText();

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void fillRecentMenu();
  void buildModelBar();
  void connectModelSignals();
  void buildMenus();
  void buildFileMenu();
  void buildRunMenu();
  void buildViewMenu();
  void buildWorkspaceMenus();
  void buildCollectionMenu();
  void buildInversionMenu();
  void buildTrainingMenu();
  void buildPlaygroundMenu();
  QString tourText(int page) const;
  void buildHelpMenu();
  void buildCentral();
  void buildStatusBar();
  void buildLogDock();
  void echoLogToStderr();
  void connectWorkspaces();
  void refreshModelCombo();
  void refreshDevices();
  void updateCommands();
  void updateJobStatus();
  void rememberModel(const QString& path);
  void loadDefaults(bool samples = true);
  void reopen(const Options::Reopen& r);
  void showAbout();
  QAction* makeAction(const QString& text, const QString& tip,
                      const QKeySequence& key = QKeySequence(), const QIcon& icon = QIcon());

  AppContext* m_context;
  BannerBar* m_banner;
  StartPage* m_start;
  CollectionPage* m_collection;
  InversionPage* m_inversion;
  TrainingPage* m_training;
  PlaygroundPage* m_playground;
  bool m_openedFromDialog = false;  // the model being loaded was chosen in the Open dialog
  QListWidget* m_side;
  QStackedWidget* m_stack;
  QComboBox* m_modelCombo;
  QLabel* m_modelInfo;
  QComboBox* m_device;
  QSpinBox* m_threads;
  QLabel* m_jobsLabel;
  QLabel* m_statusJobs;
  QProgressBar* m_statusProgress;
  QDockWidget* m_logDock;
  QPlainTextEdit* m_log;
  QAction* m_startAction;
  QAction* m_pauseAction;
  QAction* m_stopAction;
  QAction* m_saveAction;
  QAction* m_openFolderAction;
  QMenu* m_recentMenu = nullptr;
  QList<QAction*> m_pageActions;
};

}  // namespace lrc::ui
