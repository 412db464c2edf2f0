# FindCmarkGfm: cmark-gfm and its extensions library, through pkg-config (Debian ships no
# usable CMake package for them). Defines CmarkGfm::CmarkGfm.
find_package(PkgConfig QUIET REQUIRED)
pkg_check_modules(PC_CMARK_GFM QUIET IMPORTED_TARGET GLOBAL libcmark-gfm)
set(CmarkGfm_VERSION ${PC_CMARK_GFM_VERSION})
if(CmarkGfm_VERSION)
  # "0.29.0.gfm.6" -> "0.29.0" for version comparison
  string(REGEX MATCH "^[0-9]+(\\.[0-9]+)*" CmarkGfm_VERSION "${CmarkGfm_VERSION}")
endif()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(CmarkGfm
  REQUIRED_VARS PC_CMARK_GFM_LINK_LIBRARIES
  VERSION_VAR CmarkGfm_VERSION)
if(CmarkGfm_FOUND AND NOT TARGET CmarkGfm::CmarkGfm)
  add_library(CmarkGfm::CmarkGfm ALIAS PkgConfig::PC_CMARK_GFM)
endif()
