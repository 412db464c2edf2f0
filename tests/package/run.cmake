# Installs wildplan from BINARY_DIR into a scratch prefix, checks what the install holds (the
# program, its man page and completions, the headers, the CMake package, wildplan.pc), then
# builds and runs a consumer found with find_package(wildplan) (also as a loadable module, which
# needs the static library position-independent) and one built with pkg-config.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${prefix}
  RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install failed: ${rc}")
endif()
if(EXISTS ${prefix}/include/tao OR EXISTS ${prefix}/include/wildplan/src)
  message(FATAL_ERROR "the install holds more than wildplan's public headers")
endif()
foreach(file bin/wildplan ${MANDIR}/man1/wildplan.1
    ${DATADIR}/bash-completion/completions/wildplan ${DATADIR}/zsh/site-functions/_wildplan
    ${DATADIR}/fish/vendor_completions.d/wildplan.fish
    ${DATADIR}/wildplan/schemas/error.schema.json ${DATADIR}/wildplan/schemas/common.schema.json
    include/wildplan/wildplan.hpp ${LIBDIR}/cmake/wildplan/wildplanConfig.cmake
    ${LIBDIR}/pkgconfig/wildplan.pc)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "the install has no ${file}")
  endif()
endforeach()
execute_process(COMMAND ${prefix}/bin/wildplan --version OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "^wildplan [0-9]")
  message(FATAL_ERROR "the installed wildplan --version: ${rc} '${out}'")
endif()
# The Python package (when built): installed where PYTHON_DIR says, importable from there, with
# the version the program prints.
if(PYTHON_DIR)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env PYTHONPATH=${prefix}/${PYTHON_DIR} ${PYTHON} -c
      "import wildplan, wildplan.compat.v2_prompts; print('wildplan', wildplan.__version__, wildplan.__file__)"
    OUTPUT_VARIABLE pyout RESULT_VARIABLE rc)
  string(REGEX REPLACE "\n.*" "" version_line "${out}")
  if(NOT rc EQUAL 0 OR NOT pyout MATCHES "^${version_line} ${prefix}/${PYTHON_DIR}/wildplan/")
    message(FATAL_ERROR "the installed Python package: ${rc} '${pyout}' (the program: '${out}')")
  endif()
endif()
# The man page documents every command, from the program's own help.
file(READ ${prefix}/${MANDIR}/man1/wildplan.1 man)
foreach(text "wildplan validate" "wildplan completions" "NO_COLOR" "EXIT STATUS")
  string(FIND "${man}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the man page does not mention '${text}'")
  endif()
endforeach()

execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package/consumer
  -B ${WORK_DIR}/build -DCMAKE_PREFIX_PATH=${prefix}
  "-DCMAKE_CXX_FLAGS=${CONSUMER_CXX_FLAGS}"  # a sanitizer build's library needs its runtime
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the consumer failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the consumer failed: ${rc}")
endif()
execute_process(COMMAND ${WORK_DIR}/build/consumer RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "2 tasks, 1 done\n")
  message(FATAL_ERROR "the consumer ran wrong: ${rc} '${out}'")
endif()

# pkg-config: the flags wildplan.pc gives build the same consumer.
find_program(PKG_CONFIG pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${prefix}/${LIBDIR}/pkgconfig)
execute_process(COMMAND ${PKG_CONFIG} --cflags --libs wildplan OUTPUT_VARIABLE flags
  RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0 OR NOT flags MATCHES "-I[^ ]*/include" OR NOT flags MATCHES "-lwildplan")
  message(FATAL_ERROR "pkg-config --cflags --libs wildplan: ${rc} '${flags}'")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
separate_arguments(cxx_flags UNIX_COMMAND "${CONSUMER_CXX_FLAGS}")
execute_process(COMMAND ${CXX} -std=c++20 ${cxx_flags}
    ${SOURCE_DIR}/tests/package/consumer/main.cpp ${flags} -o ${WORK_DIR}/consumer_pc
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the consumer with pkg-config's flags failed: ${rc}")
endif()
execute_process(COMMAND ${WORK_DIR}/consumer_pc RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "2 tasks, 1 done\n")
  message(FATAL_ERROR "the pkg-config consumer ran wrong: ${rc} '${out}'")
endif()
