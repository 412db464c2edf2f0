#pragma once
// The whole public API of the wildplan library.

#include "wildplan/diagnostic.hpp"  // IWYU pragma: export
#include "wildplan/diff.hpp"        // IWYU pragma: export
#include "wildplan/document.hpp"    // IWYU pragma: export
#include "wildplan/edit.hpp"        // IWYU pragma: export
#include "wildplan/extract.hpp"     // IWYU pragma: export
#include "wildplan/git.hpp"         // IWYU pragma: export
#include "wildplan/history.hpp"     // IWYU pragma: export
#include "wildplan/lockfile.hpp"    // IWYU pragma: export
#include "wildplan/loop.hpp"        // IWYU pragma: export
#include "wildplan/merge.hpp"       // IWYU pragma: export
#include "wildplan/plan.hpp"        // IWYU pragma: export
#include "wildplan/prompt.hpp"      // IWYU pragma: export
#include "wildplan/render.hpp"      // IWYU pragma: export
#include "wildplan/rules.hpp"       // IWYU pragma: export
#include "wildplan/signals.hpp"     // IWYU pragma: export
#include "wildplan/source.hpp"      // IWYU pragma: export
#include "wildplan/todos.hpp"       // IWYU pragma: export
#include "wildplan/transcript.hpp"  // IWYU pragma: export
#include "wildplan/workspace.hpp"   // IWYU pragma: export

namespace wildplan {

/// "0.1.0"
const char* version();

}  // namespace wildplan
