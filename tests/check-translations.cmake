# Fails when a user-visible string has no German translation: refreshes a copy of the .ts from
# the sources (so a new tr() string counts too) and asks lrelease how many are unfinished.
file(COPY_FILE ${TS} ${WORK}/check.ts)
file(GLOB sources ${ROOT}/ui/*.cpp ${ROOT}/models/*.cpp ${ROOT}/app/*.cpp)
execute_process(COMMAND ${LUPDATE} -silent ${sources} -ts ${WORK}/check.ts RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lupdate failed (${rc})")
endif()
execute_process(COMMAND ${LRELEASE} ${WORK}/check.ts -qm ${WORK}/check.qm OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT "${out}${err}" MATCHES "\\(([0-9]+) finished and 0 unfinished\\)")
  message(FATAL_ERROR "translations/mcp-lifeline_de.ts is incomplete: run the mcp-lifeline_lupdate target and translate the unfinished entries")
endif()
