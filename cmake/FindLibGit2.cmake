# FindLibGit2: libgit2's headers and library through pkg-config (Debian ships no CMake package
# for it). Defines LibGit2::LibGit2, and LibGit2_SONAME, the name the dynamic loader looks for
# (libgit2.so.1.5 on Debian 12): the tests make a broken stub of that name to show what a user
# sees when libgit2 cannot be loaded, and a package's Depends follows from it.
find_package(PkgConfig QUIET REQUIRED)
pkg_check_modules(PC_LIBGIT2 QUIET libgit2)
set(LibGit2_VERSION ${PC_LIBGIT2_VERSION})
find_path(LibGit2_INCLUDE_DIR git2.h HINTS ${PC_LIBGIT2_INCLUDE_DIRS})
find_library(LibGit2_LIBRARY NAMES git2 HINTS ${PC_LIBGIT2_LIBRARY_DIRS})
if(LibGit2_LIBRARY AND NOT LibGit2_SONAME)
  # The SONAME recorded in the library itself; else the name the development symlink points at.
  if(CMAKE_OBJDUMP)
    execute_process(COMMAND ${CMAKE_OBJDUMP} -p ${LibGit2_LIBRARY}
      OUTPUT_VARIABLE _libgit2_headers ERROR_QUIET)
    string(REGEX MATCH "SONAME +([^\n ]+)" _libgit2_match "${_libgit2_headers}")
    set(_libgit2_soname ${CMAKE_MATCH_1})
  endif()
  if(NOT _libgit2_soname AND IS_SYMLINK ${LibGit2_LIBRARY})
    file(READ_SYMLINK ${LibGit2_LIBRARY} _libgit2_target)
    get_filename_component(_libgit2_soname ${_libgit2_target} NAME)
  elseif(NOT _libgit2_soname)
    get_filename_component(_libgit2_soname ${LibGit2_LIBRARY} NAME)
  endif()
  set(LibGit2_SONAME ${_libgit2_soname} CACHE STRING "libgit2's SONAME")
endif()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibGit2
  REQUIRED_VARS LibGit2_LIBRARY LibGit2_INCLUDE_DIR
  VERSION_VAR LibGit2_VERSION)
if(LibGit2_FOUND AND NOT TARGET LibGit2::LibGit2)
  add_library(LibGit2::LibGit2 UNKNOWN IMPORTED)
  set_target_properties(LibGit2::LibGit2 PROPERTIES
    IMPORTED_LOCATION ${LibGit2_LIBRARY} INTERFACE_INCLUDE_DIRECTORIES ${LibGit2_INCLUDE_DIR})
endif()
mark_as_advanced(LibGit2_INCLUDE_DIR LibGit2_LIBRARY)
