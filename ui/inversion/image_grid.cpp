#include "inversion/image_grid.h"

#include <algorithm>
#include <map>

#include <QLocale>
#include <QPaintEvent>
#include <QPainter>

namespace lrc::ui {

namespace {
constexpr int kLabelW = 120;
constexpr int kGap = 6;
constexpr int kCaption = 16;
}  // namespace

ImageGrid::ImageGrid(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
  setAccessibleName(tr("Inverted images"));
  setToolTip(tr(
      "Images synthesized from the adapter, one row per class; the number under each image is the "
      "teacher's confidence in its class"));
}

void ImageGrid::setSnapshot(SnapshotPtr snapshot) {
  m_snapshot = std::move(snapshot);
  m_images.clear();
  if (m_snapshot)
    for (const auto& image : m_snapshot->images) m_images << toQImage(image);
  updateGeometry();
  update();
}

void ImageGrid::setMaskMode(MaskMode mode) {
  m_maskMode = mode;
  update();
}

void ImageGrid::setTileSize(int px) {
  m_tile = std::max(24, px);
  updateGeometry();
  update();
}

int ImageGrid::imageCount() const {
  return m_snapshot ? int(m_snapshot->images.size()) : 0;
}

QVector<ImageGrid::Row> ImageGrid::rows() const {
  QVector<Row> out;
  if (!m_snapshot) return out;
  std::map<int64_t, int> rowOfLabel;
  for (size_t i = 0; i < m_snapshot->images.size(); ++i) {
    const int64_t label = i < m_snapshot->labels.size() ? m_snapshot->labels[i] : 0;
    auto it = rowOfLabel.find(label);
    if (it == rowOfLabel.end()) {
      it = rowOfLabel.emplace(label, out.size()).first;
      Row r;
      r.name = i < m_snapshot->label_names.size() ? qs(m_snapshot->label_names[i])
                                                  : QString::number(label);
      out << r;
    }
    out[it->second].images << int(i);
  }
  return out;
}

QImage ImageGrid::tileImage(int index) const {
  const auto& s = *m_snapshot;
  if (m_maskMode == MaskMode::Off || size_t(index) >= s.masks.size() || s.mask_grid <= 0)
    return m_images.value(index);
  QImage img = m_images.value(index).copy();
  const auto& mask = s.masks[size_t(index)];
  const int g = s.mask_grid;
  QPainter p(&img);
  const double cw = double(img.width()) / g, ch = double(img.height()) / g;
  for (int r = 0; r < g; ++r)
    for (int c = 0; c < g; ++c) {
      if (mask[size_t(r * g + c)]) continue;
      const QRectF cell(c * cw, r * ch, cw, ch);
      if (m_maskMode == MaskMode::Masked)
        p.fillRect(cell, Qt::black);
      else
        p.fillRect(cell, QColor(220, 40, 40, 130));
    }
  return img;
}

int ImageGrid::heightForWidth(int width) const {
  int h = 0;
  const int perRow = std::max(1, (width - kLabelW) / (m_tile + kGap));
  for (const Row& r : rows()) {
    const int lines = (r.images.size() + perRow - 1) / perRow;
    h += lines * (m_tile + kCaption + kGap) + kGap;
  }
  return std::max(h, 120);
}

QSize ImageGrid::sizeHint() const {
  int maxPerRow = 1;
  for (const Row& r : rows()) maxPerRow = std::max(maxPerRow, int(r.images.size()));
  const int w = kLabelW + std::min(maxPerRow, 8) * (m_tile + kGap);
  return QSize(w, heightForWidth(w));
}

void ImageGrid::paintGrid(QPainter& p, int width) const {
  p.setRenderHint(QPainter::Antialiasing);
  const QFont base = font();
  QFont bold = base;
  bold.setBold(true);
  QFont small = base;
  small.setPointSizeF(std::max(6.0, base.pointSizeF() * 0.85));
  const int perRow = std::max(1, (width - kLabelW) / (m_tile + kGap));
  int y = kGap;
  for (const Row& r : rows()) {
    p.setFont(bold);
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(4, y, kLabelW - 10, m_tile),
               Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, r.name);
    for (int k = 0; k < r.images.size(); ++k) {
      const int i = r.images[k];
      const int x = kLabelW + (k % perRow) * (m_tile + kGap);
      const int ty = y + (k / perRow) * (m_tile + kCaption + kGap);
      const QImage img = tileImage(i);
      const bool tiny = img.width() < m_tile;
      p.setRenderHint(QPainter::SmoothPixmapTransform, !tiny);  // keep pixels crisp when enlarging
      p.drawImage(QRect(x, ty, m_tile, m_tile), img);
      p.setPen(QColor(0, 0, 0, 40));
      p.setBrush(Qt::NoBrush);
      p.drawRect(QRect(x, ty, m_tile - 1, m_tile - 1));
      if (size_t(i) < m_snapshot->confidence.size()) {
        const double conf = m_snapshot->confidence[size_t(i)];
        const QColor c = conf >= 0.8   ? QColor(0x2e, 0x7d, 0x32)
                         : conf >= 0.4 ? QColor(0x9a, 0x6b, 0x00)
                                       : QColor(0xb0, 0x2a, 0x1e);
        p.setFont(small);
        p.setPen(c);
        p.drawText(QRect(x, ty + m_tile, m_tile, kCaption), Qt::AlignCenter,
                   QLocale().toString(conf, 'f', 2));
      }
    }
    const int lines = (r.images.size() + perRow - 1) / perRow;
    y += lines * (m_tile + kCaption + kGap) + kGap;
    p.setPen(QColor(0, 0, 0, 25));
    p.drawLine(4, y - kGap / 2, width - 4, y - kGap / 2);
  }
}

void ImageGrid::paintEvent(QPaintEvent*) {
  QPainter p(this);
  if (!m_snapshot || m_snapshot->images.empty()) {
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
               tr("Pick a LoRA and press Start (F5): the images it imagines for each class appear "
                  "here as they form."));
    return;
  }
  paintGrid(p, width());
}

QImage ImageGrid::render() const {
  const int w = std::max(width(), sizeHint().width());
  QImage img(w, heightForWidth(w), QImage::Format_ARGB32_Premultiplied);
  img.fill(Qt::white);
  if (m_snapshot) {
    QPainter p(&img);
    paintGrid(p, w);
  }
  return img;
}

}  // namespace lrc::ui
