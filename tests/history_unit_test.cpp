// history(): the library call on throwaway repositories, and its parts (trailers, XML escaping,
// the stall check). tests/history_test.py drives the built binary; these pin the typed result.
#include <gtest/gtest.h>

#include <fstream>

#include "git_fixture.hpp"
#include "history/trailers.hpp"
#include "render/history_parts.hpp"
#include "wildplan/history.hpp"
#include "wildplan/render.hpp"

namespace wildplan {
namespace {

using test::GitTest;

TEST(HistoryTrailers, LastParagraphOnlyAnyCase) {
  const std::string m =
      "wild-v2: iteration 3\n\nWild-Iteration: 9 in the body\n\n"
      "Wild-Session: s-1\nwild-iteration:  3 \nTasks: 2/6 done\n";
  EXPECT_EQ(detail::trailer(m, "Wild-Iteration"), "3");
  EXPECT_EQ(detail::trailer(m, "wild-session"), "s-1");
  EXPECT_EQ(detail::trailer(m, "Missing"), std::nullopt);
  // The subject is never a trailer, nor is a message of one paragraph.
  EXPECT_EQ(detail::trailer("Wild-Iteration: 4\n", "Wild-Iteration"), std::nullopt);
  EXPECT_EQ(detail::trailer("", "Wild-Iteration"), std::nullopt);
  EXPECT_EQ(detail::trailer("s\n\n\n\nWild-Iteration: 5\n\n\n", "Wild-Iteration"), "5");
}

TEST(HistoryXmlText, EscapesMarkupAndReplacesWhatXmlForbids) {
  EXPECT_EQ(detail::xml_text("</text><script>&\"'"), "&lt;/text&gt;&lt;script&gt;&amp;&quot;&#39;");
  EXPECT_EQ(detail::xml_text(std::string("a\0b\x1b[31m", 8)),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD[31m");
  EXPECT_EQ(detail::xml_text("\xff\xc3"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(detail::xml_text("\xEF\xBF\xBE"), "\xEF\xBF\xBD");  // U+FFFE
  EXPECT_EQ(detail::xml_text("tab\tline\ncr\r caf\xC3\xA9"), "tab\tline\ncr\r caf\xC3\xA9");
}

TEST(HistoryDuration, Units) {
  EXPECT_EQ(detail::duration(45), "45s");
  EXPECT_EQ(detail::duration(7 * 60 + 5), "7m");
  EXPECT_EQ(detail::duration(3600 + 5 * 60), "1h05m");
  EXPECT_EQ(detail::duration(2 * 86400 + 3 * 3600), "2d03h");
  EXPECT_EQ(detail::duration(-120), "-2m");
  EXPECT_EQ(detail::iso_time(1714547520, 120), "2024-05-01T09:12:00+02:00");
  EXPECT_EQ(detail::iso_time(1714547520, -330), "2024-05-01T01:42:00-05:30");
}

/// A History of `n` entries with the given tallies' advanced counts and one task track.
History synthetic(std::vector<std::size_t> advanced) {
  History h;
  for (std::size_t i = 0; i < advanced.size(); ++i) {
    HistoryEntry& e = h.entries.emplace_back();
    e.counts[static_cast<int>(Status::Todo)] = 3;
    e.tally.advanced = advanced[i];
    e.time = static_cast<std::int64_t>(i) * 60;
  }
  return h;
}

TEST(CheckStalled, NoProgressNeedsMoreEntriesThanTheWindowAndOpenTasks) {
  EXPECT_FALSE(check_stalled(synthetic({0, 0, 0}), 3).stalled());  // the plan, then two
  const StallCheck c = check_stalled(synthetic({0, 1, 0, 0, 0}), 3);
  ASSERT_EQ(c.reasons.size(), 1u);
  EXPECT_EQ(c.reasons[0].kind, StallKind::NoProgress);
  EXPECT_EQ(c.reasons[0].message, "no task advanced in the last 3 iterations (since entry 1)");
  EXPECT_FALSE(check_stalled(synthetic({0, 1, 0, 0, 0}), 4).stalled());
  History done = synthetic({0, 1, 0, 0, 0});
  done.entries.back().counts = {};
  done.entries.back().counts[static_cast<int>(Status::Done)] = 3;
  EXPECT_FALSE(check_stalled(done, 3).stalled()) << "a finished loop is not stalled";
  EXPECT_EQ(check_stalled(synthetic({0, 0}), 0).window, 1u);
}

TEST(CheckStalled, StuckAndChurn) {
  History h = synthetic({0, 1, 0, 1, 0});
  TaskTrack& stuck = h.tasks.emplace_back();
  stuck.title = "the loader", stuck.id = "Task 2", stuck.status = Status::InProgress;
  stuck.started = 1;
  stuck.states = {{0, Status::Todo}, {1, Status::InProgress}};
  for (std::size_t at : {2, 3, 4}) {  // appeared and vanished undone within the window
    TaskTrack& t = h.tasks.emplace_back();
    t.title = "idea " + std::to_string(at), t.added = at - 1, t.removed = at;
    t.states = {{at - 1, Status::Todo}};
  }
  const StallCheck c = check_stalled(h, 3);
  ASSERT_EQ(c.reasons.size(), 2u);
  EXPECT_EQ(c.reasons[0].kind, StallKind::Stuck);
  EXPECT_EQ(c.reasons[0].task, 0u);
  EXPECT_EQ(c.reasons[0].message,
            "Task 2 'the loader' has been in progress for 3 iterations (since entry 1)");
  EXPECT_EQ(c.reasons[1].kind, StallKind::Churn);
  EXPECT_EQ(c.churned, 2u);  // the one added at entry 1 is older than the window
  EXPECT_EQ(c.advanced, 1u);
  const StallCheck four = check_stalled(h, 4);  // stuck for 3, not 4; churn 3 against 2
  ASSERT_EQ(four.reasons.size(), 1u);
  EXPECT_EQ(four.reasons[0].kind, StallKind::Churn);
  EXPECT_EQ(four.churned, 3u);
}

class HistoryRepo : public GitTest {
 protected:
  void commit(const std::string& text, const std::string& message) {
    std::ofstream(dir_ / "tasks.md", std::ios::binary) << text;
    sh("git add -A && git commit -q -m '" + message + "'");
  }
  HistoryRequest request() const {
    HistoryRequest r;
    r.repo = dir_.string();
    r.file = (dir_ / "tasks.md").string();
    return r;
  }
};

TEST_F(HistoryRepo, TracksTasksAcrossVersions) {
  commit("- [ ] Task 1: write the loader\n- [ ] Task 2: test the loader\n", "plan");
  commit("- [/] Task 1: write the loader\n- [ ] Task 2: test the loader\n", "start");
  commit("- [x] Task 1: write the loader\n- [ ] Task 3: benchmark it\n", "done, swap");
  const History h = history(request());
  EXPECT_EQ(h.file, "tasks.md");
  ASSERT_EQ(h.entries.size(), 3u);
  EXPECT_EQ(h.entries[0].file, FileDelta::Added);
  EXPECT_EQ(h.entries[2].count(Status::Done), 1u);
  EXPECT_EQ(h.entries[2].tally.done, 1u);
  EXPECT_EQ(h.entries[2].tally.dropped, 1u);
  ASSERT_EQ(h.tasks.size(), 3u);
  EXPECT_EQ(h.tasks[0].started, 1u);
  EXPECT_EQ(h.tasks[0].done, 2u);
  EXPECT_TRUE(h.tasks[1].vanished());
  EXPECT_EQ(h.tasks[2].added, 2u);
  EXPECT_EQ(h.summary.vanished, std::vector<std::size_t>{1});
  EXPECT_EQ(h.summary.no_progress, std::vector<std::size_t>{});
}

TEST_F(HistoryRepo, BoxOnlyEditsReadAsAParseWould) {
  // Versions that differ from the one before in task boxes only are not parsed again: each
  // entry must still be what a parse of its version gives, with the configuration's map too.
  const std::vector<std::string> versions = {
      "# T\n\n- [ ] a one\n  - [ ] a nested two\n- [ ] a three\n\n```\n- [ ] code\n```\n",
      "# T\n\n- [x] a one\n  - [/] a nested two\n- [ ] a three\n\n```\n- [ ] code\n```\n",
      "# T\n\n- [X] a one\n  - [-] a nested two\n- [!] a three\n\n```\n- [ ] code\n```\n",
      "# T\n\n- [X] a one\n  - [-] a nested two\n- [!] a three\n\n```\n- [x] code\n```\n",
      "# T\n\n- [?] a one\n  - [-] a nested two\n- [ ] a three\n\n```\n- [x] code\n```\n",
  };
  for (std::size_t i = 0; i < versions.size(); ++i) commit(versions[i], "v" + std::to_string(i));
  for (const bool kiro : {false, true}) {
    HistoryRequest r = request();
    if (kiro) r.statuses.set('-', Status::InProgress);
    const History h = history(r);
    ASSERT_EQ(h.entries.size(), versions.size());
    for (std::size_t i = 0; i < versions.size(); ++i) {
      const Source src("v", versions[i]);
      const Parsed<Plan> p = parse_plan(src, std::nullopt, ParseOptions{r.statuses});
      EXPECT_EQ(h.entries[i].counts, p.value->counts()) << "version " << i << " kiro " << kiro;
    }
    EXPECT_EQ(h.entries[3].changes.size(), 0u) << "a box in a code block is no task";
    EXPECT_EQ(h.tasks[1].status, kiro ? Status::InProgress : Status::Cancelled);
    EXPECT_EQ(h.tasks[0].status, Status::Other);
  }
}

TEST_F(HistoryRepo, SinceTheLastCommitHasNoEntriesAndNoTasks) {
  commit("- [/] Task 1: write the loader\n", "plan");  // a task in progress at the base
  HistoryRequest r = request();
  r.since = "HEAD";
  r.stalled = 2;
  const History h = history(r);  // used to index past the (empty) entries
  EXPECT_TRUE(h.entries.empty());
  EXPECT_TRUE(h.tasks.empty());
  ASSERT_TRUE(h.stall);
  EXPECT_FALSE(h.stall->stalled());
  EXPECT_NE(render_history_text(h).find("no commit holds it"), std::string::npos);
  std::string json;
  write_history_json(h, [&](std::string_view s) { json += s; });
  EXPECT_NE(json.find("\"entries\": []"), std::string::npos);
  EXPECT_NE(render_history_svg(h).find("</svg>"), std::string::npos);
}

TEST_F(HistoryRepo, ErrorsAreErrors) {
  HistoryRequest r = request();
  EXPECT_TRUE(history(r).entries.empty()) << "no commit yet: an empty history";
  commit("- [ ] a task\n", "plan");
  r.since = "no-such-revision";
  EXPECT_THROW(history(r), Error);
  r.since.reset();
  r.file = (dir_.parent_path() / "outside.md").string();
  EXPECT_THROW(history(r), Error);
  r.file.clear();
  EXPECT_THROW(history(r), Error);
}

}  // namespace
}  // namespace wildplan
