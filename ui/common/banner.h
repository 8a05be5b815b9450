// Non-modal message banners shown above a workspace: errors name the file and the fix, and stay
// until dismissed; information fades after a few seconds. Never blocks the window.
#pragma once

#include <QStringList>
#include <QWidget>

class QVBoxLayout;

namespace lrc::ui {

class BannerBar : public QWidget {
  Q_OBJECT
 public:
  enum class Level { Info, Warning, Error };

  explicit BannerBar(QWidget* parent = nullptr);

  // Adds a banner (the same text again only refreshes it). At most kMaxBanners stay visible.
  void showMessage(Level level, const QString& text);
  void showError(const QString& text) { showMessage(Level::Error, text); }
  void showWarning(const QString& text) { showMessage(Level::Warning, text); }
  void showInfo(const QString& text) { showMessage(Level::Info, text); }
  void clearAll();

  int count() const;
  QStringList messages() const;  // the visible texts, oldest first

  static constexpr int kMaxBanners = 4;

 Q_SIGNALS:
  void messageShown(const QString& text);

 private:
  QWidget* findBanner(const QString& text) const;
  QVBoxLayout* m_layout;
};

}  // namespace lrc::ui
