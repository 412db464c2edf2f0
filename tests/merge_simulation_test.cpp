// The merge simulation in CI: 1,500 random pairs of agent edits on the shared corpus's task lists,
// merged by git's text merge and by the merge driver. The driver must lose no task, set back no
// box, conflict on no pair git merges cleanly, and conflict far less often than git.
#include "merge_simulation.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>

#include "test_util.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;

TEST(MergeSimulation, RandomAgentEditPairsLoseNoTaskAndConflictFarLessThanGit) {
  const fs::path dir = test::kSharedDir / "corpus" / "tasks";
  WILDPLAN_NEEDS_SHARED(dir);
  std::vector<sim::Base> bases;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".md")
      bases.push_back(sim::make_base(e.path().filename().string(), test::read_file(e.path())));
  }
  std::sort(bases.begin(), bases.end(),
            [](const sim::Base& a, const sim::Base& b) { return a.name < b.name; });
  ASSERT_GE(bases.size(), 10u);
  const sim::Stats s = sim::simulate(bases, 1500, 20251125);
  const auto pct = [&](std::size_t n) {
    return 100.0 * static_cast<double>(n) / static_cast<double>(s.pairs);
  };
  std::cout << "merge simulation: " << s.pairs << " pairs, " << s.edits << " edits, "
            << bases.size() << " base files\n"
            << "  git's merge:      " << s.git_conflicts << " conflicts (" << pct(s.git_conflicts)
            << "%), " << s.git_lost << " tasks lost and " << s.git_set_back
            << " boxes set back in its clean merges\n"
            << "  the merge driver: " << s.driver_conflicts << " conflicts ("
            << pct(s.driver_conflicts) << "%), " << s.driver_lost << " tasks lost, "
            << s.driver_set_back << " boxes set back; " << s.worse_than_git
            << " pairs worse than git; " << s.as_text
            << " merged as text\n  the driver's conflicts:";
  for (const auto& [kind, n] : s.driver_conflict_kinds) std::cout << " " << kind << " " << n;
  std::cout << "\n";
  for (const std::string& f : s.failures) ADD_FAILURE() << f;
  EXPECT_EQ(s.pairs, 1500u);
  EXPECT_EQ(s.driver_lost, 0u);
  EXPECT_EQ(s.driver_set_back, 0u);
  EXPECT_EQ(s.worse_than_git, 0u);
  EXPECT_LT(s.driver_conflicts * 4, s.git_conflicts);
}

}  // namespace
}  // namespace wildplan
