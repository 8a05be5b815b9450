#include "common/icons.h"

#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QPixmap>
#include <QPixmapCache>
#include <QSvgRenderer>

#include <iterator>
#include <memory>

namespace lrc::ui {

namespace {

// One entry per Icons::Id, in the enum's order.
const char* const kNames[] = {
    "app",     "collection", "inversion", "training", "playground", "open",   "folder",   "model",
    "start",   "pause",      "stop",      "save",     "add",        "remove", "settings", "info",
    "warning", "error",      "log",       "export",   "clear",      "ok"};
static_assert(std::size(kNames) == Icons::Ok + 1, "every Icons::Id needs a file name");

// Disabled icons are faded rather than greyed: the colours still tell the icons apart.
constexpr double kDisabledOpacity = 0.35;

QString resourcePath(Icons::Id id) {
  return QStringLiteral(":/icons/%1.svg").arg(QLatin1String(Icons::name(id)));
}

// Draws the SVG as vectors into whatever rectangle is asked: QIcon passes the size in device
// pixels (logical size × device-pixel ratio), so nothing is ever scaled up from a bitmap.
class SvgIconEngine : public QIconEngine {
 public:
  explicit SvgIconEngine(const QString& file)
      : m_file(file), m_renderer(std::make_shared<QSvgRenderer>(file)) {}

  void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State) override {
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (mode == QIcon::Disabled) painter->setOpacity(painter->opacity() * kDisabledOpacity);
    m_renderer->render(painter, rect);
    painter->restore();
  }

  // Item views ask for the same small pixmaps on every repaint: keep them in QPixmapCache.
  QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override {
    if (size.isEmpty()) return QPixmap();
    const QString key = cacheKey(size, mode);
    QPixmap pm;
    if (QPixmapCache::find(key, &pm)) return pm;
    pm = render(size, mode, state);
    QPixmapCache::insert(key, pm);
    return pm;
  }

  bool isNull() override { return !m_renderer->isValid(); }
  QIconEngine* clone() const override { return new SvgIconEngine(*this); }
  QString key() const override { return QStringLiteral("lrc-svg"); }

 private:
  QPixmap render(const QSize& size, QIcon::Mode mode, QIcon::State state) {
    QPixmap pm(size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    paint(&p, QRect(QPoint(0, 0), size), mode, state);
    return pm;
  }

  QString cacheKey(const QSize& size, QIcon::Mode mode) const {
    return QStringLiteral("lrc-icon:%1:%2x%3:%4")
        .arg(m_file)
        .arg(size.width())
        .arg(size.height())
        .arg(int(mode));
  }

  QString m_file;
  std::shared_ptr<QSvgRenderer> m_renderer;  // shared by clones: parsed once per icon
};

}  // namespace

const char* Icons::name(Id id) {
  return kNames[int(id)];
}

QIcon Icons::get(Id id) {
  static QHash<int, QIcon> cache;
  auto it = cache.find(int(id));
  if (it == cache.end()) it = cache.insert(int(id), QIcon(new SvgIconEngine(resourcePath(id))));
  return *it;
}

}  // namespace lrc::ui
