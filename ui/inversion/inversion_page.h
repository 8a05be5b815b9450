// Inversion studio — "what does this adapter think its classes look like?": settings for LoRA
// Inversion (docs/method.md §3), Start / Pause / Stop, the live image grid with masks, the losses
// against iterations, a timeline over the snapshots, tokens per layer, and saving the pool.
#pragma once

#include <QPointer>
#include <QVector>

#include "common/api_types.h"
#include "jobs/inversion_job.h"
#include "jobs/job_controls.h"
#include "shell/workspace.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;

namespace lrc::ui {

class ImageGrid;
class PlotWidget;

class InversionPage : public Workspace {
  Q_OBJECT
 public:
  explicit InversionPage(AppContext* context, QWidget* parent = nullptr);
  ~InversionPage() override;

  // Picks the adapter (adding it to the combo when needed).
  void setAdapter(const QString& path);
  QString adapterPath() const;
  // The settings the widgets describe, and the reverse.
  api::InversionSettings settings() const;
  void applySettings(const api::InversionSettings& settings);
  // "Same settings as this pool": the settings and seed a saved pool records (the adapter is
  // left as it is). Shows the error in the banner and returns false when the folder has none.
  bool loadSettingsOfPool(const QString& dir);
  // Fills in the embedded default's recipe (AppContext::recipe); does nothing without one.
  void applyRecipe();
  // "Estimated time: …" shown before a run starts.
  QString estimateText() const;

  bool canStart() const override;
  bool canStop() const override;
  QString stopQuestion() const override {
    return tr("Stop the inversion? The images synthesized so far are kept and can be saved.");
  }
  bool canSave() const override;
  void start() override;
  void stop() override;
  void save() override;
  void togglePause() override;

  InversionJob* job() const { return m_job; }
  bool isRunning() const;
  ImageGrid* grid() const { return m_grid; }
  PlotWidget* lossPlot() const { return m_plot; }
  QSlider* timeline() const { return m_timeline; }
  int snapshotCount() const { return m_snapshots.size(); }
  QPushButton* startButton() const { return m_controls->startButton(); }
  QPushButton* stopButton() const { return m_controls->stopButton(); }
  QProgressBar* progressBar() const { return m_progress; }
  QLabel* statusLabel() const { return m_status; }
  QPushButton* pauseButton() const { return m_controls->pauseButton(); }
  bool savePool(const QString& dir, QString* error = nullptr);

 Q_SIGNALS:
  void inversionEnded();

 private:
  QWidget* buildSettings();
  QGroupBox* buildAdapterGroup(QWidget* page);
  QGroupBox* buildOptimizationGroup(QWidget* page);
  QGroupBox* buildPriorGroup(QWidget* page);
  QGroupBox* buildPruneGroup(QWidget* page);
  QWidget* buildResults();
  void refreshAdapters();
  void refreshClasses();
  void onProgress(const QVector<api::ProgressInfo>& batch);
  void onSnapshot(const SnapshotPtr& snapshot);
  void onEnded();
  void showSnapshot(int index);
  void updateButtons();
  void clearResults();
  void updateEstimate();
  QString rateKey() const;
  int selectedClassCount() const;

  // settings
  QComboBox* m_adapter;
  QListWidget* m_classes;
  QString m_classesOf;  // the adapter m_classes lists
  QSpinBox* m_perClass;
  QSpinBox* m_iterations;
  QDoubleSpinBox* m_lr;
  QCheckBox* m_usePrior;
  QDoubleSpinBox* m_bnWeight;
  QLineEdit* m_priorPath;
  QDoubleSpinBox* m_tvWeight;
  QLineEdit* m_pruneLayers;
  QLineEdit* m_pruneRatios;
  QSpinBox* m_maskRatio;
  QSpinBox* m_seed;
  QDoubleSpinBox* m_jitter;  // percent of the image size
  QDoubleSpinBox* m_flip;
  QSpinBox* m_batch;
  QPushButton* m_loadSettingsButton;
  QPushButton* m_recipeButton = nullptr;
  QLabel* m_estimate = nullptr;
  bool m_recipeApplied = false;
  QSpinBox* m_snapshotEvery;
  JobControls* m_controls;
  // results
  QLabel* m_status;
  QProgressBar* m_progress;
  QComboBox* m_maskMode;
  QPushButton* m_savePoolButton;
  QPushButton* m_saveGridButton;
  ImageGrid* m_grid;
  QLabel* m_tokens;
  QSlider* m_timeline;
  QLabel* m_timelineLabel;
  PlotWidget* m_plot;

  QPointer<InversionJob> m_job;
  QVector<SnapshotPtr> m_snapshots;
  std::shared_ptr<api::InvertedPool> m_pool;
};

}  // namespace lrc::ui
