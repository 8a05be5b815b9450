#include "shell/workspace.h"

#include "common/banner.h"

namespace lrc::ui {

Workspace::Workspace(AppContext* context, QWidget* parent)
    : QWidget(parent), m_context(context), m_banner(new BannerBar(this)) {}

}  // namespace lrc::ui
