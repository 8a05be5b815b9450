#include "shell/settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

namespace lrc::ui {

QStringList SettingsDialog::languages() {
  return {QString(), QStringLiteral("en"), QStringLiteral("zh_CN"), QStringLiteral("de")};
}

QString SettingsDialog::languageName(const QString& code) {
  if (code.isEmpty()) return tr("System language");
  if (code == QLatin1String("en")) return QStringLiteral("English");
  if (code == QLatin1String("zh_CN")) return QStringLiteral("简体中文");
  if (code == QLatin1String("de")) return QStringLiteral("Deutsch");
  return code;
}

QStringList SettingsDialog::precisions() {
  return {QStringLiteral("auto"), QStringLiteral("fp32"), QStringLiteral("bf16"),
          QStringLiteral("fp16")};
}

QString SettingsDialog::precisionName(const QString& id) {
  if (id == QLatin1String("auto")) return tr("Automatic (bf16 where the hardware runs it fast)");
  if (id == QLatin1String("fp32")) return tr("fp32 (full precision)");
  if (id == QLatin1String("bf16")) return tr("bf16 (mixed precision)");
  if (id == QLatin1String("fp16")) return tr("fp16 (mixed precision, CUDA only)");
  return id;
}

SettingsDialog::SettingsDialog(QWidget* parent, const QString& precisionNow) : QDialog(parent) {
  setWindowTitle(tr("Settings"));
  QSettings s;
  auto* v = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  m_language = new QComboBox(this);
  for (const QString& code : languages()) m_language->addItem(languageName(code), code);
  m_language->setCurrentIndex(
      std::max(0, m_language->findData(s.value(QStringLiteral("ui/language")).toString())));
  m_language->setToolTip(tr("The language of the interface; applied when you press OK"));
  form->addRow(tr("&Language"), m_language);
  m_threads = new QSpinBox(this);
  m_threads->setRange(0, 1024);
  m_threads->setSpecialValueText(tr("all cores"));
  m_threads->setValue(s.value(QStringLiteral("compute/threads"), 0).toInt());
  m_threads->setToolTip(
      tr("LibTorch threads at start (0: every core); the model bar changes it for this session"));
  form->addRow(tr("&Threads at start"), m_threads);
  m_precision = new QComboBox(this);
  for (const QString& id : precisions()) m_precision->addItem(precisionName(id), id);
  m_precision->setCurrentIndex(std::max(
      0, m_precision->findData(s.value(QStringLiteral("compute/precision"), "auto").toString())));
  m_precision->setToolTip(
      tr("Numeric precision of inversion, meta-training and classification. Weights, optimizer "
         "state, inverted pixels, losses and distances stay fp32 in every mode."));
  form->addRow(tr("&Precision"), m_precision);
  if (!precisionNow.isEmpty()) {
    auto* now = new QLabel(tr("Now: %1").arg(precisionNow), this);
    now->setObjectName(QStringLiteral("dimLabel"));
    now->setWordWrap(true);
    form->addRow(QString(), now);
  }
  auto* row = new QHBoxLayout;
  m_defaultDir = new QLineEdit(s.value(QStringLiteral("defaults/dir")).toString(), this);
  m_defaultDir->setPlaceholderText(tr("automatic (LRC_DEFAULT_DIR or resources/default)"));
  m_defaultDir->setToolTip(tr(
      "The folder of the embedded default model, prior, demo collection, meta-LoRA and samples"));
  row->addWidget(m_defaultDir, 1);
  auto* browse = new QPushButton(QStringLiteral("…"), this);
  browse->setToolTip(tr("Choose the folder"));
  browse->setMaximumWidth(32);
  row->addWidget(browse);
  // A row that is a layout gets no buddy from QFormLayout: without one the & would show.
  auto* defaultsLabel = new QLabel(tr("&Default assets"), this);
  defaultsLabel->setBuddy(m_defaultDir);
  form->addRow(defaultsLabel, row);
  v->addLayout(form);
  auto* note = new QLabel(
      tr("The language applies at once; the default assets folder at the next start."), this);
  note->setObjectName(QStringLiteral("dimLabel"));
  v->addWidget(note);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  v->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString d =
        QFileDialog::getExistingDirectory(this, tr("Default assets folder"), m_defaultDir->text());
    if (!d.isEmpty()) m_defaultDir->setText(d);
  });
}

void SettingsDialog::accept() {
  QSettings s;
  s.setValue(QStringLiteral("ui/language"), m_language->currentData().toString());
  s.setValue(QStringLiteral("compute/threads"), m_threads->value());
  s.setValue(QStringLiteral("compute/precision"), m_precision->currentData().toString());
  s.setValue(QStringLiteral("defaults/dir"), m_defaultDir->text().trimmed());
  QDialog::accept();
}

}  // namespace lrc::ui
