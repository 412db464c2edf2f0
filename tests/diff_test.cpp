#include "wildplan/diff.hpp"

#include <gtest/gtest.h>

#include <ctime>

#include "test_util.hpp"

namespace wildplan {
namespace {

struct Two {
  Two(std::string before, std::string after)
      : a("a.md", std::move(before)),
        b("b.md", std::move(after)),
        pa(*parse_plan(a).value),
        pb(*parse_plan(b).value),
        d(diff_plans(pa, pb)) {}
  std::vector<std::string> kinds() const {
    std::vector<std::string> out;
    for (const Change& c : d.changes) out.push_back(to_string(c.kind));
    return out;
  }
  Source a, b;
  Plan pa, pb;
  PlanDiff d;
};

using Kinds = std::vector<std::string>;

TEST(DiffPlans, MatchesByIdThenTextThenSimilarity) {
  const Two t(
      "- [ ] Task 1: Read the training script\n"
      "- [ ] Write the sweep config for the learning rate\n"
      "- [ ] Plot the loss curves of every run\n"
      "- [ ] Delete the old logs\n",
      "- [x] Task 1: Read the training script carefully\n"  // by id: reworded, checked
      "- [ ] plot   the *loss* curves of every run\n"       // by text (normalised): moved up
      "- [ ] Write the sweep config for learning rate and warmup\n"  // by similarity
      "- [ ] Compare with the baseline\n");                          // new
  EXPECT_EQ(t.d.match_of_after, (std::vector<std::optional<std::size_t>>{0, 2, 1, std::nullopt}));
  // the removed task comes after the new place of its old neighbour ("Plot ...")
  EXPECT_EQ(t.kinds(), (Kinds{"reworded", "status-changed", "removed", "reworded", "added"}));
}

TEST(DiffPlans, EqualListsHaveNoChanges) {
  const std::string list = "- [ ] Task 1: a b c\n- [/] Task 2: d e f\n";
  EXPECT_TRUE(Two(list, list).d.empty());
}

// Thousands of tasks with one text: each new task takes the next old one with that text, not
// a search through all of them (that was quadratic: 100,000 tasks took 5 s, now 50 ms).
TEST(DiffPlans, ThousandsOfTasksWithOneTextAreMatchedInOrderInLinearTime) {
  std::string before, after;
  for (int i = 0; i < 50'000; ++i) {
    before += "- [ ] run the same step\n";
    after += i == 40'000 ? "- [x] run the same step\n" : "- [ ] run the same step\n";
  }
  const std::clock_t start = std::clock();
  const Two t(before, after);
  EXPECT_LT(test::cpu_seconds_since(start), 10.0);  // a hang guard
  ASSERT_EQ(t.d.changes.size(), 1u);
  EXPECT_EQ(t.d.changes[0].kind, ChangeKind::StatusChanged);
  EXPECT_EQ(t.d.changes[0].before, 40'000u);
  EXPECT_EQ(t.d.changes[0].after, 40'000u);
}

}  // namespace
}  // namespace wildplan
