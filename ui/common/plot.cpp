#include "common/plot.h"

#include <QBuffer>
#include <QContextMenuEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSettings>
#include <QSvgGenerator>

#include "common/csv.h"
#include "common/files.h"
#include "common/icons.h"

namespace lrc::ui {

PlotWidget::PlotWidget(const QString& title, QWidget* parent) : QCustomPlot(parent) {
  setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  setMinimumHeight(150);
  setAccessibleName(title);
  setToolTip(tr("%1 — wheel to zoom, drag to pan, double-click to reset, right-click to export")
                 .arg(title));
  plotLayout()->insertRow(0);
  m_title =
      new QCPTextElement(this, title, QFont(font().family(), font().pointSize(), QFont::DemiBold));
  plotLayout()->addElement(0, 0, m_title);
  const QColor axis(0x6b, 0x72, 0x80), grid(0xe5, 0xe7, 0xeb);
  for (QCPAxis* a : {xAxis, yAxis}) {
    a->setBasePen(QPen(axis));
    a->setTickPen(QPen(axis));
    a->setSubTickPen(QPen(axis));
    a->setTickLabelColor(axis.darker(130));
    a->setLabelColor(axis.darker(130));
    a->grid()->setPen(QPen(grid, 1, Qt::SolidLine));
    a->grid()->setSubGridVisible(false);
  }
  legend->setVisible(false);
  legend->setBrush(QColor(255, 255, 255, 220));
  legend->setBorderPen(QPen(grid));
  legend->setFont(QFont(font().family(), qMax(7, font().pointSize() - 1)));
  legend->setIconSize(18, 10);  // narrow plots: the text, not the sample line, needs the width
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  setNoAntialiasingOnDrag(true);
  setPlottingHint(QCP::phFastPolylines, true);
}

void PlotWidget::resizeEvent(QResizeEvent* event) {
  // About one x tick label per 45 px of the axis (the widget less the y labels, ~60 px): the
  // default five run together ("50100150…") on the Training page's narrow plots at 1024 px.
  xAxis->ticker()->setTickCount(qBound(1, (width() - 60) / 45, 5));
  QCustomPlot::resizeEvent(event);
}

void PlotWidget::setLive(bool live) {
  setNotAntialiasedElement(QCP::aePlottables, live);
  if (!live) replot(QCustomPlot::rpQueuedReplot);
}

QCPGraph* PlotWidget::addLine(const QString& name, const QColor& color, double width) {
  QCPGraph* g = addGraph();
  g->setName(name);
  g->setPen(QPen(color, width));
  g->setAdaptiveSampling(true);
  legend->setVisible(graphCount() > 1);
  return g;
}

void PlotWidget::autoRange() {
  if (m_userZoomed) return;
  bool any = false;
  for (int i = 0; i < graphCount(); ++i) any = any || !graph(i)->data()->isEmpty();
  if (!any) return;
  rescaleAxes(true);
  // A little air above and below the curves, and above them room for the legend (top right),
  // so it never hides the start of a falling curve on a narrow plot.
  const QCPRange y = yAxis->range();
  const double pad = y.size() > 0 ? y.size() * 0.06 : 0.5;
  double top = pad;
  const int plotHeight = axisRect()->height();
  if (legend->visible() && plotHeight > 0) {
    // From the plot's top edge to the legend's bottom (the inset keeps a margin above it).
    const double covered = legend->outerRect().bottom() - axisRect()->top() + 6.0;
    const double share = qBound(0.0, covered / plotHeight, 0.5);
    top = qMax(pad, (y.size() + pad) * share / (1.0 - share));
  }
  if (yAxis->scaleType() == QCPAxis::stLinear) yAxis->setRange(y.lower - pad, y.upper + top);
}

void PlotWidget::resetZoom() {
  m_userZoomed = false;
  autoRange();
  replot();
}

QByteArray PlotWidget::csv() const {
  const QLocale c = QLocale::c();
  QByteArray out = "graph,x,y\n";
  for (int g = 0; g < graphCount(); ++g) {
    const QCPGraph* graph = this->graph(g);
    const QByteArray name = csvField(graph->name()).toUtf8();
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
      out += name + ',' + c.toString(it->key, 'g', 10).toUtf8() + ',' +
             c.toString(it->value, 'g', 10).toUtf8() + '\n';
  }
  return out;
}

QByteArray PlotWidget::svg() {
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  QSvgGenerator generator;
  generator.setOutputDevice(&buffer);
  generator.setSize(size());
  generator.setViewBox(rect());
  generator.setTitle(title());
  QCPPainter painter;
  painter.begin(&generator);
  toPainter(&painter, width(), height());
  painter.end();
  return buffer.data();
}

bool PlotWidget::exportTo(const QString& path, QString* error) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  QByteArray bytes;
  if (suffix == QLatin1String("csv")) {
    bytes = csv();
  } else if (suffix == QLatin1String("svg")) {
    bytes = svg();
  } else if (suffix == QLatin1String("png")) {
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!toPixmap(0, 0, 2.0).save(&buffer, "PNG")) bytes.clear();
  } else {
    if (error) *error = tr("%1: export as .png, .svg or .csv").arg(path);
    return false;
  }
  if (bytes.isEmpty()) {
    if (error) *error = tr("%1: the plot could not be rendered").arg(path);
    return false;
  }
  return writeTextFileAtomically(path, bytes, error);
}

void PlotWidget::setTitle(const QString& title) {
  m_title->setText(title);
  setAccessibleName(title);
}

QString PlotWidget::title() const {
  return m_title->text();
}

void PlotWidget::contextMenuEvent(QContextMenuEvent* event) {
  QMenu menu(this);
  menu.addAction(tr("Reset zoom"), this, &PlotWidget::resetZoom);
  menu.addAction(Icons::get(Icons::Export), tr("Export…"), this, [this] {
    QSettings settings;
    const QString dir = startFolder(QStringLiteral("folders/export"));
    QString name = title();
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_-]+")), QStringLiteral("_"));
    const QString png = tr("PNG images (*.png)"), svgFilter = tr("SVG drawings (*.svg)"),
                  csvFilter = tr("Curve data as CSV (*.csv)");
    QString chosen = png;
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export plot"), dir + QLatin1Char('/') + name + QStringLiteral(".png"),
        QStringList{png, svgFilter, csvFilter}.join(QStringLiteral(";;")), &chosen);
    if (path.isEmpty()) return;
    // The filter decides when the name has no suffix of its own.
    if (QFileInfo(path).suffix().isEmpty())
      path += chosen == svgFilter   ? QStringLiteral(".svg")
              : chosen == csvFilter ? QStringLiteral(".csv")
                                    : QStringLiteral(".png");
    settings.setValue(QStringLiteral("folders/export"), QFileInfo(path).absolutePath());
    QString error;
    if (!exportTo(path, &error)) QMessageBox::warning(this, tr("Export plot"), error);
  });
  menu.exec(event->globalPos());
}

void PlotWidget::mouseDoubleClickEvent(QMouseEvent* event) {
  QCustomPlot::mouseDoubleClickEvent(event);
  resetZoom();
}

void PlotWidget::wheelEvent(QWheelEvent* event) {
  m_userZoomed = true;
  QCustomPlot::wheelEvent(event);
}

void PlotWidget::mouseMoveEvent(QMouseEvent* event) {
  if (event->buttons() & Qt::LeftButton) m_userZoomed = true;
  QCustomPlot::mouseMoveEvent(event);
}

}  // namespace lrc::ui
