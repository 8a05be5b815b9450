// What dropped or pasted files are: local paths from QMimeData, image files (by extension, then
// decoded off the GUI thread with the core's limits), and clear messages for what is refused.
#pragma once

#include <QFuture>
#include <QImage>
#include <QStringList>
#include <QVector>

class QMimeData;

namespace lrc::ui {

// Local file paths behind the mime data's URLs (non-local URLs are ignored).
QStringList localPaths(const QMimeData* mime);
bool hasLocalPaths(const QMimeData* mime);

// By extension, as the core's decoder accepts them.
bool isImageFile(const QString& path);
// "*.png *.jpg …" for file dialogs.
QString imageNameFilter();

// Where a file dialog opens: the folder remembered under the QSettings `key` when it still
// exists, else the home folder (never "/", where a save dialog would offer the file system root).
QString startFolder(const QString& key);

// Image files named by a drop: files as they are, folders expanded (recursively). Refuses the
// whole drop, with one message, when it holds more than `limit` files — a mistaken drop of a
// huge folder must not freeze or flood the window. Non-image files get one message each.
struct GatheredImages {
  QStringList images;
  QStringList problems;  // "FILE: problem; fix"
};
GatheredImages gatherImages(const QStringList& paths, int limit = 500);

// A decoded thumbnail, or why the file cannot be used (the core's message naming the file).
struct Thumbnail {
  QString path;
  QImage image;
  QString error;
};
// Decodes on a worker thread (QtConcurrent); the images are at most maxSide pixels wide/high.
QFuture<QVector<Thumbnail>> loadThumbnails(const QStringList& paths, int maxSide);
QVector<Thumbnail> loadThumbnailsNow(const QStringList& paths, int maxSide);

}  // namespace lrc::ui
