// A workspace of the main window (Collection, Inversion, Training, Playground): its banner bar
// for non-modal messages, and the commands the window's menus route to the current workspace.
#pragma once

#include <QStringList>
#include <QWidget>

namespace lrc::ui {

class AppContext;
class BannerBar;

class Workspace : public QWidget {
  Q_OBJECT
 public:
  Workspace(AppContext* context, QWidget* parent = nullptr);

  BannerBar* banner() const { return m_banner; }
  AppContext* context() const { return m_context; }

  // Run ▸ Start (F5), Run ▸ Stop (Esc), File ▸ Save (Ctrl+S); false when not applicable here.
  virtual bool canStart() const { return false; }
  virtual bool canStop() const { return false; }
  virtual bool canSave() const { return false; }
  virtual bool canPause() const { return canStop(); }
  virtual void start() {}
  virtual void togglePause() {}
  virtual void stop() {}
  virtual void save() {}
  // What Run ▸ Stop (Esc) and the Stop buttons call: asks first, with "Keep running" as the
  // default answer, so one key never ends a run by accident; then stop().
  void requestStop();
  // The question requestStop() asks: what stopping keeps and what it loses.
  virtual QString stopQuestion() const { return tr("Stop the running job?"); }

 Q_SIGNALS:
  void commandsChanged();  // canStart/canStop/canSave may have changed

 protected:
  AppContext* m_context;
  BannerBar* m_banner;
};

}  // namespace lrc::ui
