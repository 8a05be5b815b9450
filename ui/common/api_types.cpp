#include "common/api_types.h"

#include <QCoreApplication>
#include <QLocale>
#include <QThread>

#include "io/text.h"

namespace lrc::ui {

QStringList qsList(const std::vector<std::string>& v) {
  QStringList out;
  out.reserve(int(v.size()));
  for (const auto& s : v) out << qs(s);
  return out;
}

std::vector<std::string> ssList(const QStringList& v) {
  std::vector<std::string> out;
  out.reserve(size_t(v.size()));
  for (const auto& s : v) out.push_back(ss(s));
  return out;
}

QImage toQImage(const api::Image& image) {
  if (image.empty() || image.rgb.size() < size_t(image.width) * size_t(image.height) * 3) return {};
  return QImage(image.rgb.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888)
      .copy();
}

QString formatBytes(quint64 bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = double(bytes);
  int u = 0;
  while (v >= 1024.0 && u < 4) v /= 1024.0, ++u;
  return u == 0 ? QStringLiteral("%1 B").arg(bytes)
                : QStringLiteral("%1 %2")
                      .arg(QLocale().toString(v, 'f', v < 10 ? 1 : 0))
                      .arg(units[u]);
}

QString formatDuration(double seconds) {
  return qs(format_duration(seconds, "\u2013"));  // an en dash where the time is not known
}

QString deviceLabel(const api::DeviceOption& device) {
  if (device.id != "cpu") return qs(device.label);
  const int threads = QThread::idealThreadCount();  // lupdate needs a plain name here
  return QCoreApplication::translate("lrc::ui::Devices", "CPU (%n thread(s))", nullptr, threads);
}

QString isolated(const QString& userText) {
  return QChar(0x2068) + userText + QChar(0x2069);  // FSI … PDI
}

}  // namespace lrc::ui
