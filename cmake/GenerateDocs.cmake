# Generates the man page and the shell completions from the built wildplan at build time, so that
# neither can drift from its --help (cmake -P, called by cmake/WildplanInstall.cmake):
#   -DMODE=completion -DWILDPLAN=<exe> -DSHELL_NAME=bash|zsh|fish -DOUT=<file>
#   -DMODE=man -DWILDPLAN=<exe> -DHELP2MAN=<help2man> -DNAME=<one line> -DWORK=<dir> -DOUT=<file>
# The man page is help2man's reading of `wildplan --help` and `--version`, with one section per
# command holding that command's own --help (the commands listed by the top-level help).

function(run_wildplan out_var)
  execute_process(COMMAND ${plain_env} ${WILDPLAN} ${ARGN} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " args "${ARGN}")
    message(FATAL_ERROR "wildplan ${args} failed (${rc})")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

# `text` as roff lines that print as they are: backslashes escaped, a line that starts with a
# control character ('.' or ') protected.
function(roff_literal out_var text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

# Whatever the builder's shell asks for, the generated text holds no color.
set(plain_env ${CMAKE_COMMAND} -E env --unset=CLICOLOR_FORCE NO_COLOR=1)

if(MODE STREQUAL "completion")
  get_filename_component(dir ${OUT} DIRECTORY)
  file(MAKE_DIRECTORY ${dir})
  execute_process(COMMAND ${plain_env} ${WILDPLAN} completions ${SHELL_NAME} OUTPUT_FILE ${OUT}
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "wildplan completions ${SHELL_NAME} failed (${rc})")
  endif()
elseif(MODE STREQUAL "man")
  run_wildplan(help --help)
  # The command names: the first word of each line of the "Subcommands:" list.
  string(REGEX REPLACE ".*\nSubcommands:\n" "" list "${help}")
  string(REGEX REPLACE "\n\n.*" "" list "${list}")
  string(REPLACE "\n" ";" lines "${list}")
  set(include "[COMMANDS]\n")
  string(APPEND include "Each command's own options and examples, as \\fBwildplan \\fICOMMAND\\fB --help\\fR prints them.\n")
  foreach(line IN LISTS lines)
    string(REGEX MATCH "^  ([a-z-]+)" _ "${line}")
    set(verb ${CMAKE_MATCH_1})
    if(NOT verb)
      continue()
    endif()
    run_wildplan(verb_help ${verb} --help)
    roff_literal(verb_help "${verb_help}")
    string(APPEND include ".SS \"wildplan ${verb}\"\n.nf\n${verb_help}.fi\n")
  endforeach()
  string(APPEND include [=[
[ENVIRONMENT]
.TP
.B WILDPLAN_TASKS
The task file, when no \fB\-f\fR is given.
.TP
.B NO_COLOR
When set and not empty, \fB\-\-color=auto\fR colors nothing.
.TP
.B CLICOLOR_FORCE
When set and not \fB0\fR, \fB\-\-color=auto\fR colors even when the output is not a terminal
(\fBNO_COLOR\fR wins); \fBCLICOLOR=0\fR colors nothing.
.TP
.B TERM
\fBdumb\fR: no color.
[EXIT STATUS]
.TP
.B 0
success: no error diagnostics; \fBdiff\fR found no change; \fBnext\fR found a task
.TP
.B 1
the input has problems: error diagnostics, no usable <plan>; \fBdiff\fR found changes
.TP
.B 2
usage error, or failure of the program or its environment (a file, a lock, git)
.TP
.B 130
interrupted
[SEE ALSO]
.BR git (1).
The README, in the source tree and at the project's home page, documents every command, the
rules and the JSON documents.
]=])
  file(MAKE_DIRECTORY ${WORK})
  file(WRITE ${WORK}/wildplan.h2m "${include}")
  execute_process(COMMAND ${plain_env} ${HELP2MAN} --no-info --section=1 --name=${NAME}
      --include=${WORK}/wildplan.h2m --output=${OUT} ${WILDPLAN}
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "help2man failed (${rc})")
  endif()
else()
  message(FATAL_ERROR "GenerateDocs.cmake: unknown MODE '${MODE}'")
endif()
