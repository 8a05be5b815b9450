// The welcome page: shown while no model is open (e.g. when the embedded default in
// resources/default is missing), with the three steps of the method and big first actions.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace lrc::ui {

class StartPage : public QWidget {
  Q_OBJECT
 public:
  explicit StartPage(QWidget* parent = nullptr);
  void setDefaultsNote(const QString& note);
  void setLoading(const QString& what);  // empty: not loading

 Q_SIGNALS:
  void openModelRequested();
  void openFolderRequested();
  void playgroundRequested();

 private:
  QLabel* m_note;
  QLabel* m_loading;
};

}  // namespace lrc::ui
