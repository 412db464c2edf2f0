// The library's version, from the build (CMake's project version).
#include "wildplan/wildplan.hpp"

namespace wildplan {

const char* version() { return WILDPLAN_VERSION; }

}  // namespace wildplan
