// Preferences: interface language (applied at the next start), default compute threads, and the
// folder of the embedded default assets.
#pragma once

#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace lrc::ui {

class SettingsDialog : public QDialog {
  Q_OBJECT
 public:
  explicit SettingsDialog(QWidget* parent = nullptr);
  void accept() override;

  // The languages with a translation: "" (system), "en", "zh_CN", "de".
  static QStringList languages();
  static QString languageName(const QString& code);

 private:
  QComboBox* m_language;
  QSpinBox* m_threads;
  QLineEdit* m_defaultDir;
};

}  // namespace lrc::ui
