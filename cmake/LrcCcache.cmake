# Use ccache when it is installed. Precompiled headers only hit the cache with these sloppiness
# settings, and CCACHE_BASEDIR lets separate clones (CI, worktrees) share hits;
# both travel with the launcher instead of relying on the user's ccache.conf.
find_program(LRC_CCACHE_PROGRAM ccache)
if(LRC_CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      "${CMAKE_COMMAND};-E;env;CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime;CCACHE_BASEDIR=${CMAKE_SOURCE_DIR};${LRC_CCACHE_PROGRAM}")
  message(STATUS "ccache: ${LRC_CCACHE_PROGRAM}")
endif()
