#include "common/files.h"

#include <QDir>

#include <QSettings>

#include <QCoreApplication>
#include <QDirIterator>
#include <QFileInfo>
#include <QMimeData>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

#include "common/api_types.h"

namespace lrc::ui {

QStringList localPaths(const QMimeData* mime) {
  QStringList out;
  if (!mime || !mime->hasUrls()) return out;
  for (const QUrl& url : mime->urls())
    if (url.isLocalFile()) out << QFileInfo(url.toLocalFile()).absoluteFilePath();
  return out;
}

bool hasLocalPaths(const QMimeData* mime) {
  return !localPaths(mime).isEmpty();
}

bool isImageFile(const QString& path) {
  const QString suffix = QLatin1Char('.') + QFileInfo(path).suffix().toLower();
  for (const auto& ext : api::image_extensions())
    if (suffix == qs(ext)) return true;
  return false;
}

QString imageNameFilter() {
  QStringList patterns;
  for (const auto& ext : api::image_extensions()) patterns << QLatin1Char('*') + qs(ext);
  return patterns.join(QLatin1Char(' '));
}

GatheredImages gatherImages(const QStringList& paths, int limit) {
  GatheredImages out;
  QStringList files;
  for (const QString& path : paths) {
    const QFileInfo info(path);
    if (!info.exists()) {
      out.problems << QCoreApplication::translate("lrc::ui::Files", "%1: no such file").arg(path);
      continue;
    }
    if (!info.isDir()) {
      files << info.absoluteFilePath();
      continue;
    }
    QDirIterator it(path, QDir::Files | QDir::Readable, QDirIterator::Subdirectories);
    int counted = 0;
    QStringList inFolder;
    while (it.hasNext()) {
      inFolder << it.next();
      if (++counted > limit) break;
    }
    if (counted > limit) {
      out.problems << QCoreApplication::translate(
                          "lrc::ui::Files",
                          "%1: this folder holds more than %2 files; drop at most %2 images "
                          "at once (pick a smaller folder or a few files)")
                          .arg(path)
                          .arg(limit);
      return {QStringList(), out.problems};
    }
    inFolder.sort();
    files << inFolder;
  }
  if (files.size() > limit) {
    out.problems << QCoreApplication::translate("lrc::ui::Files",
                                                "%1 files dropped; drop at most %2 images at once")
                        .arg(files.size())
                        .arg(limit);
    return {QStringList(), out.problems};
  }
  for (const QString& f : files) {
    if (isImageFile(f))
      out.images << f;
    else
      out.problems << QCoreApplication::translate(
                          "lrc::ui::Files", "%1: not an image; drop PNG, JPEG, BMP or WebP files")
                          .arg(f);
  }
  return out;
}

QVector<Thumbnail> loadThumbnailsNow(const QStringList& paths, int maxSide) {
  QVector<Thumbnail> out;
  out.reserve(paths.size());
  for (const QString& p : paths) {
    Thumbnail t;
    t.path = p;
    try {
      t.image = toQImage(api::load_thumbnail(ss(p), maxSide));
    } catch (const std::exception& e) {
      t.error = QString::fromUtf8(e.what());
    }
    out << t;
  }
  return out;
}

QFuture<QVector<Thumbnail>> loadThumbnails(const QStringList& paths, int maxSide) {
  return QtConcurrent::run([paths, maxSide] { return loadThumbnailsNow(paths, maxSide); });
}

QString startFolder(const QString& key) {
  const QString remembered = QSettings().value(key).toString();
  if (!remembered.isEmpty() && QFileInfo(remembered).isDir()) return remembered;
  return QDir::homePath();
}

}  // namespace lrc::ui
