# Debian packages: `cpack -G DEB` in a build configured for /usr (`cmake --preset package`, then
# `cmake --build --preset package` and `cpack --preset package`) makes
#   wildplan        the program, its man page and shell completions (component "runtime")
#   libwildplan-dev headers, the static library, the CMake and pkg-config files ("dev")
#   python3-wildplan the Python package, when the build has it ("python")
# Depends: dpkg-shlibdeps reads what the program links (libstdc++, libc: the packages and
# versions of the build machine), so it cannot drift from the build. libgit2 is loaded at run
# time by its SONAME (lib/src/git/libgit2.hpp), which dpkg-shlibdeps cannot see: its package is
# named from that SONAME, Debian's way (libgit2.so.1.5 is in libgit2-1.5).

set(CPACK_PACKAGE_NAME wildplan)
set(CPACK_PACKAGE_VENDOR "the wildplan authors")
set(CPACK_PACKAGE_CONTACT "the wildplan authors <wildplan@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME wildplan)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
string(REGEX REPLACE "^libgit2\\.so\\.(.+)$" "libgit2-\\1" _wildplan_libgit2_package
  "${LibGit2_SONAME}")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "${_wildplan_libgit2_package}")
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "${PROJECT_DESCRIPTION}
 wildplan finds the real <plan> in an agent's reply, validates Markdown task
 lists against the loop's rules, edits them byte-exactly, and commits the
 loop's work with libgit2.")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libwildplan-dev)
set(CPACK_DEBIAN_DEV_DESCRIPTION "${PROJECT_DESCRIPTION} (C++ library)
 The C++20 library behind wildplan: headers, the library, and the files
 find_package(wildplan) and pkg-config use.")

# The static library needs cmark-gfm's libraries at the consumer's link (and its headers for the
# package's Find module), and libgit2's runtime package, which it loads; a shared build's library
# lives in the runtime package.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "libcmark-gfm-dev, libcmark-gfm-extensions-dev, ${_wildplan_libgit2_package}")
get_target_property(_wildplan_lib_type wildplan_lib TYPE)
if(_wildplan_lib_type STREQUAL "SHARED_LIBRARY")
  string(APPEND CPACK_DEBIAN_DEV_PACKAGE_DEPENDS ", wildplan (= ${PROJECT_VERSION})")
endif()

# The Python package's module is built for one CPython minor version (its file name says which:
# _wildplan.cpython-311-...so), so it depends on that version of Debian's python3; it loads
# libgit2 as the program does.
if(TARGET _wildplan)
  list(APPEND CPACK_COMPONENTS_ALL python)
  math(EXPR _wildplan_next_minor "${Python_VERSION_MINOR} + 1")
  set(CPACK_DEBIAN_PYTHON_PACKAGE_NAME python3-wildplan)
  set(CPACK_DEBIAN_PYTHON_PACKAGE_SECTION python)
  set(CPACK_DEBIAN_PYTHON_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PYTHON_PACKAGE_DEPENDS
    "python3 (>= ${Python_VERSION_MAJOR}.${Python_VERSION_MINOR}), python3 (<< ${Python_VERSION_MAJOR}.${_wildplan_next_minor}), ${_wildplan_libgit2_package}")
  set(CPACK_DEBIAN_PYTHON_DESCRIPTION "${PROJECT_DESCRIPTION} (Python package)
 import wildplan: the library in Python, with typed results, and
 wildplan.compat.v2_prompts, a drop-in for the Wild Loop's six parsers.")
endif()

include(CPack)
cpack_add_component(runtime DISPLAY_NAME "wildplan" DESCRIPTION "the program")
cpack_add_component(dev DISPLAY_NAME "libwildplan-dev" DESCRIPTION "the C++ library")
if(TARGET _wildplan)
  cpack_add_component(python DISPLAY_NAME "python3-wildplan" DESCRIPTION "the Python package")
endif()
