// What the workspaces share: the open model (loaded off the GUI thread), the device and thread
// settings, the embedded default assets, the LoRA collection, the running jobs and the log.
// Lives on the GUI thread; every signal is emitted there.
#pragma once

#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include "api/recipe.h"
#include "common/api_types.h"

namespace lrc::ui {

class AdapterTableModel;
class Job;

class AppContext : public QObject {
  Q_OBJECT
 public:
  explicit AppContext(QObject* parent = nullptr);
  ~AppContext() override;

  // ---- model
  ModelPtr model() const { return m_model; }
  bool hasModel() const { return bool(m_model); }
  QString modelPath() const { return m_model ? qs(m_model->summary().path) : QString(); }
  bool modelIsDefault() const;
  bool isLoadingModel() const { return m_loading.isRunning(); }
  QString loadingPath() const { return m_loadingPath; }
  // Loads on a worker thread; modelChanged() or modelFailed() follows. A newer request wins.
  void openModel(const QString& path);
  void closeModel();
  QString device() const { return m_device; }
  // Reloads the model on the new device (when one is open).
  void setDevice(const QString& device);
  int threads() const { return m_threads; }
  void setThreads(int threads);
  // "auto" (default), "fp32", "bf16" or "fp16" (api::precision_options()): every job and the
  // playground compute in it. Unknown names fall back to "auto".
  QString precision() const { return m_precision; }
  void setPrecision(const QString& precision);
  // What precision() runs as on the current device, e.g. "bf16 (auto: this CPU has …)"; the
  // error text when it cannot run there.
  QString precisionDescription() const;

  // ---- embedded default assets (resources/default)
  const api::DefaultAssets& defaults() const { return m_defaults; }
  // The recipe that made the embedded default (recipe.json), when it is present and readable.
  const api::Recipe* recipe() const { return m_recipe.path.empty() ? nullptr : &m_recipe; }
  // LRC_DEFAULT_DIR, then the installed share/lora-recycle/default, then the build and source
  // trees (api::locate_default_dir).
  static QString locateDefaultDir();
  void setDefaultDir(const QString& dir);
  QString priorPath() const;  // the default prior, when present

  // ---- collection
  AdapterTableModel* collection() const { return m_collection; }
  // The adapters picked in the Collection (multi-selection feeds the other workspaces).
  QStringList selectedAdapters() const { return m_selectedAdapters; }
  void setSelectedAdapters(const QStringList& paths);

  // ---- jobs
  void addJob(Job* job);
  QList<Job*> activeJobs() const;
  QList<Job*> jobs() const;

  // ---- log and messages
  void log(const QString& line);
  void reportError(const QString& message);  // shown as a banner by the main window
  void reportInfo(const QString& message);

 Q_SIGNALS:
  void modelLoading(const QString& path);
  void modelChanged();
  void modelFailed(const QString& message);
  void deviceChanged(const QString& device);
  void threadsChanged(int threads);
  void precisionChanged(const QString& precision);
  void defaultsChanged();
  void selectedAdaptersChanged(const QStringList& paths);
  void jobsChanged();
  void jobProgressed();
  void logMessage(const QString& line);
  void errorReported(const QString& message);
  void infoReported(const QString& message);

 private:
  void onModelLoaded();

  ModelPtr m_model;
  QString m_device = QStringLiteral("cpu");
  int m_threads = 0;
  QString m_precision = QStringLiteral("auto");
  api::DefaultAssets m_defaults;
  api::Recipe m_recipe;
  void readRecipe();
  AdapterTableModel* m_collection;
  QStringList m_selectedAdapters;
  QList<QPointer<Job>> m_jobs;
  struct LoadResult {
    ModelPtr model;
    QString error;
  };
  QFutureWatcher<LoadResult> m_loading;
  QString m_loadingPath;
  int m_loadSerial = 0;
};

}  // namespace lrc::ui
