#include "collection/provenance_text.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QStringList>

namespace lrc::ui {

namespace {

QString valueText(const QJsonValue& v) {
  switch (v.type()) {
    case QJsonValue::Double: {
      const double d = v.toDouble();
      // Integers stay whole (seeds, steps); fractions get 4 significant digits.
      if (d == double(qint64(d)) && std::abs(d) < 1e15) return QLocale().toString(qint64(d));
      return QLocale().toString(d, 'g', 4);
    }
    case QJsonValue::Bool:
      return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::String: {
      const QString s = v.toString();
      const bool absolute = s.startsWith(QLatin1Char('/')) ||
                            (s.size() > 2 && s[1] == QLatin1Char(':') &&
                             (s[2] == QLatin1Char('\\') || s[2] == QLatin1Char('/')));
      return absolute ? QFileInfo(s).fileName() : s;
    }
    case QJsonValue::Array: {
      QStringList items;
      for (const QJsonValue& item : v.toArray()) items << valueText(item);
      return items.join(QStringLiteral(", "));
    }
    case QJsonValue::Null:
      return QStringLiteral("—");
    default:
      return {};
  }
}

void addLines(const QJsonObject& o, const QString& prefix, QStringList& out) {
  for (auto it = o.begin(); it != o.end(); ++it) {
    const QString key = prefix.isEmpty() ? it.key() : prefix + QLatin1Char('.') + it.key();
    if (it->isObject())
      addLines(it->toObject(), key, out);
    else
      out << key + QStringLiteral(": ") + valueText(*it);
  }
}

}  // namespace

QString provenanceText(const QString& json) {
  QJsonParseError error;
  const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &error);
  if (error.error != QJsonParseError::NoError || !doc.isObject()) return json;
  QStringList lines;
  addLines(doc.object(), QString(), lines);
  return lines.join(QLatin1Char('\n'));
}

}  // namespace lrc::ui
