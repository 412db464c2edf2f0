# What `cmake --install` puts where, beyond the targets' own rules (lib/ and cli/): the CMake
# package, wildplan.pc, the man page and the shell completions. Components: "runtime" (the
# program, its man page and completions; a shared build's library) and "dev" (headers, the static
# library, the CMake and pkg-config files); cmake/WildplanPackaging.cmake makes one .deb of each.

# `cmake --install` never relinks: a target that must be relinked to change its RPATH at install
# time (what CMake falls back to when it does not know the binaries are ELF, as in a build tree
# whose cache lost CMAKE_EXECUTABLE_FORMAT) fails with "cannot find .../CMakeRelink.dir/wildplan".
# So the installed targets are linked once, with the RPATH they are installed with: none in the
# default static build; in a shared build, the library directory relative to the program
# ($ORIGIN/../lib), which the build tree mirrors by building the library into <build>/<libdir>.
set_target_properties(wildplan wildplan_lib PROPERTIES BUILD_WITH_INSTALL_RPATH ON)
get_target_property(_wildplan_lib_type wildplan_lib TYPE)
if(_wildplan_lib_type STREQUAL "SHARED_LIBRARY")
  file(RELATIVE_PATH _bin_to_lib /root/${CMAKE_INSTALL_BINDIR} /root/${CMAKE_INSTALL_LIBDIR})
  file(RELATIVE_PATH _cli_to_lib ${PROJECT_BINARY_DIR}/cli ${PROJECT_BINARY_DIR}/${CMAKE_INSTALL_LIBDIR})
  if(NOT _bin_to_lib STREQUAL _cli_to_lib)
    message(FATAL_ERROR "a shared build wants CMAKE_INSTALL_BINDIR one level deep (bin)")
  endif()
  set_target_properties(wildplan PROPERTIES INSTALL_RPATH "$ORIGIN/${_bin_to_lib}")
  set_target_properties(wildplan_lib PROPERTIES
    LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/${CMAKE_INSTALL_LIBDIR})
endif()

# The CMake package.
include(CMakePackageConfigHelpers)
configure_package_config_file(cmake/wildplanConfig.cmake.in
  ${PROJECT_BINARY_DIR}/wildplanConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/wildplan)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/wildplanConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/wildplanConfig.cmake
  ${PROJECT_BINARY_DIR}/wildplanConfigVersion.cmake
  cmake/FindCmarkGfm.cmake
  cmake/FindLibGit2.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/wildplan COMPONENT dev)

# wildplan.pc. Relocatable: the prefix is found from the file's own place. A static library
# brings its dependency (cmark-gfm; libgit2 is loaded at run time) into every link (Requires); a
# shared one keeps it private.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(WILDPLAN_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(WILDPLAN_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(WILDPLAN_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
  file(RELATIVE_PATH _pc_to_prefix /root/${CMAKE_INSTALL_LIBDIR}/pkgconfig /root)
  set(WILDPLAN_PC_PREFIX "\${pcfiledir}/${_pc_to_prefix}")
  set(WILDPLAN_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(WILDPLAN_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
if(_wildplan_lib_type STREQUAL "SHARED_LIBRARY")
  set(WILDPLAN_PC_REQUIRES_FIELD "Requires.private")
else()
  set(WILDPLAN_PC_REQUIRES_FIELD "Requires")
endif()
configure_file(cmake/wildplan.pc.in ${PROJECT_BINARY_DIR}/wildplan.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/wildplan.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

# The man page (help2man over the built program) and the completions (`wildplan completions`),
# generated at build time from the program itself.
find_program(HELP2MAN_EXECUTABLE help2man)
if(NOT HELP2MAN_EXECUTABLE)
  message(FATAL_ERROR "help2man not found: it writes wildplan's man page from its --help "
    "(apt-get install help2man; scripts/deps.sh installs every package the build needs)")
endif()
set(_docs ${PROJECT_BINARY_DIR}/docs)
add_custom_command(OUTPUT ${_docs}/wildplan.1
  COMMAND ${CMAKE_COMMAND} -DMODE=man -DWILDPLAN=$<TARGET_FILE:wildplan>
    -DHELP2MAN=${HELP2MAN_EXECUTABLE} "-DNAME=${PROJECT_DESCRIPTION}" -DWORK=${_docs}
    -DOUT=${_docs}/wildplan.1 -P ${PROJECT_SOURCE_DIR}/cmake/GenerateDocs.cmake
  DEPENDS wildplan ${PROJECT_SOURCE_DIR}/cmake/GenerateDocs.cmake
  COMMENT "Generating the man page (help2man)" VERBATIM)
set(_completions bash:wildplan zsh:_wildplan fish:wildplan.fish)
set(_completion_files "")
foreach(pair IN LISTS _completions)
  string(REPLACE ":" ";" pair "${pair}")
  list(GET pair 0 shell)
  list(GET pair 1 name)
  add_custom_command(OUTPUT ${_docs}/${shell}/${name}
    COMMAND ${CMAKE_COMMAND} -DMODE=completion -DWILDPLAN=$<TARGET_FILE:wildplan>
      -DSHELL_NAME=${shell} -DOUT=${_docs}/${shell}/${name}
      -P ${PROJECT_SOURCE_DIR}/cmake/GenerateDocs.cmake
    DEPENDS wildplan ${PROJECT_SOURCE_DIR}/cmake/GenerateDocs.cmake
    COMMENT "Generating the ${shell} completion" VERBATIM)
  list(APPEND _completion_files ${_docs}/${shell}/${name})
endforeach()
add_custom_target(wildplan_docs ALL DEPENDS ${_docs}/wildplan.1 ${_completion_files})

# Where each shell looks: bash-completion's completionsdir; zsh's site-functions (Debian's zsh
# reads /usr/share/zsh/vendor-completions for packages, /usr/local/share/zsh/site-functions for
# the rest); fish's vendor_completions.d.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(_zsh_dir_default ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
else()
  set(_zsh_dir_default ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
endif()
set(WILDPLAN_BASH_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  CACHE STRING "where the bash completion is installed")
set(WILDPLAN_ZSH_COMPLETION_DIR ${_zsh_dir_default} CACHE STRING
  "where the zsh completion is installed")
set(WILDPLAN_FISH_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d
  CACHE STRING "where the fish completion is installed")
install(FILES ${_docs}/wildplan.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
install(FILES ${_docs}/bash/wildplan DESTINATION ${WILDPLAN_BASH_COMPLETION_DIR}
  COMPONENT runtime)
install(FILES ${_docs}/zsh/_wildplan DESTINATION ${WILDPLAN_ZSH_COMPLETION_DIR}
  COMPONENT runtime)
install(FILES ${_docs}/fish/wildplan.fish DESTINATION ${WILDPLAN_FISH_COMPLETION_DIR}
  COMPONENT runtime)
