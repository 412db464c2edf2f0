# A shared build of wildplan (BUILD_SHARED_LIBS=ON), installed into a scratch prefix: the
# library has a versioned SONAME and exports wildplan's symbols only (no cmark-gfm, no standard
# library instantiations), the installed program finds it, and consumers built with
# find_package(wildplan) and with pkg-config run against it.
#   cmake -DSOURCE_DIR=. -DWORK_DIR=build/package-shared [-DCXX=c++] -P tests/package/shared.cmake
# (.ci/run runs it: it builds the library a second time, too long for every ctest run).
if(NOT CXX)
  set(CXX c++)
endif()
file(READ ${SOURCE_DIR}/CMakeLists.txt top)
string(REGEX MATCH "project\\(wildplan VERSION ([0-9]+)\\.([0-9]+)" _ "${top}")
if(CMAKE_MATCH_1 EQUAL 0)
  set(SOVERSION 0.${CMAKE_MATCH_2})  # as the top-level CMakeLists.txt derives it
else()
  set(SOVERSION ${CMAKE_MATCH_1})
endif()
get_filename_component(WORK_DIR ${WORK_DIR} ABSOLUTE)
get_filename_component(SOURCE_DIR ${SOURCE_DIR} ABSOLUTE)
file(REMOVE_RECURSE ${WORK_DIR})
set(build ${WORK_DIR}/build)
set(prefix ${WORK_DIR}/prefix)
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${build} -DBUILD_SHARED_LIBS=ON
    -DCMAKE_BUILD_TYPE=Release -DWILDPLAN_BUILD_TESTS=OFF
    -DCMAKE_CXX_COMPILER=${CXX}
  RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the shared build failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${build} -j2 RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the shared build failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --install ${build} --prefix ${prefix}
  RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "installing the shared build failed: ${rc}")
endif()
file(GLOB_RECURSE libs ${prefix}/libwildplan.so.*)
list(FILTER libs INCLUDE REGEX "libwildplan\\.so\\.[0-9.]+$")
list(SORT libs)
list(GET libs -1 lib)  # the real file: libwildplan.so.X.Y.Z
get_filename_component(libdir ${lib} DIRECTORY)

# SONAME: libwildplan.so.<SOVERSION>, and that name installed beside the library.
execute_process(COMMAND readelf -d ${lib} OUTPUT_VARIABLE dynamic RESULT_VARIABLE rc)
if(NOT dynamic MATCHES "\\(SONAME\\)[^\n]*\\[libwildplan\\.so\\.${SOVERSION}\\]")
  message(FATAL_ERROR "no SONAME libwildplan.so.${SOVERSION} in ${lib}:\n${dynamic}")
endif()
if(NOT EXISTS ${libdir}/libwildplan.so.${SOVERSION} OR NOT EXISTS ${libdir}/libwildplan.so)
  message(FATAL_ERROR "the install lacks libwildplan.so.${SOVERSION} or libwildplan.so")
endif()

# Exported symbols: wildplan's public ones only (none of wildplan::detail, the private helpers).
execute_process(COMMAND nm -D --defined-only -C ${lib} OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nm failed on ${lib}")
endif()
string(REPLACE "\n" ";" symbols "${symbols}")
set(foreign "")
set(private "")
set(ours 0)
foreach(line IN LISTS symbols)
  string(REGEX REPLACE "^[0-9a-f]+ [A-Za-z] " "" name "${line}")
  if(name STREQUAL "")
    continue()
  endif()
  if(name MATCHES "wildplan::detail::")
    list(APPEND private "${name}")
  elseif(name MATCHES "wildplan::")
    math(EXPR ours "${ours} + 1")
  elseif(NOT name MATCHES "^WILDPLAN_")  # a version node, if the script names one
    list(APPEND foreign "${name}")
  endif()
endforeach()
if(foreign)
  list(LENGTH foreign n)
  list(SUBLIST foreign 0 20 shown)
  string(REPLACE ";" "\n  " shown "${shown}")
  message(FATAL_ERROR "${lib} exports ${n} symbols that are not wildplan's, among them:\n  ${shown}")
endif()
if(private)
  list(LENGTH private n)
  list(SUBLIST private 0 20 shown)
  string(REPLACE ";" "\n  " shown "${shown}")
  message(FATAL_ERROR "${lib} exports ${n} symbols of wildplan::detail, among them:\n  ${shown}")
endif()
if(ours LESS 50)
  message(FATAL_ERROR "${lib} exports only ${ours} of wildplan's symbols")
endif()

# The installed program runs with the installed library (its RPATH, $ORIGIN/../<libdir>).
execute_process(COMMAND ${prefix}/bin/wildplan --version RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "^wildplan ")
  message(FATAL_ERROR "the installed program did not run: ${rc} '${out}'")
endif()
execute_process(COMMAND readelf -d ${prefix}/bin/wildplan OUTPUT_VARIABLE dynamic)
if(NOT dynamic MATCHES "NEEDED[^\n]*libwildplan\\.so\\.${SOVERSION}")
  message(FATAL_ERROR "the installed program does not use the shared library:\n${dynamic}")
endif()

# Consumers: find_package and pkg-config.
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package/consumer
  -B ${WORK_DIR}/consumer -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CXX}
  RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the consumer failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/consumer RESULT_VARIABLE rc
  OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the consumer failed: ${rc}")
endif()
execute_process(COMMAND ${WORK_DIR}/consumer/consumer RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "2 tasks, 1 done\n")
  message(FATAL_ERROR "the consumer ran wrong: ${rc} '${out}'")
endif()
file(GLOB_RECURSE pcs ${prefix}/wildplan.pc)
get_filename_component(pcdir "${pcs}" DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pcdir})
execute_process(COMMAND pkg-config --cflags --libs wildplan OUTPUT_VARIABLE flags
  RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
separate_arguments(flags UNIX_COMMAND "${flags}")
execute_process(COMMAND ${CXX} -std=c++20 ${SOURCE_DIR}/tests/package/consumer/main.cpp ${flags}
    -Wl,-rpath,${libdir} -o ${WORK_DIR}/consumer_pc
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the consumer with pkg-config's flags failed: ${rc}")
endif()
execute_process(COMMAND ${WORK_DIR}/consumer_pc RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "2 tasks, 1 done\n")
  message(FATAL_ERROR "the pkg-config consumer ran wrong: ${rc} '${out}'")
endif()
