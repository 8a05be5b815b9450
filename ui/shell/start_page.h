// The welcome page: shown while no model is open (e.g. when the embedded default in
// resources/default is missing), with the three steps of the method and big first actions.
#pragma once

#include <QList>
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
  // The shipped default's recorded plain vs recycled accuracy (rich text; empty: hidden).
  void setComparison(const QString& text);
  QString comparison() const;
  QPushButton* tourButton(int page) const { return m_tours.value(page); }

 Q_SIGNALS:
  void openModelRequested();
  void openFolderRequested();
  void playgroundRequested();
  void tourRequested(int page);  // MainWindow::Page

 private:
  QLabel* m_note;
  QLabel* m_loading;
  QLabel* m_comparison;
  QList<QPushButton*> m_tours;
  QWidget* step(const QIcon& icon, const QString& title, const QString& text, int page);
};

}  // namespace lrc::ui
