# Installing like a desktop program (`cmake --install build --prefix /usr`) and a Debian package
# (`cd build && cpack`, giving lora-recycle_<version>_<arch>.deb).
#
# The layout is fixed (bin/, share/) rather than taken from GNUInstallDirs: the programs find the
# embedded default at <exe>/../share/lora-recycle/default (api::locate_default_dir), so a bin or
# data directory moved elsewhere would hide it.

# ---- install rules
if(TARGET lora-recycle-cli)
  install(TARGETS lora-recycle-cli RUNTIME DESTINATION bin)
endif()
if(TARGET lora-recycle)
  install(TARGETS lora-recycle RUNTIME DESTINATION bin)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/lora-recycle.desktop DESTINATION share/applications)
  # The desktop entry says Icon=lora-recycle: the icon's file name must be that.
  install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/app.svg
          DESTINATION share/icons/hicolor/scalable/apps RENAME lora-recycle.svg)
endif()
# The translations are not installed: they are compiled into the GUI (:/i18n, ui/CMakeLists.txt)
# and the GUI never reads them from disk.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/default/ DESTINATION share/lora-recycle/default)

# ---- the .deb
set(LRC_DEB_MAINTAINER "LoRA Recycle maintainers <maintainers@lora-recycle.invalid>"
    CACHE STRING "Maintainer field of the Debian package")
find_program(LRC_DPKG_SHLIBDEPS dpkg-shlibdeps)
option(LRC_DEB_SHLIBDEPS "Compute the .deb's library dependencies with dpkg-shlibdeps" ON)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME lora-recycle)
set(CPACK_PACKAGE_VENDOR "LoRA Recycle")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "A desktop application (lora-recycle) and command-line tool (lora-recycle-cli) that let a\n"
    "vision transformer solve new few-shot image tasks without fine-tuning: LoRA adapters\n"
    "tuned by others are inverted into surrogate images, a meta-LoRA is meta-trained on them,\n"
    "and new tasks are classified from a few examples per class in one forward pass.\n"
    "Includes a small embedded default (a tiny model, a demo LoRA collection, a meta-LoRA).")
string(JOIN "" CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
set(CPACK_PACKAGE_CONTACT "${LRC_DEB_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # lora-recycle_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${LRC_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)

# LibTorch reaches its BLAS through libblas.so.3; OpenBLAS's OpenMP build is ~25x the reference
# BLAS (scripts/setup.sh), and no library names it, so dpkg-shlibdeps cannot find it.
set(_lrc_depends libopenblas0-openmp)
if(LRC_DEB_SHLIBDEPS AND LRC_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # merged with CPACK_DEBIAN_PACKAGE_DEPENDS
else()
  # Without dpkg-shlibdeps (or with LibTorch not from a package): Debian 12's packages of what
  # the binaries link.
  list(APPEND _lrc_depends libtorch1.13 libopencv-core406 libopencv-imgproc406
       libopencv-imgcodecs406 libfreetype6 zlib1g)
  if(TARGET lora-recycle)
    list(APPEND _lrc_depends libqt6core6 libqt6gui6 libqt6widgets6 libqt6printsupport6
         libqt6concurrent6 libqcustomplot2.1-qt6)
  endif()
endif()
if(TARGET lora-recycle)
  # Qt's own dialogs and buttons in the interface's language (no library links it).
  list(APPEND _lrc_depends qt6-translations-l10n)
endif()
list(JOIN _lrc_depends ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
# The Noto fonts: render-glyphs and demo draw the Glyphs benchmark's letters with them
# (core/data/glyphs.h); the GUI and the embedded default do not need them.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-core, fonts-noto-extra")

include(CPack)
