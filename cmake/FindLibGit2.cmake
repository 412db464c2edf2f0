# FindLibGit2: libgit2's headers, library and soname, through pkg-config (Debian ships no CMake
# package for it). Defines LibGit2::LibGit2 (link) and LibGit2::Headers (compile only), and
# LibGit2_SONAME, the name wildplan loads it by at run time (see lib/src/git/git.cpp).
find_package(PkgConfig QUIET REQUIRED)
pkg_check_modules(PC_LIBGIT2 QUIET libgit2)
set(LibGit2_VERSION ${PC_LIBGIT2_VERSION})
find_path(LibGit2_INCLUDE_DIR git2.h HINTS ${PC_LIBGIT2_INCLUDE_DIRS})
find_library(LibGit2_LIBRARY NAMES git2 HINTS ${PC_LIBGIT2_LIBRARY_DIRS})
if(LibGit2_LIBRARY AND NOT LibGit2_SONAME)
  # The development symlink names the soname: libgit2.so -> libgit2.so.1.5
  if(IS_SYMLINK ${LibGit2_LIBRARY})
    file(READ_SYMLINK ${LibGit2_LIBRARY} _libgit2_target)
    get_filename_component(LibGit2_SONAME ${_libgit2_target} NAME)
  else()
    get_filename_component(LibGit2_SONAME ${LibGit2_LIBRARY} NAME)
  endif()
  set(LibGit2_SONAME ${LibGit2_SONAME} CACHE STRING "libgit2's soname")
endif()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibGit2
  REQUIRED_VARS LibGit2_LIBRARY LibGit2_INCLUDE_DIR LibGit2_SONAME
  VERSION_VAR LibGit2_VERSION)
if(LibGit2_FOUND AND NOT TARGET LibGit2::Headers)
  add_library(LibGit2::Headers INTERFACE IMPORTED)
  set_target_properties(LibGit2::Headers PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${LibGit2_INCLUDE_DIR})
  add_library(LibGit2::LibGit2 UNKNOWN IMPORTED)
  set_target_properties(LibGit2::LibGit2 PROPERTIES
    IMPORTED_LOCATION ${LibGit2_LIBRARY} INTERFACE_INCLUDE_DIRECTORIES ${LibGit2_INCLUDE_DIR})
endif()
mark_as_advanced(LibGit2_INCLUDE_DIR LibGit2_LIBRARY)
