# One short deterministic libFuzzer run (tests/fuzz/CMakeLists.txt registers one per target):
#   cmake -DEXE=fuzzer -DSCRATCH=dir -DSEEDS=dir -DRUNS=n -DMAX_LEN=bytes -P smoke.cmake
# The scratch corpus starts empty every time, so a run depends only on the seeds and -seed.
foreach(v EXE SCRATCH SEEDS RUNS MAX_LEN)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "smoke.cmake needs -D${v}=...")
  endif()
endforeach()
file(REMOVE_RECURSE ${SCRATCH})
file(MAKE_DIRECTORY ${SCRATCH}/corpus ${SCRATCH}/artifacts)
execute_process(
  COMMAND ${EXE} -seed=1 -runs=${RUNS} -max_len=${MAX_LEN} -timeout=10 -rss_limit_mb=2048
          -print_final_stats=1 -artifact_prefix=${SCRATCH}/artifacts/
          ${SCRATCH}/corpus ${SEEDS}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} found a problem (exit ${rc}); reproducer in ${SCRATCH}/artifacts/")
endif()
