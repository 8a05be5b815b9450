// Preferences: interface language (applied at the next start), default compute threads, the
// numeric precision of every job (applied at once), and the folder of the embedded default assets.
#pragma once

#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace lrc::ui {

class SettingsDialog : public QDialog {
  Q_OBJECT
 public:
  // `precisionNow`: what the current choice runs as on the current device (shown under the
  // choice).
  explicit SettingsDialog(QWidget* parent = nullptr, const QString& precisionNow = QString());
  void accept() override;

  // The precision choices ("auto", "fp32", "bf16", "fp16") and their labels for people.
  static QStringList precisions();
  static QString precisionName(const QString& id);

  // The languages with a translation: "" (system), "en", "zh_CN", "de".
  static QStringList languages();
  static QString languageName(const QString& code);

 private:
  QComboBox* m_language;
  QSpinBox* m_threads;
  QComboBox* m_precision;
  QLineEdit* m_defaultDir;
};

}  // namespace lrc::ui
