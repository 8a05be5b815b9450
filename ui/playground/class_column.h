// One class of the playground's support set: an editable name and the support images (drop,
// paste or "Add images…").
#pragma once

#include <QColor>
#include <QStringList>

#include "common/files.h"
#include "playground/drop_frame.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QToolButton;

namespace lrc::ui {

class ClassColumn : public DropFrame {
  Q_OBJECT
 public:
  explicit ClassColumn(const QString& name, const QColor& color, QWidget* parent = nullptr);

  QString name() const;
  void setName(const QString& name);
  QColor color() const { return m_color; }
  QStringList imagePaths() const;
  int imageCount() const;
  void addImages(const QVector<Thumbnail>& thumbnails);  // only those without error
  void removeImage(int index);
  void clearImages();
  QLineEdit* nameEdit() const { return m_nameEdit; }
  QListWidget* list() const { return m_list; }

 Q_SIGNALS:
  void changed();
  void removeRequested();
  void addRequested();

 protected:
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void showNameFromStart();
  void updateHint();

  QColor m_color;
  QLineEdit* m_nameEdit;
  QToolButton* m_addButton;
  QToolButton* m_removeButton;
  QListWidget* m_list;
  QLabel* m_hint;
};

}  // namespace lrc::ui
