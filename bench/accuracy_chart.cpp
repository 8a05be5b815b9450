// accuracy_chart: draws bench/accuracy's results as a grouped bar chart (PNG) with QCustomPlot.
//   accuracy_chart RESULTS.json OUT.png
// RESULTS.json: [{"setting": "glyphs 5-way 1-shot", "method": "protonet", "mean": 0.61, "ci95":
// 0.01}, …] One bar group per method, one bar colour per setting, 95 % intervals as error bars.
// Runs without a display (QT_QPA_PLATFORM=offscreen is set when none is given).
#include <QApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <qcustomplot.h>

#include <cstdio>

namespace {

struct Results {
  QStringList settings, methods;
  QMap<QPair<QString, QString>, QPair<double, double>> values;  // (setting, method) → (mean, ci95)
};

bool readResults(const QString& path, Results& r, QString& error) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    error = path + QStringLiteral(": cannot open: ") + f.errorString();
    return false;
  }
  QJsonParseError pe{};
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
  if (!doc.isArray()) {
    error = path + QStringLiteral(": not a JSON array: ") + pe.errorString();
    return false;
  }
  for (const QJsonValue& v : doc.array()) {
    const QJsonObject o = v.toObject();
    const QString s = o.value(QStringLiteral("setting")).toString(),
                  m = o.value(QStringLiteral("method")).toString();
    if (s.isEmpty() || m.isEmpty()) continue;
    if (!r.settings.contains(s)) r.settings << s;
    if (!r.methods.contains(m)) r.methods << m;
    r.values[{s, m}] = {o.value(QStringLiteral("mean")).toDouble() * 100,
                        o.value(QStringLiteral("ci95")).toDouble() * 100};
  }
  if (r.values.isEmpty()) {
    error = path + QStringLiteral(": no results");
    return false;
  }
  return true;
}

// Long method names on several lines, so every label fits under its bar group.
QString wrapped(const QString& text, int width) {
  QStringList lines;
  QString line;
  for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
    if (!line.isEmpty() && line.size() + 1 + word.size() > width) {
      lines << line;
      line.clear();
    }
    line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
  }
  if (!line.isEmpty()) lines << line;
  return lines.join(QLatin1Char('\n'));
}

void drawChart(const Results& r, QCustomPlot& plot) {
  const QList<QColor> palette{QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e),
                              QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28),
                              QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b)};
  const int n = int(r.settings.size());
  const double width = 0.8 / n;
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  for (int m = 0; m < r.methods.size(); ++m) ticker->addTick(m, wrapped(r.methods[m], 14));
  for (int s = 0; s < n; ++s) {
    auto* bars = new QCPBars(plot.xAxis, plot.yAxis);
    bars->setName(r.settings[s]);
    bars->setWidth(width);
    const QColor c = palette[s % palette.size()];
    bars->setPen(QPen(c.darker(130)));
    bars->setBrush(c);
    auto* errors = new QCPErrorBars(plot.xAxis, plot.yAxis);
    errors->removeFromLegend();
    errors->setDataPlottable(bars);
    QVector<double> keys, values, ci;
    for (int m = 0; m < r.methods.size(); ++m) {
      const auto it = r.values.find({r.settings[s], r.methods[m]});
      if (it == r.values.end()) continue;
      keys << m + (s - (n - 1) / 2.0) * width;
      values << it->first;
      ci << it->second;
    }
    bars->setData(keys, values);
    errors->setData(ci);
  }
  plot.xAxis->setTicker(ticker);
  plot.xAxis->setRange(-0.6, r.methods.size() - 0.4);
  plot.yAxis->setLabel(QStringLiteral("accuracy (%), mean ± 95 % CI"));
  plot.yAxis->setRange(0, 100);
  plot.legend->setVisible(true);
  plot.axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
}

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
    qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  if (argc != 3) {
    std::fprintf(stderr, "usage: accuracy_chart RESULTS.json OUT.png\n");
    return 2;
  }
  Results results;
  QString error;
  if (!readResults(QString::fromLocal8Bit(argv[1]), results, error)) {
    std::fprintf(stderr, "accuracy_chart: %s\n", qPrintable(error));
    return 2;
  }
  QCustomPlot plot;
  drawChart(results, plot);
  const QString out = QString::fromLocal8Bit(argv[2]);
  if (!plot.savePng(out, 1200, 600)) {
    std::fprintf(stderr, "accuracy_chart: %s: cannot write the PNG\n", qPrintable(out));
    return 1;
  }
  return 0;
}
