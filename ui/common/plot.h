// A QCustomPlot with the project's look: wheel zoom and drag on both axes, double-click (or the
// context menu) to reset, and "Export…" (PNG, SVG or the curves' data as CSV) in the context menu.
#pragma once

#include <qcustomplot.h>

namespace lrc::ui {

class PlotWidget : public QCustomPlot {
  Q_OBJECT
 public:
  explicit PlotWidget(const QString& title, QWidget* parent = nullptr);

  // A line graph with the given colour (and a legend entry).
  QCPGraph* addLine(const QString& name, const QColor& color, double width = 1.6);
  // Rescales to the data unless the user has zoomed or dragged since the last reset.
  void autoRange();
  void resetZoom();
  // Saves the plot as PNG (2× pixels), SVG or CSV (graph,x,y per point, the C locale), chosen by
  // the file's suffix; atomically. False with `error` (naming the file) on failure, and no file.
  bool exportTo(const QString& path, QString* error = nullptr);
  bool exportPng(const QString& path) { return exportTo(path); }
  QByteArray csv() const;
  QByteArray svg();
  // While live (a job is feeding it), curves are drawn without antialiasing: QCustomPlot's
  // antialiased polylines cost tens of ms per replot on the raster engine, which the GUI thread
  // cannot spend 25 times a second. Leaving live mode redraws them smooth.
  void setLive(bool live);
  void setTitle(const QString& title);
  QString title() const;
  bool userZoomed() const { return m_userZoomed; }

 protected:
  void contextMenuEvent(QContextMenuEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  QCPTextElement* m_title = nullptr;
  bool m_userZoomed = false;
};

}  // namespace lrc::ui
