#include "shell/app_context.h"

#include "shell/recent_files.h"

#include <algorithm>

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include "collection/adapter_table_model.h"
#include "jobs/job.h"

#ifndef LRC_SOURCE_DIR
#define LRC_SOURCE_DIR ""
#endif

namespace lrc::ui {

AppContext::AppContext(QObject* parent)
    : QObject(parent), m_collection(new AdapterTableModel(this)) {
  qRegisterMetaType<lrc::api::ProgressInfo>();
  qRegisterMetaType<QVector<lrc::api::ProgressInfo>>();
  qRegisterMetaType<lrc::ui::SnapshotPtr>();
  qRegisterMetaType<lrc::ui::ModelPtr>();
  m_threads = api::threads();
  connect(&m_loading, &QFutureWatcher<LoadResult>::finished, this, &AppContext::onModelLoaded);
  m_defaults = api::inspect_default_dir(ss(locateDefaultDir()));
  readRecipe();
}

void AppContext::readRecipe() {
  m_recipe = api::Recipe{};
  if (m_defaults.recipe.empty()) return;
  try {
    m_recipe = api::read_recipe(m_defaults.recipe);
  } catch (const std::exception& e) {
    // The pages fall back to the generic defaults; the log says why.
    log(tr("The default's recipe is not used: %1").arg(QString::fromUtf8(e.what())));
  }
}

AppContext::~AppContext() {
  // Jobs are children of whoever started them; make sure none outlives the model it holds.
  for (const auto& job : m_jobs)
    if (job) job->stop();
  m_loading.waitForFinished();
}

QString AppContext::locateDefaultDir() {
  return qs(api::locate_default_dir(ss(QCoreApplication::applicationDirPath()), LRC_SOURCE_DIR));
}

void AppContext::setDefaultDir(const QString& dir) {
  m_defaults = api::inspect_default_dir(ss(dir));
  readRecipe();
  Q_EMIT defaultsChanged();
}

QString AppContext::priorPath() const {
  return qs(m_defaults.prior);
}

bool AppContext::modelIsDefault() const {
  return m_model && !m_defaults.model.empty() &&
         QFileInfo(modelPath()).canonicalFilePath() ==
             QFileInfo(qs(m_defaults.model)).canonicalFilePath();
}

void AppContext::openModel(const QString& path) {
  const int serial = ++m_loadSerial;
  m_loadingPath = path;
  const std::string p = ss(path), device = ss(m_device);
  m_loading.setProperty("serial", serial);
  m_loading.setFuture(QtConcurrent::run([p, device]() -> LoadResult {
    try {
      return {api::Model::load(p, device), QString()};
    } catch (const std::exception& e) {
      return {nullptr, QString::fromUtf8(e.what())};
    }
  }));
  log(tr("Opening model %1 on %2…").arg(path, m_device));
  Q_EMIT modelLoading(path);
}

void AppContext::onModelLoaded() {
  if (m_loading.property("serial").toInt() != m_loadSerial) return;  // a newer request is running
  const LoadResult r = m_loading.result();
  if (!r.model) {
    const QString msg =
        r.error.isEmpty() ? tr("%1: could not open the model").arg(m_loadingPath) : r.error;
    log(tr("Failed: %1").arg(msg));
    Q_EMIT modelFailed(msg);
    return;
  }
  m_model = r.model;
  const auto& s = m_model->summary();
  log(tr("Model %1 (%2, %3 px, patch %4, width %5, depth %6) on %7")
          .arg(qs(s.name), qs(s.family))
          .arg(s.image_size)
          .arg(s.patch_size)
          .arg(s.width)
          .arg(s.depth)
          .arg(qs(s.device)));
  for (const auto& n : s.notes) log(QStringLiteral("  ") + qs(n));
  m_collection->recheck(m_model);
  if (!modelIsDefault()) noteRecent(RecentEntry::Kind::Model, m_loadingPath);
  Q_EMIT modelChanged();
}

void AppContext::closeModel() {
  m_model.reset();
  ++m_loadSerial;
  m_collection->recheck(nullptr);
  Q_EMIT modelChanged();
}

void AppContext::setDevice(const QString& device) {
  if (device == m_device) return;
  m_device = device;
  Q_EMIT deviceChanged(device);
  if (m_model) openModel(modelPath());
}

void AppContext::setPrecision(const QString& precision) {
  const auto options = api::precision_options();
  const QString p = std::find(options.begin(), options.end(), ss(precision)) != options.end()
                        ? precision
                        : QStringLiteral("auto");
  if (p == m_precision) return;
  m_precision = p;
  Q_EMIT precisionChanged(p);
}

QString AppContext::precisionDescription() const {
  api::PrecisionExplained p;
  try {
    p = api::explain_precision(ss(m_precision), ss(m_device));
  } catch (const std::exception& e) {
    return QString::fromUtf8(e.what());
  }
  // The core's reason as a code, worded here so that it follows the interface language.
  const QString feature = qs(p.cpu_feature);
  QString why;
  if (p.reason_code == "auto-cpu-bf16")
    why = tr("auto: this CPU has %1").arg(feature);
  else if (p.reason_code == "auto-cpu-none")
    why = tr("auto: this CPU has neither AVX512-BF16 nor AMX");
  else if (p.reason_code == "auto-cuda-bf16")
    why = tr("auto: this CUDA device runs bf16");
  else if (p.reason_code == "auto-cuda-no-bf16")
    why = tr("auto: this CUDA device lacks bf16");
  else if (p.reason_code == "emulated-cpu")
    why = tr("emulated on this CPU: likely slower than fp32");
  else if (p.reason_code == "emulated-cuda")
    why = tr("this CUDA device emulates bf16");
  else if (!p.reason_code.empty())
    return qs(p.text);  // a reason this front end does not know yet: the core's own words
  return why.isEmpty() ? qs(p.effective) : tr("%1 (%2)").arg(qs(p.effective), why);
}

void AppContext::setThreads(int threads) {
  if (threads == m_threads) return;
  m_threads = threads;
  api::set_threads(threads);
  Q_EMIT threadsChanged(threads);
}

void AppContext::setSelectedAdapters(const QStringList& paths) {
  if (paths == m_selectedAdapters) return;
  m_selectedAdapters = paths;
  Q_EMIT selectedAdaptersChanged(paths);
}

void AppContext::addJob(Job* job) {
  m_jobs.removeAll(nullptr);
  m_jobs << job;
  connect(job, &Job::stateChanged, this, &AppContext::jobsChanged);
  connect(job, &Job::progressed, this, &AppContext::jobProgressed);
  connect(job, &Job::logLine, this,
          [this, job](const QString& line) { log(job->title() + QStringLiteral(": ") + line); });
  connect(job, &Job::failed, this,
          [this, job](const QString& msg) { log(tr("%1 failed: %2").arg(job->title(), msg)); });
  connect(job, &Job::cancelled, this, [this, job] { log(tr("%1 stopped").arg(job->title())); });
  connect(job, &Job::finished, this, [this, job] { log(tr("%1 finished").arg(job->title())); });
  connect(job, &QObject::destroyed, this, &AppContext::jobsChanged);
  Q_EMIT jobsChanged();
}

QList<Job*> AppContext::jobs() const {
  QList<Job*> out;
  for (const auto& j : m_jobs)
    if (j) out << j.data();
  return out;
}

QList<Job*> AppContext::activeJobs() const {
  QList<Job*> out;
  for (Job* j : jobs())
    if (j->isActive()) out << j;
  return out;
}

void AppContext::log(const QString& line) {
  Q_EMIT logMessage(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss  ")) + line);
}

void AppContext::reportError(const QString& message) {
  log(tr("Error: %1").arg(message));
  Q_EMIT errorReported(message);
}

void AppContext::reportInfo(const QString& message) {
  log(message);
  Q_EMIT infoReported(message);
}

}  // namespace lrc::ui
