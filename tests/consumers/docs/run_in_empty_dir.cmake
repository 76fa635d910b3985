# cmake -DPROGRAM=... -DDIR=... -P run_in_empty_dir.cmake: runs PROGRAM in DIR, emptied first, so
# the files it creates are its own. A failure prints "run_in_empty_dir: ..." (the test's
# FAIL_REGULAR_EXPRESSION, which holds even when PASS_REGULAR_EXPRESSION is set).
file(REMOVE_RECURSE "${DIR}")
file(MAKE_DIRECTORY "${DIR}")
execute_process(COMMAND "${PROGRAM}" WORKING_DIRECTORY "${DIR}" RESULT_VARIABLE _rc)
if(NOT _rc STREQUAL "0")
  message(FATAL_ERROR "run_in_empty_dir: ${PROGRAM} exited with ${_rc}")
endif()
