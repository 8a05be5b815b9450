# lrc_set_warnings(target): the warning level every project target compiles with.
function(lrc_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  endif()
  if(LRC_SANITIZE)
    string(REPLACE ";" "," _san "${LRC_SANITIZE}")
    target_compile_options(${target} PRIVATE -fsanitize=${_san} -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=${_san})
  endif()
  # Fuzz builds: coverage instrumentation for libFuzzer's feedback in every project target (the
  # same flags everywhere keep the shared precompiled header valid); linking with the flag pulls
  # in the coverage callbacks for executables that are not fuzz targets.
  if(LRC_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
    target_link_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
endfunction()
