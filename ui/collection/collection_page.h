// Collection — "what adapters do I have, and which fit my model?": a recursive scan of a folder
// (on a worker thread), a sortable and filterable table, and the details of the current adapter
// with its ‖B·A‖ per layer.
#pragma once

#include <atomic>
#include <memory>

#include <QFutureWatcher>

#include "common/api_types.h"
#include "shell/workspace.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QPlainTextEdit;

namespace lrc::ui {

class AdapterFilterProxy;
class PlotWidget;

class CollectionPage : public Workspace {
  Q_OBJECT
 public:
  explicit CollectionPage(AppContext* context, QWidget* parent = nullptr);
  ~CollectionPage() override;

  // Scans `folder` recursively (replacing the table); scanFinished() follows.
  void openFolder(const QString& folder);
  QString folder() const { return m_scanFolder; }  // the folder last opened ("" = none)
  // Adds single adapter files/folders to the table (drag-and-drop).
  void addAdapters(const QStringList& paths);
  void chooseFolder();
  bool isScanning() const { return m_scan.isRunning(); }

  QTableView* table() const { return m_table; }
  AdapterFilterProxy* proxy() const { return m_proxy; }
  QCheckBox* compatibleOnlyBox() const { return m_compatibleOnly; }
  QLineEdit* filterEdit() const { return m_filter; }
  PlotWidget* normPlot() const { return m_plot; }
  QLabel* summaryLabel() const { return m_summary; }
  QPlainTextEdit* provenanceView() const { return m_provenance; }
  QString currentPath() const { return m_currentPath; }
  // Selects the row of `path` (if shown) and shows its details.
  void selectPath(const QString& path);

  bool canStop() const override { return isScanning(); }
  bool canPause() const override { return false; }
  void stop() override;

 Q_SIGNALS:
  void scanFinished(int count);
  void invertRequested(const QString& adapterPath);
  void trainRequested(const QStringList& adapterPaths);

 private:
  QWidget* buildDetails();
  void onScanProgress(int done, int total, const QString& path);
  void onScanFinished();
  void onSelectionChanged();
  void updateSummary();
  void afterFilterChanged();
  void showDetails(const api::AdapterRecord* record);

  QPushButton* m_openButton;
  QLabel* m_folderLabel;
  QLineEdit* m_filter;
  QCheckBox* m_compatibleOnly;
  QProgressBar* m_progress;
  QLabel* m_summary;
  QTableView* m_table;
  AdapterFilterProxy* m_proxy;

  QLabel* m_title;
  QLabel* m_subtitle;
  QLabel* m_fits;
  QLabel* m_facts;
  QLabel* m_classes;
  PlotWidget* m_plot;
  QPlainTextEdit* m_provenance;
  QPushButton* m_invertButton;
  QPushButton* m_trainButton;
  QWidget* m_detailsBody;
  QLabel* m_detailsEmpty;
  QString m_currentPath;
  QString m_lastSelected;    // the adapter the user chose, reselected when a filter lets it back
  bool m_filtering = false;  // the proxy is re-filtering: selection changes are not the user's

  struct ScanResult {
    QVector<api::AdapterRecord> records;
    QString error;
  };
  QFutureWatcher<ScanResult> m_scan;
  std::shared_ptr<std::atomic<bool>> m_scanCancel;
  QString m_scanFolder;
  int m_scanSerial = 0;
  ModelPtr m_scanModel;  // what the running / last scan checked the adapters against
};

}  // namespace lrc::ui
