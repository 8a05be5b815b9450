// Playground — "can it tell my classes apart from one example each?": N classes of support
// images, query images dropped beside them, and at once the prediction of the plain VFM and of
// the VFM + meta-LoRA (tuning-free: prototypes of the support features, one forward pass).
#pragma once

#include <memory>

#include <QDir>
#include <QFutureWatcher>
#include <QJsonObject>
#include <QPointer>
#include <QVector>

#include "common/api_types.h"
#include "common/files.h"
#include "shell/workspace.h"

class QButtonGroup;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QToolButton;
class QPushButton;

namespace lrc::ui {

class ClassColumn;
class DropFrame;
class QueryTable;

class PlaygroundPage : public Workspace {
  Q_OBJECT
 public:
  enum class Mode { Plain, Meta, Compare };

  explicit PlaygroundPage(AppContext* context, QWidget* parent = nullptr);
  ~PlaygroundPage() override;

  ClassColumn* addClass(const QString& name = QString());
  void removeClass(int index);
  int classCount() const { return m_columns.size(); }
  ClassColumn* classColumn(int index) const { return m_columns.value(index); }
  DropFrame* queryArea() const { return m_queryArea; }
  QueryTable* queryTable() const { return m_queries; }

  // Validate (extension, folder size) now, decode off the GUI thread, then add; bad files get a
  // banner naming the file and the problem and change nothing else.
  void addSupportFiles(int classIndex, const QStringList& paths);
  void addQueryFiles(const QStringList& paths);

  void setMode(Mode mode);
  Mode mode() const { return m_mode; }
  // The adapter of the "VFM + meta-LoRA" column ("" = none).
  void setAdapter(const QString& path);
  // The distance both columns classify under ("cosine" or "sqeuclidean"): one metric for the
  // plain VFM and the meta-LoRA, so the baseline never depends on the adapter it is compared with.
  void setMetric(const QString& name);
  QString metric() const { return m_metric; }
  QString adapterPath() const { return m_adapterPath; }

  bool saveTask(const QString& path, QString* error = nullptr) const;
  bool loadTask(const QString& path, QString* error = nullptr);
  // One class per sub-folder: the first image is the support, the next two are queries.
  void loadSamples(const QString& folder);
  // Removes every class and query (undoable).
  void clearTask();
  // Puts back the task as it was before the last clear, class or query removal, or task load;
  // false when there is nothing to undo.
  bool undo();
  bool canUndo() const { return !m_undo.isEmpty(); }

  // Decoding dropped files or classifying.
  bool isBusy() const;
  // The answers of the last classification (empty when it could not run).
  const std::vector<api::QueryAnswer>& lastAnswers(bool meta) const {
    return meta ? m_metaAnswers : m_plainAnswers;
  }
  QLabel* latencyLabel() const { return m_latency; }
  // "Known labels: …": the task's accuracy per classifier over the queries whose class is known
  // (known_labels.h); empty when none is.
  QLabel* accuracyLabel() const { return m_accuracy; }
  // The known class of each query row (-1: unknown), as of the last classification.
  const QVector<int>& knownClasses() const { return m_truth; }
  // The last predictions as CSV (known_labels.h) into `path`, atomically.
  bool exportPredictions(const QString& path, QString* error = nullptr) const;

  bool canSave() const override { return true; }
  void save() override;

 Q_SIGNALS:
  void resultsUpdated();
  void undoAvailable(bool available);

 private:
  struct Engine;
  struct Request;
  struct Response;

  void buildToolbar(QHBoxLayout* bar);
  void loadThumbnailsThen(const QStringList& paths,
                          std::function<void(const QVector<Thumbnail>&)> done);
  void reportProblems(const QStringList& problems);
  void scheduleClassify();
  void runClassify();
  void applyResponse(const Response& response);
  void updateHint();
  void updateColumns();
  void chooseAdapter();
  void refreshAdapterCombo();
  void updateAccuracy();
  QJsonObject taskJson() const;
  void applyTaskJson(const QJsonObject& root, const QDir& base);
  void resetTask();
  void dropClass(int index);
  void pushUndo();
  void chooseExportPath();

  QVector<ClassColumn*> m_columns;
  QHBoxLayout* m_columnsLayout;
  DropFrame* m_queryArea;
  QueryTable* m_queries;
  QLabel* m_hint;
  QLabel* m_latency;
  QLabel* m_accuracy;
  QToolButton* m_export;
  QVector<int> m_truth;
  static constexpr int kMaxUndo = 50;
  static constexpr int kMaxChosenAdapters = 6;
  QVector<QJsonObject> m_undo;  // task snapshots, oldest first
  int m_undoSuspended = 0;
  QButtonGroup* m_modeGroup;
  QComboBox* m_adapterCombo;
  QComboBox* m_metricCombo;
  QString m_metric = QStringLiteral("cosine");
  Mode m_mode = Mode::Compare;
  QString m_adapterPath;
  int m_nextClass = 1;

  std::shared_ptr<Engine> m_engine;
  QFutureWatcher<std::shared_ptr<Response>>* m_classify;
  bool m_dirty = false;
  bool m_classifying = false;  // from runClassify() until its result is applied
  int m_pendingLoads = 0;
  std::vector<api::QueryAnswer> m_plainAnswers, m_metaAnswers;
};

}  // namespace lrc::ui
