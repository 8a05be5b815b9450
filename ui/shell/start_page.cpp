#include "shell/start_page.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "common/icons.h"

namespace lrc::ui {

QWidget* StartPage::step(const QIcon& icon, const QString& title, const QString& text, int page) {
  auto* w = new QFrame(this);
  w->setObjectName(QStringLiteral("stepCard"));
  auto* v = new QVBoxLayout(w);
  auto* i = new QLabel(w);
  i->setPixmap(icon.pixmap(40, 40));
  i->setAlignment(Qt::AlignCenter);
  v->addWidget(i);
  auto* t = new QLabel(QStringLiteral("<b>%1</b>").arg(title), w);
  t->setAlignment(Qt::AlignCenter);
  v->addWidget(t);
  auto* d = new QLabel(text, w);
  d->setWordWrap(true);
  d->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
  d->setObjectName(QStringLiteral("dimLabel"));
  // Four cards side by side fit next to the sidebar at 1024 px in every language: the text wraps
  // into a narrow column rather than widening the window.
  d->setMinimumWidth(d->fontMetrics().averageCharWidth() * 16);
  d->setMinimumHeight(d->fontMetrics().lineSpacing() * 5 + 4);  // five wrapped lines, any scale
  v->addWidget(d, 1);
  // One click into the workspace, with a short guide there of what to do first.
  auto* tour = new QPushButton(tr("Show me"), w);
  tour->setToolTip(tr("Open this workspace with a short guide"));
  v->addWidget(tour, 0, Qt::AlignHCenter);
  connect(tour, &QPushButton::clicked, this, [this, page] { Q_EMIT tourRequested(page); });
  m_tours.append(tour);
  return w;
}

StartPage::StartPage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("startPage"));
  auto* outer = new QVBoxLayout(this);
  outer->addStretch(1);
  auto* logo = new QLabel(this);
  logo->setPixmap(Icons::get(Icons::App).pixmap(96, 96));
  logo->setAlignment(Qt::AlignCenter);
  outer->addWidget(logo);
  auto* title = new QLabel(tr("LoRA Recycle"), this);
  title->setObjectName(QStringLiteral("startPageTitle"));
  title->setAlignment(Qt::AlignCenter);
  outer->addWidget(title);
  auto* tagline = new QLabel(
      tr("Turn the LoRA adapters other people tuned into a few-shot learner — without their data."),
      this);
  tagline->setAlignment(Qt::AlignCenter);
  tagline->setWordWrap(true);
  tagline->setObjectName(QStringLiteral("dimLabel"));
  outer->addWidget(tagline);
  outer->addSpacing(18);

  auto* steps = new QGridLayout;
  steps->setHorizontalSpacing(14);
  steps->addWidget(
      step(Icons::get(Icons::Collection), tr("1. Collect"),
           tr("Open a folder of pre-tuned LoRAs and see which ones fit your foundation model."), 0),
      0, 0);
  steps->addWidget(
      step(Icons::get(Icons::Inversion), tr("2. Invert"),
           tr("Synthesize surrogate images from each adapter — no original data needed."), 1),
      0, 1);
  steps->addWidget(
      step(Icons::get(Icons::Training), tr("3. Meta-train"),
           tr("Recycle them into one meta-LoRA that solves new few-shot tasks without tuning."), 2),
      0, 2);
  steps->addWidget(step(Icons::get(Icons::Playground), tr("4. Try it"),
                        tr("Drop one image per class and see the predictions at once."), 3),
                   0, 3);
  auto* stepsBox = new QWidget(this);
  stepsBox->setLayout(steps);
  stepsBox->setMaximumWidth(920);
  outer->addWidget(stepsBox, 0, Qt::AlignHCenter);
  outer->addSpacing(18);

  auto* buttons = new QHBoxLayout;
  buttons->addStretch();
  auto* open = new QPushButton(Icons::get(Icons::Model), tr("Open model…"), this);
  open->setToolTip(
      tr("Open a ViT: an HF CLIP / HF ViT folder, a timm or project-format .safetensors file "
         "(Ctrl+O)"));
  open->setDefault(true);
  auto* folder = new QPushButton(Icons::get(Icons::Open), tr("Open adapter folder…"), this);
  folder->setToolTip(tr("Scan a folder of LoRA adapters (Ctrl+Shift+O)"));
  auto* play = new QPushButton(Icons::get(Icons::Playground), tr("Playground"), this);
  play->setToolTip(tr("Go to the Playground (Ctrl+4)"));
  for (QPushButton* b : {open, folder, play}) {
    b->setMinimumHeight(36);
    b->setIconSize(QSize(20, 20));
    buttons->addWidget(b);
  }
  buttons->addStretch();
  outer->addLayout(buttons);
  m_loading = new QLabel(this);
  m_loading->setAlignment(Qt::AlignCenter);
  outer->addWidget(m_loading);
  outer->addSpacing(10);
  m_comparison = new QLabel(this);
  m_comparison->setObjectName(QStringLiteral("startComparison"));
  m_comparison->setAlignment(Qt::AlignCenter);
  m_comparison->setWordWrap(true);
  m_comparison->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_comparison->hide();
  outer->addWidget(m_comparison);
  m_note = new QLabel(this);
  m_note->setAlignment(Qt::AlignCenter);
  m_note->setWordWrap(true);
  m_note->setObjectName(QStringLiteral("dimLabel"));
  m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
  outer->addWidget(m_note);
  outer->addStretch(2);
  connect(open, &QPushButton::clicked, this, &StartPage::openModelRequested);
  connect(folder, &QPushButton::clicked, this, &StartPage::openFolderRequested);
  connect(play, &QPushButton::clicked, this, &StartPage::playgroundRequested);
}

void StartPage::setComparison(const QString& text) {
  m_comparison->setText(text);
  m_comparison->setVisible(!text.isEmpty());
}

QString StartPage::comparison() const {
  return m_comparison->text();
}

void StartPage::setDefaultsNote(const QString& note) {
  m_note->setText(note);
}

void StartPage::setLoading(const QString& what) {
  m_loading->setText(what.isEmpty() ? QString() : tr("Opening %1…").arg(what));
}

}  // namespace lrc::ui
