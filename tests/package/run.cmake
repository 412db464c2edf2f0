# Installs wildplan from BINARY_DIR into a scratch prefix, then configures, builds and runs a
# consumer project that finds it with find_package(wildplan).
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${WORK_DIR}/prefix
  RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install failed: ${rc}")
endif()
if(EXISTS ${WORK_DIR}/prefix/include/tao OR EXISTS ${WORK_DIR}/prefix/include/wildplan/src)
  message(FATAL_ERROR "the install holds more than wildplan's public headers")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package/consumer
  -B ${WORK_DIR}/build -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix
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
