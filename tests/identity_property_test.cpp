// Task identity as a property (diff.hpp), over the shared corpus's task lists and generated
// ones: an agent's new version of a list inserts tasks, deletes some and renumbers the rest.
//   - diff: every task matched keeps its text (the generator rewords nothing), so no status is
//     ever read as another task's; every old task is matched or reported removed;
//   - replan (apply --replan): every task of the merged file with a status its plan did not give
//     it has that status from an old task of the same text; every old task is in the merged
//     file, or reported removed (open) or preserved.
// A new task that shares a word with an old one could be that task reworded (what identity's
// second and third passes are for): the generator's new tasks share no word with the old ones.
// Without ../shared the corpus part is skipped, saying so; WILDPLAN_REQUIRE_SHARED=1 (CI) makes
// that a failure.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "test_util.hpp"
#include "wildplan/diff.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/loop.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;

std::set<std::string> words_of(const std::string& title) {
  std::set<std::string> out;
  const std::string n = normalise_task_text(title);
  for (std::size_t i = 0; i < n.size();) {
    const std::size_t end = std::min(n.find(' ', i), n.size());
    if (end > i) out.insert(n.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

/// The lines of task `t`'s item, line ends included.
Span item_lines(const Source& src, const Task& t) {
  const std::string_view s = src.bytes();
  std::size_t end = t.item.end;
  while (end > t.item.begin + 1 && (s[end - 1] == '\n' || s[end - 1] == '\r' || s[end - 1] == ' '))
    --end;
  return {src.line_start(t.pos.line),
          std::min(src.size(), src.line_start(src.position(end - 1).line + 1))};
}

/// `text` with random statuses: the agent's progress.
std::string with_progress(const std::string& text, std::mt19937& rng) {
  const Document doc = test::document(Source("f", text));
  std::vector<Edit> edits;
  for (const Task& t : doc.plan.tasks) {
    const auto roll = rng() % 100;
    const char box = roll < 35 ? 'x' : roll < 45 ? '/' : roll < 50 ? '!' : roll < 55 ? '-' : ' ';
    if (box != t.box) edits.push_back(set_box(t, box));
  }
  return apply_edits(text, std::move(edits));
}

/// The id of `t` renumbered to `n` in its own scheme (`Task N`, `T0NN`, Kiro's `N.`), or none
/// when its scheme has no number to give.
std::optional<std::string> renumbered(const Task& t, std::size_t n) {
  switch (t.id_kind) {
    case IdKind::Word:
      return "Task " + std::to_string(n);
    case IdKind::SpecKit: {
      std::string num = std::to_string(n);
      while (num.size() < 3) num.insert(0, "0");
      return "T" + num;
    }
    case IdKind::Number:
      return t.id.find('.') == std::string::npos ? std::optional(std::to_string(n)) : std::nullopt;
    default:
      return std::nullopt;
  }
}

/// A new version of `text`: top-level tasks deleted (with their subtasks) and new ones
/// inserted (texts from `fresh`), every box open, then the top-level ids of each scheme
/// renumbered in file order, as an agent rewriting its plan does.
std::string rewrite(const std::string& text, std::vector<std::string>& fresh, std::mt19937& rng) {
  const Source src("f", text);
  const Document doc = test::document(src);
  std::vector<Edit> edits;
  for (std::size_t i = 0; i < doc.plan.tasks.size(); ++i) {
    const Task& t = doc.plan.tasks[i];
    if (t.depth > 0) continue;
    if (rng() % 100 < 15) {
      edits.push_back({item_lines(src, t), ""});
      continue;
    }
    if (!fresh.empty() && rng() % 100 < 12) {
      const std::size_t at = src.line_start(t.pos.line);
      edits.push_back({{at, at},
                       std::string(t.pos.column - 1, ' ') + "- [ ] " + fresh.back() + "\n"});
      fresh.pop_back();
    }
  }
  std::string out = apply_edits(text, std::move(edits));
  // Renumber: the n-th top-level task of each id scheme gets number n.
  const Source again("g", out);
  const Document redone = test::document(again);
  std::map<IdKind, std::size_t> next;
  edits.clear();
  for (const Task& t : redone.plan.tasks) {
    if (t.box != ' ') edits.push_back(set_box(t, ' '));
    if (t.depth > 0 || t.id.empty()) continue;
    const auto id = renumbered(t, ++next[t.id_kind]);
    const std::string_view line = again.text(t.text_span);
    const std::size_t at = line.find(t.id);
    if (!id || at == std::string_view::npos || *id == t.id) continue;
    edits.push_back({{t.text_span.begin + at, t.text_span.begin + at + t.id.size()}, *id});
  }
  return apply_edits(out, std::move(edits));
}

/// Titles from `other` that share no word with any task of `text`.
std::vector<std::string> fresh_titles(const std::string& text, const std::string& other) {
  std::set<std::string> used;
  for (const Task& t : test::document(Source("f", text)).plan.tasks) {
    const auto w = words_of(t.title.empty() ? t.text : t.title);
    used.insert(w.begin(), w.end());
  }
  std::vector<std::string> out;
  for (const Task& t : test::document(Source("o", other)).plan.tasks) {
    const auto w = words_of(t.title);
    if (w.size() < 2 || t.title.find_first_of("\r\n|") != std::string::npos) continue;
    if (std::none_of(w.begin(), w.end(), [&](const std::string& x) { return used.count(x); }))
      out.push_back(t.title);
  }
  return out;
}

struct Tally {
  std::size_t pairs = 0, renumbered = 0, merged = 0;
};

void check_pair(const std::string& name, const std::string& old_text, const std::string& new_text,
                Tally& tally) {
  SCOPED_TRACE(name);
  const Document before = test::document(Source("tasks.md", old_text));
  const Document after = test::document(Source("plan.md", new_text));
  const PlanDiff d = diff_plans(before.plan, after.plan);
  ++tally.pairs;
  std::vector<bool> matched(before.plan.tasks.size(), false);
  for (std::size_t j = 0; j < after.plan.tasks.size(); ++j) {
    const auto i = d.match_of_after[j];
    if (!i) continue;
    matched[*i] = true;
    EXPECT_EQ(normalise_task_text(before.plan.tasks[*i].title),
              normalise_task_text(after.plan.tasks[j].title))
        << "a task matched to another task's text";
  }
  std::size_t removed = 0;
  for (const Change& c : d.changes) {
    removed += c.kind == ChangeKind::Removed;
    tally.renumbered += c.kind == ChangeKind::Renumbered;
  }
  EXPECT_EQ(removed, static_cast<std::size_t>(std::count(matched.begin(), matched.end(), false)));

  DecideOptions o;
  o.replan = true;
  o.iteration = 2;
  const TasksDecision r = decide_tasks(&after, &before, o);
  if (!r.bytes) return;  // kept (the plan changes nothing, or a shape it will not merge)
  ++tally.merged;
  const Document merged = test::document(Source("merged.md", *r.bytes));
  std::multiset<std::pair<std::string, Status>> old_statuses;
  for (const Task& t : before.plan.tasks)
    old_statuses.insert({normalise_task_text(t.title), t.status});
  for (const Task& t : merged.plan.tasks) {
    if (t.status == Status::Todo) continue;  // the plan's own box, or an old open one
    EXPECT_TRUE(old_statuses.count({normalise_task_text(t.title), t.status}))
        << "a status on another task's text: " << t.text;
  }
  std::multiset<std::string> merged_texts;
  for (const Task& t : merged.plan.tasks) merged_texts.insert(normalise_task_text(t.title));
  const std::set<std::size_t> reported(r.removed.begin(), r.removed.end());
  const std::set<std::size_t> kept(r.preserved.begin(), r.preserved.end());
  for (std::size_t i = 0; i < before.plan.tasks.size(); ++i) {
    const Task& t = before.plan.tasks[i];
    const bool there = merged_texts.count(normalise_task_text(t.title)) > 0;
    EXPECT_TRUE(there || reported.count(i) || kept.count(i)) << "lost without a trace: " << t.text;
    if (reported.count(i)) {
      EXPECT_EQ(t.status, Status::Todo) << t.text;
    }
  }
}

void check_list(const std::string& name, const std::string& text, const std::string& other,
                Tally& tally) {
  for (unsigned seed = 1; seed <= 4; ++seed) {
    std::mt19937 rng(seed * 104729u + static_cast<unsigned>(text.size()));
    std::vector<std::string> fresh = fresh_titles(text, other);
    std::shuffle(fresh.begin(), fresh.end(), rng);
    const std::string old_text = with_progress(text, rng);
    check_pair(name + " seed " + std::to_string(seed), old_text, rewrite(text, fresh, rng), tally);
  }
}

const std::string kSeedList =
    "# Tasks\n\n## Goal\nTune the learning rate\n\n## Analysis\nA small model.\n\n## Tasks\n"
    "- [ ] Task 1: Read train.py and note its arguments\n"
    "- [ ] Task 2: Create a sweep over the learning rate\n"
    "- [ ] Task 3: Create 6 runs of the sweep\n"
    "- [ ] Task 4: Monitor the runs\n"
    "- [ ] Task 5: Compare the validation losses\n"
    "- [ ] Task 6: Write the report with the best rate\n";
const std::string kSpecKit =
    "# Tasks\n\n## Phase 1: Setup\n- [ ] T001 Create the project skeleton\n"
    "- [ ] T002 [P] Configure the linter\n- [ ] T003 Add the database schema\n\n"
    "## Phase 2: Core\n- [ ] T004 [US1] Implement the login endpoint\n"
    "- [ ] T005 [US1] Implement the logout endpoint\n- [ ] T006 Add audit logging\n";
const std::string kOther =
    "- [ ] Check the GPU quota before starting\n- [ ] Plot every loss curve\n"
    "- [ ] Ask a reviewer for feedback\n- [ ] Archive stale checkpoints quickly\n"
    "- [ ] Tag release candidate builds\n- [ ] Benchmark inference latency offline\n";

TEST(IdentityProperty, GeneratedListsKeepEveryStatusOnItsOwnTask) {
  Tally tally;
  check_list("seed list", kSeedList, kOther, tally);
  check_list("spec kit", kSpecKit, kOther, tally);
  EXPECT_EQ(tally.pairs, 8u);
  EXPECT_GT(tally.renumbered, 0u);
}

TEST(IdentityProperty, CorpusListsKeepEveryStatusOnItsOwnTask) {
  const fs::path dir = fs::path(WILDPLAN_CORPUS_DIR) / "tasks";
  WILDPLAN_NEEDS_SHARED(dir);
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 30u);
  Tally tally;
  for (std::size_t k = 0; k < files.size(); ++k) {
    check_list(files[k].filename().string(), test::read_file(files[k]),
               test::read_file(files[(k + 1) % files.size()]), tally);
  }
  std::cout << "identity property: " << tally.pairs << " pairs, " << tally.renumbered
            << " tasks renumbered, " << tally.merged << " replans merged\n";
  EXPECT_GT(tally.renumbered, 100u);
  EXPECT_GT(tally.merged, files.size());
}

}  // namespace
}  // namespace wildplan
