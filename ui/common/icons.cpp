#include "common/icons.h"

#include <QFile>
#include <QHash>
#include <QIconEngine>
#include <QImageReader>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QtMath>

namespace lrc::ui {

namespace {

const QColor kTeal(0x1f, 0x8a, 0x78);
const QColor kTealLight(0x3c, 0xb8, 0x9c);
const QColor kBlue(0x2b, 0x6c, 0xd4);
const QColor kPurple(0x7b, 0x4f, 0xc9);
const QColor kOrange(0xe0, 0x7b, 0x21);
const QColor kGreen(0x2e, 0x9d, 0x4f);
const QColor kRed(0xd0, 0x3b, 0x2f);
const QColor kAmber(0xf0, 0xb4, 0x1c);
const QColor kGrey(0x55, 0x5d, 0x66);

QPen pen(const QColor& c, double w) {
  return QPen(c, w, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
}

void arrowHead(QPainter& p, QPointF tip, double angleDeg, double size, const QColor& c) {
  const double a = qDegreesToRadians(angleDeg);
  QPainterPath path;
  path.moveTo(tip);
  path.lineTo(tip - QPointF(size * std::cos(a - 0.5), size * std::sin(a - 0.5)));
  path.lineTo(tip - QPointF(size * std::cos(a + 0.5), size * std::sin(a + 0.5)));
  path.closeSubpath();
  p.fillPath(path, c);
}

void drawApp(QPainter& p) {
  QLinearGradient g(0, 0, 24, 24);
  g.setColorAt(0, kTealLight);
  g.setColorAt(1, kTeal);
  p.setPen(Qt::NoPen);
  p.setBrush(g);
  p.drawRoundedRect(QRectF(1, 1, 22, 22), 5, 5);
  // The recycling loop.
  p.setPen(pen(Qt::white, 1.8));
  p.setBrush(Qt::NoBrush);
  p.drawArc(QRectF(4.5, 4.5, 15, 15), 100 * 16, 290 * 16);
  arrowHead(p, QPointF(10.6, 4.8), 180, 3.2, Qt::white);
  // B (tall) and A (wide): the low-rank pair.
  p.setPen(Qt::NoPen);
  p.setBrush(QColor(255, 255, 255, 235));
  p.drawRoundedRect(QRectF(9.0, 8.5, 2.4, 7.5), 0.8, 0.8);
  p.drawRoundedRect(QRectF(9.0, 13.6, 7.0, 2.4), 0.8, 0.8);
}

void drawCollection(QPainter& p) {
  p.setPen(pen(kTeal.darker(120), 1.2));
  for (int i = 2; i >= 0; --i) {
    p.setBrush(i == 0 ? kTealLight
                      : QColor(kTealLight.red(), kTealLight.green(), kTealLight.blue(),
                               120 + 50 * (2 - i)));
    p.drawRoundedRect(QRectF(3 + i * 2.5, 5 + i * -1.5 + 3, 14, 11), 2, 2);
  }
  p.setPen(pen(Qt::white, 1.4));
  p.drawLine(QPointF(6, 11), QPointF(13, 11));
  p.drawLine(QPointF(6, 14), QPointF(11, 14));
}

void drawInversion(QPainter& p) {
  p.setPen(Qt::NoPen);
  const int alpha[9] = {60, 200, 110, 230, 90, 255, 140, 170, 70};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) {
      QColor col = kPurple;
      col.setAlpha(alpha[r * 3 + c]);
      p.setBrush(col);
      p.drawRoundedRect(QRectF(3 + c * 6, 3 + r * 6, 5, 5), 1, 1);
    }
  // A spark: noise becoming an image.
  p.setBrush(kAmber);
  QPainterPath star;
  const QPointF c(19, 5);
  for (int i = 0; i < 8; ++i) {
    const double a = M_PI * i / 4.0, rad = (i % 2) ? 1.3 : 3.8;
    const QPointF pt = c + QPointF(rad * std::cos(a), rad * std::sin(a));
    i == 0 ? star.moveTo(pt) : star.lineTo(pt);
  }
  star.closeSubpath();
  p.drawPath(star);
}

void drawTraining(QPainter& p) {
  p.setPen(pen(kGrey, 1.4));
  p.drawLine(QPointF(3, 3), QPointF(3, 21));
  p.drawLine(QPointF(3, 21), QPointF(21, 21));
  QPainterPath curve;
  curve.moveTo(5, 5);
  curve.cubicTo(8, 15, 11, 17, 20, 17.5);
  p.setPen(pen(kOrange, 2.2));
  p.drawPath(curve);
  p.setPen(pen(kBlue, 1.6));
  QPainterPath acc;
  acc.moveTo(5, 18);
  acc.cubicTo(9, 10, 13, 8, 20, 7);
  p.drawPath(acc);
}

void drawPlayground(QPainter& p) {
  const QPointF protos[3] = {{7, 8}, {17, 8}, {12, 17}};
  const QColor cols[3] = {kBlue, kOrange, kGreen};
  for (int i = 0; i < 3; ++i) {
    p.setPen(Qt::NoPen);
    QColor halo = cols[i];
    halo.setAlpha(60);
    p.setBrush(halo);
    p.drawEllipse(protos[i], 5, 5);
    p.setBrush(cols[i]);
    p.drawEllipse(protos[i], 2.2, 2.2);
  }
  p.setPen(pen(kGrey, 1.2));
  p.setBrush(Qt::white);
  p.drawEllipse(QPointF(12, 11), 1.8, 1.8);
}

void drawFolder(QPainter& p, bool withArrow) {
  QPainterPath f;
  f.moveTo(2.5, 6);
  f.lineTo(9, 6);
  f.lineTo(11, 8);
  f.lineTo(21.5, 8);
  f.lineTo(21.5, 19.5);
  f.lineTo(2.5, 19.5);
  f.closeSubpath();
  p.setPen(pen(QColor(0xb8, 0x86, 0x0b), 1.2));
  p.setBrush(QColor(0xf6, 0xc3, 0x4a));
  p.drawPath(f);
  if (withArrow) {
    p.setPen(pen(Qt::white, 2.0));
    p.drawLine(QPointF(12, 17), QPointF(12, 11));
    arrowHead(p, QPointF(12, 10), -90, 3.5, Qt::white);
  }
}

void drawModel(QPainter& p) {
  QPolygonF top{{12, 3}, {20, 7}, {12, 11}, {4, 7}};
  QPolygonF left{{4, 7}, {12, 11}, {12, 21}, {4, 17}};
  QPolygonF right{{12, 11}, {20, 7}, {20, 17}, {12, 21}};
  p.setPen(pen(kBlue.darker(130), 1.0));
  p.setBrush(kBlue.lighter(150));
  p.drawPolygon(top);
  p.setBrush(kBlue);
  p.drawPolygon(left);
  p.setBrush(kBlue.darker(120));
  p.drawPolygon(right);
}

void drawGear(QPainter& p) {
  p.setPen(Qt::NoPen);
  p.setBrush(kGrey);
  QPainterPath g;
  const QPointF c(12, 12);
  for (int i = 0; i < 16; ++i) {
    const double a0 = M_PI * 2 * i / 16.0, rad = (i % 2) ? 7.0 : 9.5;
    const double a1 = M_PI * 2 * (i + 1) / 16.0;
    const QPointF p0 = c + QPointF(rad * std::cos(a0), rad * std::sin(a0));
    const QPointF p1 = c + QPointF(rad * std::cos(a1), rad * std::sin(a1));
    i == 0 ? g.moveTo(p0) : g.lineTo(p0);
    g.lineTo(p1);
  }
  g.closeSubpath();
  QPainterPath hole;
  hole.addEllipse(c, 3.2, 3.2);
  p.drawPath(g.subtracted(hole));
}

void drawBadge(QPainter& p, const QColor& c, const QString& glyph, bool triangle) {
  p.setPen(Qt::NoPen);
  p.setBrush(c);
  if (triangle) {
    QPainterPath t;
    t.moveTo(12, 2.5);
    t.lineTo(22, 20.5);
    t.lineTo(2, 20.5);
    t.closeSubpath();
    p.drawPath(t);
  } else {
    p.drawEllipse(QRectF(2, 2, 20, 20));
  }
  p.setPen(triangle ? QColor(0x40, 0x30, 0x00) : Qt::white);
  QFont f = p.font();
  f.setPixelSize(14);
  f.setBold(true);
  p.setFont(f);
  p.drawText(QRectF(2, triangle ? 6 : 2, 20, triangle ? 15 : 20), Qt::AlignCenter, glyph);
}

void draw(Icons::Id id, QPainter& p) {
  switch (id) {
    case Icons::App:
      return drawApp(p);
    case Icons::Collection:
      return drawCollection(p);
    case Icons::Inversion:
      return drawInversion(p);
    case Icons::Training:
      return drawTraining(p);
    case Icons::Playground:
      return drawPlayground(p);
    case Icons::Open:
      return drawFolder(p, true);
    case Icons::Folder:
      return drawFolder(p, false);
    case Icons::Model:
      return drawModel(p);
    case Icons::Start: {
      QPainterPath t;
      t.moveTo(6, 3.5);
      t.lineTo(20, 12);
      t.lineTo(6, 20.5);
      t.closeSubpath();
      p.setPen(pen(kGreen.darker(120), 1.2));
      p.setBrush(kGreen);
      p.drawPath(t);
      return;
    }
    case Icons::Pause:
      p.setPen(Qt::NoPen);
      p.setBrush(kAmber.darker(115));
      p.drawRoundedRect(QRectF(5, 4, 5, 16), 1.2, 1.2);
      p.drawRoundedRect(QRectF(14, 4, 5, 16), 1.2, 1.2);
      return;
    case Icons::Stop:
      p.setPen(Qt::NoPen);
      p.setBrush(kRed);
      p.drawRoundedRect(QRectF(4.5, 4.5, 15, 15), 2.5, 2.5);
      return;
    case Icons::Save:
      p.setPen(pen(kBlue.darker(140), 1.2));
      p.setBrush(kBlue);
      p.drawRoundedRect(QRectF(3, 3, 18, 18), 2, 2);
      p.setPen(Qt::NoPen);
      p.setBrush(Qt::white);
      p.drawRect(QRectF(7, 3.6, 10, 6));
      p.drawRoundedRect(QRectF(6, 13, 12, 7.4), 1, 1);
      p.setBrush(kBlue);
      p.drawRect(QRectF(13.5, 4.5, 2, 4));
      return;
    case Icons::Add:
      p.setPen(pen(kGreen, 3.0));
      p.drawLine(QPointF(12, 4.5), QPointF(12, 19.5));
      p.drawLine(QPointF(4.5, 12), QPointF(19.5, 12));
      return;
    case Icons::Remove:
      p.setPen(pen(kRed, 3.0));
      p.drawLine(QPointF(6, 6), QPointF(18, 18));
      p.drawLine(QPointF(18, 6), QPointF(6, 18));
      return;
    case Icons::Settings:
      return drawGear(p);
    case Icons::Info:
      return drawBadge(p, kBlue, QStringLiteral("i"), false);
    case Icons::Warning:
      return drawBadge(p, kAmber, QStringLiteral("!"), true);
    case Icons::Error:
      return drawBadge(p, kRed, QStringLiteral("!"), false);
    case Icons::Ok: {
      p.setPen(Qt::NoPen);
      p.setBrush(kGreen);
      p.drawEllipse(QRectF(2, 2, 20, 20));
      p.setPen(pen(Qt::white, 2.6));
      QPainterPath tick;
      tick.moveTo(7, 12.5);
      tick.lineTo(10.5, 16);
      tick.lineTo(17, 8.5);
      p.drawPath(tick);
      return;
    }
    case Icons::Log:
      p.setPen(pen(kGrey, 1.2));
      p.setBrush(QColor(0xf4, 0xf5, 0xf7));
      p.drawRoundedRect(QRectF(3.5, 3, 17, 18), 2, 2);
      p.setPen(pen(kGrey, 1.6));
      for (int i = 0; i < 4; ++i)
        p.drawLine(QPointF(7, 7.5 + 3.3 * i), QPointF(i % 2 ? 14 : 17, 7.5 + 3.3 * i));
      return;
    case Icons::Export:
      p.setPen(pen(kGrey, 1.6));
      p.setBrush(Qt::NoBrush);
      p.drawPolyline(QPolygonF{{9, 7}, {4, 7}, {4, 20}, {17, 20}, {17, 15}});
      p.setPen(pen(kBlue, 2.2));
      p.drawLine(QPointF(10, 14), QPointF(19, 5));
      arrowHead(p, QPointF(20.5, 3.5), -45, 5, kBlue);
      return;
    case Icons::Clear:
      p.setPen(pen(kGrey, 1.4));
      p.setBrush(QColor(0xe9, 0xeb, 0xee));
      p.drawRoundedRect(QRectF(4, 6, 16, 14), 2, 2);
      p.setPen(pen(kRed, 2.2));
      p.drawLine(QPointF(9, 10), QPointF(15, 16));
      p.drawLine(QPointF(15, 10), QPointF(9, 16));
      return;
  }
}

class PaintedIconEngine : public QIconEngine {
 public:
  explicit PaintedIconEngine(Icons::Id id) : m_id(id) {}
  void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State) override {
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->translate(rect.topLeft());
    painter->scale(rect.width() / 24.0, rect.height() / 24.0);
    if (mode == QIcon::Disabled) painter->setOpacity(0.35);
    draw(m_id, *painter);
    painter->restore();
  }
  QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override {
    QPixmap pm(size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    paint(&p, QRect(QPoint(0, 0), size), mode, state);
    return pm;
  }
  QIconEngine* clone() const override { return new PaintedIconEngine(m_id); }
  QString key() const override { return QStringLiteral("lrc-painted"); }

 private:
  Icons::Id m_id;
};

}  // namespace

const char* Icons::name(Id id) {
  static const char* names[] = {
      "app",     "collection", "inversion", "training", "playground", "open",   "folder",   "model",
      "start",   "pause",      "stop",      "save",     "add",        "remove", "settings", "info",
      "warning", "error",      "log",       "export",   "clear",      "ok"};
  return names[int(id)];
}

QIcon Icons::get(Id id) {
  static QHash<int, QIcon> cache;
  auto it = cache.find(int(id));
  if (it != cache.end()) return *it;
  static const bool svg = QImageReader::supportedImageFormats().contains("svg");
  const QString file = QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name(id)));
  QIcon icon = (svg && QFile::exists(file)) ? QIcon(file) : QIcon(new PaintedIconEngine(id));
  cache.insert(int(id), icon);
  return icon;
}

}  // namespace lrc::ui
