// Training — "is the meta-LoRA learning, and when will it finish?": a subset of the collection,
// the episode settings (docs/method.md §4), Start / Pause / Resume / Stop, live meta-loss,
// learning rate and validation accuracy, checkpoints, and the result saved or sent to the
// Playground in one click.
#pragma once

#include <QPointer>

#include "common/api_types.h"
#include "jobs/training_job.h"
#include "jobs/job_controls.h"
#include "shell/workspace.h"
#include "training/overall_eta.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace lrc::ui {

class PlotWidget;

class TrainingPage : public Workspace {
  Q_OBJECT
 public:
  explicit TrainingPage(AppContext* context, QWidget* parent = nullptr);
  ~TrainingPage() override;

  // Ticks exactly these adapters of the collection.
  void setAdapters(const QStringList& paths);
  QStringList checkedAdapters() const;
  api::MetaTrainSettings settings() const;
  void applySettings(const api::MetaTrainSettings& settings);
  // Fills in the embedded default's recipe (AppContext::recipe); does nothing without one.
  void applyRecipe();
  // What Save and "Load into playground" act on: the checkpoint selected in the list, else the
  // finished run's result (empty: nothing yet).
  QString chosenAdapterPath() const;

  bool canStart() const override;
  bool canStop() const override;
  bool canPause() const override { return canStop() && !runsSeveralProcesses(); }
  QString stopQuestion() const override {
    return tr("Stop meta-training? A checkpoint is written, and Start resumes from it.");
  }
  bool canSave() const override;
  void start() override;
  void stop() override;
  void save() override;
  void togglePause() override;

  TrainingJob* job() const { return m_job; }
  bool isRunning() const;
  QString resultPath() const { return m_resultPath; }
  PlotWidget* lossPlot() const { return m_lossPlot; }
  PlotWidget* lrPlot() const { return m_lrPlot; }
  PlotWidget* accuracyPlot() const { return m_accPlot; }
  QListWidget* checkpointList() const { return m_checkpoints; }
  QPushButton* toPlaygroundButton() const { return m_toPlayground; }
  QPushButton* startButton() const { return m_controls->startButton(); }
  QPushButton* pauseButton() const { return m_controls->pauseButton(); }
  QPushButton* stopButton() const { return m_controls->stopButton(); }
  QSpinBox* processesBox() const { return m_processes; }
  QSpinBox* episodesPerStepBox() const { return m_perStep; }
  bool exportResult(const QString& destination, bool peft, QString* error = nullptr);

 Q_SIGNALS:
  void loadIntoPlayground(const QString& adapterPath);
  void trainingEnded();

 private:
  QString etaText() const;
  bool runsSeveralProcesses() const;
  // Batches of missing pools the run will invert before its episodes.
  static int inversionStagesOf(const api::MetaTrainSettings& s);
  QWidget* buildSettings();
  QGroupBox* buildZooGroup(QWidget* page);
  QGroupBox* buildEpisodeGroup(QWidget* page);
  QGroupBox* buildDataGroup(QWidget* page);
  QWidget* buildResults();
  void refreshAdapters();
  void refreshCheckpoints();
  void onProgress(const QVector<api::ProgressInfo>& batch);
  void onEnded();
  void updateButtons();
  void appendLog(const QString& line);
  void clearPlots();

  QListWidget* m_adapters;
  QLabel* m_selectedCount;
  QSpinBox* m_way;
  QSpinBox* m_shot;
  QSpinBox* m_query;
  QSpinBox* m_episodes;
  QDoubleSpinBox* m_lr;
  QCheckBox* m_poolMasks;
  QSpinBox* m_maskRatio;
  QSpinBox* m_rank;
  QSpinBox* m_seed;
  QSpinBox* m_perStep;
  QSpinBox* m_processes;
  QComboBox* m_device;
  QLineEdit* m_poolDir;
  QCheckBox* m_invertMissing;
  QSpinBox* m_invIterations;
  QSpinBox* m_invPerClass;
  QLineEdit* m_valDir;
  QSpinBox* m_valEvery;
  QSpinBox* m_checkpointEvery;
  QCheckBox* m_resume;
  QLineEdit* m_outPath;
  JobControls* m_controls;

  QLabel* m_status;
  QProgressBar* m_progress;
  QLabel* m_eta;
  OverallEta m_overall;  // the whole run's ETA: missing pools, then episodes
  PlotWidget* m_lossPlot;
  PlotWidget* m_lrPlot;
  PlotWidget* m_accPlot;
  QPlainTextEdit* m_log;
  QListWidget* m_checkpoints;
  QPushButton* m_saveButton;
  QPushButton* m_toPlayground;

  QPointer<TrainingJob> m_job;
  api::MetaTrainSettings m_base;  // the fields the form does not show (see settings())
  bool m_recipeApplied = false;
  QString m_resultPath;
  int64_t m_lastCheckpointStep = 0;
};

}  // namespace lrc::ui
