# lrc_add_test(NAME name SOURCES a.cpp ... [LIBS ...] [LABELS ...] [TIMEOUT s])
# One executable per unit, linked with the project's tiny test harness, registered with CTest.
function(lrc_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE lrc_test_harness ${T_LIBS})
  # Core tests have no Qt: skip the AUTOMOC step qt_standard_project_setup() turns on globally.
  set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/tests" AUTOMOC OFF AUTOUIC OFF AUTORCC OFF)
  lrc_set_warnings(${T_NAME})
  if(TARGET lrc_pch_host)
    target_precompile_headers(${T_NAME} REUSE_FROM lrc_pch_host)
  endif()
  add_test(NAME ${T_NAME} COMMAND ${T_NAME} WORKING_DIRECTORY "${CMAKE_BINARY_DIR}")
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 600)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${T_TIMEOUT} LABELS "${T_LABELS}"
                       ENVIRONMENT "OMP_NUM_THREADS=1"
                       SKIP_RETURN_CODE 77)  # lrc::test::kSkipExitCode
endfunction()
