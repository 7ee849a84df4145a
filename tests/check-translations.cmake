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
# lrelease counts entries without any translation apart ("Ignored N untranslated source text(s)").
if(NOT "${out}${err}" MATCHES "\\(([0-9]+) finished and 0 unfinished\\)" OR "${out}${err}" MATCHES "untranslated")
  message(FATAL_ERROR "translations/mcp-lifeline_de.ts is incomplete: run the mcp-lifeline_lupdate target and translate the unfinished entries")
endif()

# English: every plural form written ("1 server" / "2 servers").
string(REPLACE "_de.ts" "_en.ts" EN_TS "${TS}")
file(COPY_FILE ${EN_TS} ${WORK}/check_en.ts)
execute_process(COMMAND ${LUPDATE} -silent -pluralonly ${sources} -ts ${WORK}/check_en.ts RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lupdate failed (${rc})")
endif()
execute_process(COMMAND ${LRELEASE} ${WORK}/check_en.ts -qm ${WORK}/check_en.qm OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT "${out}${err}" MATCHES "\\(([0-9]+) finished and 0 unfinished\\)" OR "${out}${err}" MATCHES "untranslated")
  message(FATAL_ERROR "translations/mcp-lifeline_en.ts lacks plural forms: run the mcp-lifeline_lupdate_plurals target and fill them in")
endif()
