# Runs CMD (a ;-list) and checks its exit code (RC) and that stderr/stdout match ERR / OUT
# (regular expressions; optional). Used for the CLI's contract: exit 0 / 2 / 1 and messages.
string(REPLACE "|" ";" CMD "${CMD}")
execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc STREQUAL "${RC}")
  message(FATAL_ERROR "exit code ${rc}, expected ${RC}\ncommand: ${CMD}\nstdout: ${out}\nstderr: ${err}")
endif()
if(DEFINED ERR AND NOT err MATCHES "${ERR}")
  message(FATAL_ERROR "stderr does not match \"${ERR}\":\n${err}")
endif()
if(DEFINED OUT AND NOT out MATCHES "${OUT}")
  message(FATAL_ERROR "stdout does not match \"${OUT}\":\n${out}")
endif()
message(STATUS "ok (exit ${rc}): ${err}")
