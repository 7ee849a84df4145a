# The man page from the program's own --help (help2man when there is one, else a plain page of the
# same text), gzip'd reproducibly. Arguments: -DPROGRAM= -DHELP2MAN= -DINCLUDE= -DOUT= (the .1.gz).
get_filename_component(dir "${OUT}" DIRECTORY)
string(REGEX REPLACE "\\.gz$" "" page "${OUT}")
if(HELP2MAN)
  execute_process(COMMAND "${HELP2MAN}" --no-info --section=1
      "--name=keeps your MCP servers alive: monitor, recover, history"
      --include=${INCLUDE} --output=${page} "${PROGRAM}"
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "help2man failed (${rc}): ${err}")
  endif()
else()
  execute_process(COMMAND "${PROGRAM}" --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
  execute_process(COMMAND "${PROGRAM}" --version OUTPUT_VARIABLE version)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} --help failed (${rc})")
  endif()
  string(STRIP "${version}" version)
  string(REPLACE "\\" "\\e" help "${help}")
  string(REGEX REPLACE "\n([.'])" "\n\\\\&\\1" help "${help}")
  file(READ "${INCLUDE}" extra)
  string(REGEX REPLACE "\\[([A-Z ]+)\\]" ".SH \\1" extra "${extra}")
  file(WRITE "${page}" ".TH MCP-LIFELINE 1 \"\" \"${version}\" \"User Commands\"\n"
    ".SH NAME\nmcp-lifeline \\- keeps your MCP servers alive: monitor, recover, history\n"
    ".SH DESCRIPTION\n.nf\n${help}.fi\n${extra}")
endif()
execute_process(COMMAND gzip -9nf "${page}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip failed (${rc})")
endif()
