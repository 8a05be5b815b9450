// The live grid of an inversion: one row per class, each image with its teacher confidence, and
// optionally its token mask (the patches that survived pruning) shown or overlaid.
#pragma once

#include <QWidget>

#include "common/api_types.h"

namespace lrc::ui {

class ImageGrid : public QWidget {
  Q_OBJECT
 public:
  enum class MaskMode { Off, Masked, Overlay };

  explicit ImageGrid(QWidget* parent = nullptr);
  void setSnapshot(SnapshotPtr snapshot);
  SnapshotPtr snapshot() const { return m_snapshot; }
  void setMaskMode(MaskMode mode);
  MaskMode maskMode() const { return m_maskMode; }
  void setTileSize(int px);
  int imageCount() const;
  // The whole grid as an image (for "Save grid PNG…").
  QImage render() const;

  QSize sizeHint() const override;
  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  struct Row {
    QString name;
    QVector<int> images;
  };
  QVector<Row> rows() const;
  QImage tileImage(int index) const;
  void paintGrid(QPainter& p, int width) const;

  SnapshotPtr m_snapshot;
  QVector<QImage> m_images;  // the snapshot's images, converted once
  MaskMode m_maskMode = MaskMode::Off;
  int m_tile = 80;
};

}  // namespace lrc::ui
