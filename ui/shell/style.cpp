#include "shell/style.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace lrc::ui {

void applyStyle(QApplication& app) {
  app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
  QPalette p = app.palette();
  p.setColor(QPalette::Window, QColor(0xf6, 0xf7, 0xf9));
  p.setColor(QPalette::Base, Qt::white);
  p.setColor(QPalette::AlternateBase, QColor(0xf3, 0xf5, 0xf8));
  p.setColor(QPalette::Highlight, QColor(0x1f, 0x8a, 0x78));
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::Button, QColor(0xfb, 0xfb, 0xfc));
  p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xf4));
  p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x91, 0x9c));
  app.setPalette(p);
  app.setStyleSheet(QStringLiteral(R"(
QListWidget#sideBar { background: #1d2b36; border: none; color: #dce6ee; font-size: 11pt; outline: 0; }
QListWidget#sideBar::item { padding: 10px 8px; border-left: 3px solid transparent; }
QListWidget#sideBar::item:selected { background: #27404f; color: white; border-left: 3px solid #3cb89c; }
QListWidget#sideBar::item:hover:!selected { background: #233644; }
QLabel#dimLabel { color: #6b7280; }
QLabel#detailsTitle { font-size: 15pt; font-weight: 600; }
QLabel#startPageTitle { font-size: 24pt; font-weight: 600; color: #1d2b36; }
QLabel#statusLine { font-weight: 600; }
QLabel#latency { color: #1f8a78; font-weight: 600; }
QLabel#dropHint { color: #8a919c; font-size: 9pt; }
QFrame#stepCard { background: white; border: 1px solid #e3e6ea; border-radius: 8px; min-width: 9em; max-width: 16em; }
QFrame#classColumn, QFrame#queryArea { background: white; border: 1px solid #dfe3e8; border-radius: 8px; }
QFrame#classColumn[dropHover="true"], QFrame#queryArea[dropHover="true"] { border: 2px dashed #1f8a78; background: #eef8f5; }
QLineEdit#className { font-weight: 600; font-size: 11pt; background: transparent; }
QToolButton#segment { padding: 4px 10px; border: 1px solid #c9ced6; background: white; }
QToolButton#segment:checked { background: #1f8a78; color: white; border-color: #1f8a78; }
QGroupBox { font-weight: 600; border: 1px solid #e1e4e8; border-radius: 6px; margin-top: 1.1em; padding-top: 0.4em; background: white; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
QTableView { gridline-color: #eceef1; selection-background-color: #d4eee8; selection-color: #10231f; }
QHeaderView::section { background: #f0f2f5; border: none; border-bottom: 1px solid #dfe3e8; padding: 4px 6px; font-weight: 600; }
QToolBar#modelBar { spacing: 6px; padding: 4px; border-bottom: 1px solid #e1e4e8; background: #ffffff; }
QProgressBar { border: 1px solid #d5d9df; border-radius: 4px; text-align: center; background: #f3f4f6; min-height: 1.2em; }
QProgressBar::chunk { background: #3cb89c; border-radius: 3px; }
QProgressBar[state="failed"] { border-color: #c0392b; }
QProgressBar[state="failed"]::chunk { background: #c0392b; }
QProgressBar[state="stopped"]::chunk { background: #b0b6bf; }
)"));
}

}  // namespace lrc::ui
