# `cmake --install` must not need a relink (which only the build's own install target performs:
# "file INSTALL cannot find .../CMakeRelink.dir/wildplan"). CMake relinks instead of editing the
# RPATH in place when it does not know the binaries are ELF, as in a build tree whose cache lost
# CMAKE_EXECUTABLE_FORMAT: configure such a tree and check that no install step relinks.
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR} -DWILDPLAN_BUILD_TESTS=OFF
  RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring failed: ${rc}")
endif()
file(READ ${WORK_DIR}/CMakeCache.txt cache)
string(REGEX REPLACE "\nCMAKE_EXECUTABLE_FORMAT:[^\n]*" "" cache "${cache}")
file(WRITE ${WORK_DIR}/CMakeCache.txt "${cache}")
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}
  RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring again failed: ${rc}")
endif()
file(GLOB_RECURSE scripts ${WORK_DIR}/cmake_install.cmake)
foreach(script IN LISTS scripts)
  file(READ ${script} text)
  if(text MATCHES "CMakeRelink\\.dir")
    message(FATAL_ERROR "${script} installs a relinked binary: cmake --install would fail")
  endif()
endforeach()
