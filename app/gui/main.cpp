// lora-recycle: the desktop application.
//
//   lora-recycle [PATH…]             open models, adapters, adapter folders or images
//   --quit-after MS                  quit cleanly after MS milliseconds (tests, CI smoke runs)
//   --default-dir DIR                the embedded default assets (else LRC_DEFAULT_DIR,
//   resources/default)
//   --no-defaults                    start on the welcome page without loading the default assets
//   --lang CODE                      interface language for this run (en, zh_CN, de)
//   --screenshot FILE                with --quit-after: grab the window into FILE before quitting
//   --log-stderr                     also write the log (default found, model loaded) to stderr
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QSettings>
#include <QTimer>

#include <string>

#include "api/jobs.h"
#include "common/icons.h"
#include "shell/language.h"
#include "shell/main_window.h"
#include "shell/window_host.h"
#include "shell/style.h"

int main(int argc, char** argv) {
  // A helper rank of a multi-process meta-training that the Training page started: no window.
  if (argc == 3 && std::string(argv[1]) == lrc::api::kMetaTrainWorkerFlag)
    return lrc::api::run_meta_training_worker(argv[2]);
  QApplication::setAttribute(Qt::AA_DontUseNativeDialogs, false);
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("LoRA Recycle"));
  QApplication::setOrganizationName(QStringLiteral("LoRA Recycle"));
  QApplication::setApplicationVersion(QStringLiteral(LRC_VERSION));
  QApplication::setDesktopFileName(QStringLiteral("lora-recycle"));

  QCommandLineParser parser;
  parser.setApplicationDescription(
      QStringLiteral("Recycle pre-tuned LoRA adapters into a tuning-free few-shot learner."));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption quitAfter(QStringLiteral("quit-after"),
                               QStringLiteral("Quit after MS milliseconds."), QStringLiteral("MS"));
  QCommandLineOption defaultDir(QStringLiteral("default-dir"),
                                QStringLiteral("Folder of the embedded default assets."),
                                QStringLiteral("DIR"));
  QCommandLineOption noDefaults(QStringLiteral("no-defaults"),
                                QStringLiteral("Do not load the default assets."));
  QCommandLineOption lang(QStringLiteral("lang"),
                          QStringLiteral("Interface language (en, zh_CN, de)."),
                          QStringLiteral("CODE"));
  QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                QStringLiteral("Grab the window into FILE before quitting."),
                                QStringLiteral("FILE"));
  QCommandLineOption logStderr(QStringLiteral("log-stderr"),
                               QStringLiteral("Also write the log to stderr."));
  parser.addOptions({quitAfter, defaultDir, noDefaults, lang, screenshot, logStderr});
  parser.addPositionalArgument(
      QStringLiteral("paths"),
      QStringLiteral("Models, adapters, adapter folders or images to open."),
      QStringLiteral("[PATH…]"));
  parser.process(app);

  if (parser.isSet(defaultDir))
    qputenv("LRC_DEFAULT_DIR", QDir(parser.value(defaultDir)).absolutePath().toLocal8Bit());
  lrc::ui::applyLanguage(parser.isSet(lang)
                             ? parser.value(lang)
                             : QSettings().value(QStringLiteral("ui/language")).toString());
  lrc::ui::applyStyle(app);
  QApplication::setWindowIcon(lrc::ui::Icons::get(lrc::ui::Icons::App));

  lrc::ui::MainWindow::Options options;
  options.loadDefaults = !parser.isSet(noDefaults);
  options.logToStderr = parser.isSet(logStderr);
  // The host rebuilds the window when the language changes in Settings.
  lrc::ui::WindowHost host(options);
  lrc::ui::MainWindow& window = *host.window();
  window.show();
  if (!parser.positionalArguments().isEmpty()) {
    QStringList paths;
    for (const QString& p : parser.positionalArguments()) paths << QDir(p).absolutePath();
    QTimer::singleShot(0, &window, [&window, paths] { window.openPaths(paths); });
  }
  if (parser.isSet(quitAfter)) {
    bool ok = false;
    const int ms = parser.value(quitAfter).toInt(&ok);
    if (!ok || ms < 0) {
      fprintf(stderr, "lora-recycle: --quit-after needs a number of milliseconds\n");
      return 2;
    }
    const QString shot = parser.value(screenshot);
    QTimer::singleShot(ms, &host, [&host, shot] {
      lrc::ui::MainWindow* window = host.window();  // the current one, after a language change
      if (!shot.isEmpty()) window->grab().save(shot);
      window->close();
      QApplication::quit();
    });
  }
  return QApplication::exec();
}
