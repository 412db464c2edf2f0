# FindCmarkGfm: cmark-gfm and its extensions library. Defines CmarkGfm::CmarkGfm.
#
# Debian ships no usable CMake package for cmark-gfm, so the headers and version come from
# pkg-config. The static archives are preferred when present (CmarkGfm_USE_STATIC, default ON):
# loading the two shared libraries costs about 0.5 ms at every start of wildplan, half of a C++
# hello-world's whole run, and wildplan's commands are meant to cost milliseconds.
find_package(PkgConfig QUIET REQUIRED)
pkg_check_modules(PC_CMARK_GFM QUIET libcmark-gfm)
set(CmarkGfm_VERSION ${PC_CMARK_GFM_VERSION})
if(CmarkGfm_VERSION)
  # "0.29.0.gfm.6" -> "0.29.0" for version comparison
  string(REGEX MATCH "^[0-9]+(\\.[0-9]+)*" CmarkGfm_VERSION "${CmarkGfm_VERSION}")
endif()
option(CmarkGfm_USE_STATIC "Link cmark-gfm's static archives when they are installed" ON)

find_path(CmarkGfm_INCLUDE_DIR cmark-gfm.h HINTS ${PC_CMARK_GFM_INCLUDE_DIRS})
set(_cmark_names_core cmark-gfm)
set(_cmark_names_ext cmark-gfm-extensions)
if(CmarkGfm_USE_STATIC)
  set(_cmark_names_core libcmark-gfm.a cmark-gfm)
  set(_cmark_names_ext libcmark-gfm-extensions.a cmark-gfm-extensions)
endif()
find_library(CmarkGfm_LIBRARY NAMES ${_cmark_names_core} HINTS ${PC_CMARK_GFM_LIBRARY_DIRS})
find_library(CmarkGfm_EXTENSIONS_LIBRARY NAMES ${_cmark_names_ext} HINTS ${PC_CMARK_GFM_LIBRARY_DIRS})

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(CmarkGfm
  REQUIRED_VARS CmarkGfm_LIBRARY CmarkGfm_EXTENSIONS_LIBRARY CmarkGfm_INCLUDE_DIR
  VERSION_VAR CmarkGfm_VERSION)
if(CmarkGfm_FOUND AND NOT TARGET CmarkGfm::CmarkGfm)
  add_library(CmarkGfm::Core UNKNOWN IMPORTED)
  set_target_properties(CmarkGfm::Core PROPERTIES
    IMPORTED_LOCATION ${CmarkGfm_LIBRARY} INTERFACE_INCLUDE_DIRECTORIES ${CmarkGfm_INCLUDE_DIR})
  add_library(CmarkGfm::CmarkGfm UNKNOWN IMPORTED)
  set_target_properties(CmarkGfm::CmarkGfm PROPERTIES
    IMPORTED_LOCATION ${CmarkGfm_EXTENSIONS_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${CmarkGfm_INCLUDE_DIR}
    INTERFACE_LINK_LIBRARIES CmarkGfm::Core)
endif()
mark_as_advanced(CmarkGfm_INCLUDE_DIR CmarkGfm_LIBRARY CmarkGfm_EXTENSIONS_LIBRARY)
