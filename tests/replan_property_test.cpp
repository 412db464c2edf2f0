// The replan merge as a property, over pairs of real task lists (the shared corpus) and of
// generated ones, each paired with edited variants of itself and of another list:
//   - the merged list holds exactly the plan's tasks (each with the further-along status) and
//     the tasks of tasks.md the plan left out that were started, done, blocked or cancelled
//     (or hold or are needed by one): no such task is ever lost;
//   - every section of tasks.md is still there (one the plan lacks, byte for byte when it held
//     no task), unless it held only tasks that moved or were removed;
//   - the merge introduces no error diagnostic that neither input had;
//   - replanning the result with the same plan changes nothing.
// Without ../shared the corpus part is skipped, saying so; WILDPLAN_REQUIRE_SHARED=1 (CI) makes
// that a failure.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "loop/replan.hpp"
#include "test_util.hpp"
#include "wildplan/diff.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/loop.hpp"
#include "wildplan/rules.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpusTasks = fs::path(WILDPLAN_CORPUS_DIR) / "tasks";

/// The lines of task `t`'s item, line ends included.
Span item_lines(const Source& src, const Task& t) {
  const std::string_view s = src.bytes();
  std::size_t end = t.item.end;
  while (end > t.item.begin + 1 && (s[end - 1] == '\n' || s[end - 1] == '\r' || s[end - 1] == ' '))
    --end;
  const std::uint32_t last = src.position(end - 1).line;
  return {src.line_start(t.pos.line), std::min(src.size(), src.line_start(last + 1))};
}

/// `text` with random statuses: the agent's progress.
std::string progress(const std::string& text, std::mt19937& rng) {
  const Source src("f", text);
  const Plan plan = *parse_plan(src).value;
  std::vector<Edit> edits;
  for (const Task& t : plan.tasks) {
    const auto roll = rng() % 100;
    const char box = roll < 30 ? 'x' : roll < 42 ? '/' : roll < 47 ? '!' : roll < 52 ? '-' : 0;
    if (box) edits.push_back(set_box(t, box));
  }
  return apply_edits(text, std::move(edits));
}

/// A new plan made from `text`: every box open, some top-level tasks dropped, some reworded,
/// a few added, sometimes a section without tasks dropped.
std::string edit(const std::string& text, std::mt19937& rng) {
  const Source src("f", text);
  const Plan plan = *parse_plan(src).value;
  std::vector<Edit> edits;
  std::vector<char> dropped(plan.tasks.size(), 0);
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    const Task& t = plan.tasks[i];
    if (t.parent) {
      dropped[i] = dropped[*t.parent];
      if (dropped[i]) continue;
    } else if (rng() % 100 < 20) {
      dropped[i] = 1;
      edits.push_back({item_lines(src, t), ""});
      continue;
    }
    if (t.box != ' ') edits.push_back(set_box(t, ' '));
    if (rng() % 100 < 10) edits.push_back({{t.text_span.end, t.text_span.end}, " (revised)"});
    if (!t.parent && rng() % 100 < 8) {
      const std::size_t at = src.line_start(t.pos.line);
      edits.push_back({{at, at},
                       std::string(t.pos.column - 1, ' ') + "- [ ] Added task " +
                           std::to_string(i) + " for the new plan\n"});
    }
  }
  if (rng() % 3 == 0) {
    for (std::size_t k = 0; k < plan.sections.size(); ++k) {
      const Section& s = plan.sections[k];
      const bool tasks = std::any_of(plan.tasks.begin(), plan.tasks.end(),
                                     [&](const Task& t) { return t.section == k; });
      if (tasks || s.level < 2 || k + 1 == plan.sections.size()) continue;
      const Span whole{src.line_start(s.pos.line), src.line_start(plan.sections[k + 1].pos.line)};
      bool clash = false;  // another edit inside it
      for (const Edit& e : edits) clash |= e.span.end > whole.begin && e.span.begin < whole.end;
      if (!clash) edits.push_back({whole, ""});
      break;
    }
  }
  return apply_edits(text, std::move(edits));
}

std::string crlf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' && (out.empty() || out.back() != '\r')) out += '\r';
    out += c;
  }
  return out;
}

std::set<std::string> error_rules(const Source& src, Profile profile) {
  const auto parsed = parse_plan(src);
  ValidateOptions vo;
  vo.profile = profile;
  std::set<std::string> out;
  for (const Diagnostic& d : validate(test::document(src), vo).diagnostics) {
    if (d.severity == Severity::Error) out.insert(d.rule);
  }
  return out;
}

struct Outcome {
  int merged = 0, kept = 0, refused = 0;
};

void check_merge(const std::string& file, const std::string& plan, Outcome& outcome);

/// Checks every property for tasks.md `file` replanned with `plan`; a pair that fails is left
/// in the scratch directory, to replay with `wildplan apply --replan`.
void check_pair(const std::string& name, const std::string& file, const std::string& plan,
                Outcome& outcome) {
  SCOPED_TRACE(name);
  static int pair = 0;
  const auto failures = [] {
    const testing::TestResult* r = testing::UnitTest::GetInstance()->current_test_info()->result();
    int n = 0;
    for (int k = 0; k < r->total_part_count(); ++k) n += r->GetTestPartResult(k).failed();
    return n;
  };
  const int before = failures();
  check_merge(file, plan, outcome);
  if (failures() > before) {
    const fs::path dir = test::scratch_dir("replan-failure-" + std::to_string(++pair));
    test::write_file(dir / "tasks.md", file);
    test::write_file(dir / "reply.txt", "<plan>\n" + plan + "</plan>\n");
    ADD_FAILURE() << "the failing pair: " << dir;
  }
}

/// The plan as a reply holds it: between prose and tags, parsed in the reply's positions.
Document reply_plan(const std::string& plan) {
  const std::string before = "I read the code, and here is the plan.\n\n<plan>\n";
  return parse_document(
      std::make_shared<const Source>("reply.txt", before + plan + "</plan>\n\nDone.\n"),
      Span{before.size(), before.size() + plan.size()});
}

void check_merge(const std::string& file, const std::string& plan, Outcome& outcome) {
  const Source file_src("tasks.md", file);
  const Document file_doc = test::document(file_src);
  const Document plan_doc = reply_plan(plan);
  DecideOptions o;
  o.replan = true;
  o.iteration = 3;
  const TasksDecision d = decide_tasks(&plan_doc, &file_doc, o);
  if (d.action == TasksAction::Written) return;  // the placeholder: nothing to merge
  ASSERT_TRUE(d.drift);
  const Plan& d_file = d.drift->before.plan;
  const Plan& d_plan = d.drift->after.plan;
  if (!d.bytes) {
    ++(d.reason.starts_with("a replan was asked for") ? outcome.refused : outcome.kept);
    EXPECT_EQ(d.action, TasksAction::Kept);
    return;
  }
  ++outcome.merged;
  const Source merged_src("merged.md", *d.bytes);
  const Plan merged = *parse_plan(merged_src).value;

  // Exactly the plan's tasks (further-along status) and the preserved ones.
  std::map<std::pair<std::string, Status>, int> expected, got;
  std::vector<std::optional<std::size_t>> match_of_file(d_file.tasks.size());
  for (std::size_t j = 0; j < d_plan.tasks.size(); ++j) {
    const Task& p = d_plan.tasks[j];
    Status s = p.status;
    if (const auto i = d.drift->diff.match_of_after[j]) {
      match_of_file[*i] = j;
      if (detail::progress(d_file.tasks[*i].status) > detail::progress(s))
        s = d_file.tasks[*i].status;
    }
    ++expected[{p.text, s}];
  }
  for (std::size_t i : d.preserved) ++expected[{d_file.tasks[i].text, d_file.tasks[i].status}];
  for (const Task& t : merged.tasks) ++got[{t.text, t.status}];
  EXPECT_EQ(got, expected) << *d.bytes;

  // No started, done, blocked or cancelled task is lost; only open ones are removed.
  const std::set<std::size_t> preserved(d.preserved.begin(), d.preserved.end());
  for (std::size_t i = 0; i < d_file.tasks.size(); ++i) {
    if (d_file.tasks[i].status != Status::Todo && !match_of_file[i]) {
      EXPECT_TRUE(preserved.count(i)) << "lost: " << d_file.tasks[i].text;
    }
  }
  for (std::size_t i : d.removed) EXPECT_EQ(d_file.tasks[i].status, Status::Todo);

  // Every section is still there, unless it held only tasks that moved or were removed; one
  // the plan lacks that holds no task, byte for byte.
  std::multiset<std::string> titles;
  for (const Section& s : merged.sections) titles.insert(std::to_string(s.level) + s.title);
  std::multiset<std::string> plan_titles;
  for (const Section& s : d_plan.sections) plan_titles.insert(std::to_string(s.level) + s.title);
  for (std::size_t k = 0; k < d_file.sections.size(); ++k) {
    const Section& s = d_file.sections[k];
    const bool phase_in_plan =
        s.phase && std::any_of(d_plan.phases.begin(), d_plan.phases.end(), [&](const Phase& p) {
          return p.number == d_file.phases[*s.phase].number;
        });
    if (phase_in_plan || plan_titles.count(std::to_string(s.level) + s.title)) continue;
    bool held_tasks = false, keeps_task = false;
    const std::size_t begin = file_src.line_start(s.pos.line);
    const std::size_t end = k + 1 < d_file.sections.size()
                                ? file_src.line_start(d_file.sections[k + 1].pos.line)
                                : file_src.size();
    std::string rest(file_src.text({begin, end}));  // without its heading and its tasks
    std::fill(rest.begin(), rest.begin() + static_cast<long>(s.span.end - begin), ' ');
    for (std::size_t i = 0; i < d_file.tasks.size(); ++i) {
      if (d_file.tasks[i].section != k) continue;
      held_tasks = true;
      keeps_task |= preserved.count(i) > 0;
      const Span lines = item_lines(file_src, d_file.tasks[i]);
      for (std::size_t b = std::max(lines.begin, begin); b < std::min(lines.end, end); ++b)
        rest[b - begin] = ' ';
    }
    const bool more = rest.find_first_not_of(" \t\r\n") != std::string::npos;
    if (!held_tasks) {
      EXPECT_NE(d.bytes->find(file_src.text({begin, end})), std::string::npos)
          << "section not kept byte for byte: " << s.title << "\n"
          << *d.bytes;
    } else if (keeps_task || more) {
      EXPECT_TRUE(titles.count(std::to_string(s.level) + s.title))
          << "section lost: " << s.title << "\n"
          << *d.bytes;
    }
  }

  // No error the merge caused. A kept task whose id the plan gave to another task keeps it
  // (identity never moves a status by id alone): the duplicate id is then reported, as it must.
  const Profile profile = validate(test::document(merged_src)).profile;
  std::set<std::string> before = error_rules(file_src, profile);
  const std::set<std::string> plan_errors = error_rules(Source("plan.md", plan), profile);
  before.insert(plan_errors.begin(), plan_errors.end());
  std::set<std::string> plan_ids;
  for (const Task& t : d_plan.tasks) {
    if (!t.id.empty()) plan_ids.insert(task_id_key(t.id));
  }
  for (std::size_t i : d.preserved) {
    const Task& t = d_file.tasks[i];
    if (!t.id.empty() && plan_ids.count(task_id_key(t.id))) before.insert("task-duplicate-id");
  }
  for (const std::string& rule : error_rules(merged_src, profile)) {
    EXPECT_TRUE(before.count(rule)) << "the merge caused " << rule << "\n" << *d.bytes;
  }

  // Stable: the same plan again changes nothing. Not asked where two tasks share a text: task
  // identity (diff.hpp) then pairs them in file order, and a merged file's order differs.
  std::set<std::string> texts;
  bool unique = true;
  for (const Task& t : merged.tasks) unique &= texts.insert(normalise_task_text(t.title)).second;
  if (!unique) return;
  const Document merged_doc = test::document(merged_src);
  const TasksDecision again = decide_tasks(&plan_doc, &merged_doc, o);
  EXPECT_EQ(again.action, TasksAction::Kept) << *d.bytes << "\n---\n" << again.bytes.value_or("");
}

void check_family(const std::string& name, const std::string& text, const std::string& other,
                  Outcome& outcome) {
  for (unsigned seed = 1; seed <= 3; ++seed) {
    std::mt19937 rng(seed * 7919u + static_cast<unsigned>(text.size()));
    const std::string tag = name + " seed " + std::to_string(seed);
    const std::string base = seed == 3 ? crlf(text) : text;
    const std::string file = progress(base, rng);
    check_pair(tag + ": progress vs edited plan", file, edit(text, rng), outcome);
    check_pair(tag + ": progress vs the original", file, text, outcome);
    check_pair(tag + ": progress vs another list", file, progress(other, rng), outcome);
    check_pair(tag + ": edited and progressed vs the original", progress(edit(base, rng), rng),
               text, outcome);
  }
}

/// Generated lists: phases with subtasks and fields, the seed shape with notes, Kiro numbers.
std::vector<std::pair<std::string, std::string>> generated() {
  std::vector<std::pair<std::string, std::string>> out;
  std::string phased =
      "# Tasks\n\n## Goal\nTrain the model and report accuracy.\n\n## Analysis\n"
      "Notes on the code.\n\n";
  for (int p = 1; p <= 4; ++p) {
    phased += "## Phase " + std::to_string(p) + " - Part " + std::to_string(p) + "\n";
    for (int t = 1; t <= 4; ++t) {
      phased += "- [ ] [P" + std::to_string(p) + "-T" + std::to_string(t) + "] Do step " +
                std::to_string(t) + " of part " + std::to_string(p) + " | deliverable: out/p" +
                std::to_string(p) + ".md | done-when: it is checked\n";
      if (t == 2) phased += "  - [ ] check the inputs of step two\n  - [ ] write the result down\n";
    }
    phased += "\n";
  }
  phased += "## Shared Metrics and Analytics Contract\n- accuracy, two decimals\n\n## Notes\n- n\n";
  out.emplace_back("generated phased", phased);
  std::string seed =
      "# Tasks\n\n## Goal\nFix the flaky test.\n\n## Analysis\nIt races.\n\n## Tasks\n";
  for (int t = 1; t <= 12; ++t)
    seed += "- [ ] Task " + std::to_string(t) + ": Change part " + std::to_string(t) +
            " of the scheduler and test it\n";
  seed += "\n## Notes\nKeep this.\n";
  out.emplace_back("generated seed", seed);
  std::string kiro = "# Implementation Plan\n\n";
  for (int t = 1; t <= 6; ++t) {
    kiro += "- [ ] " + std::to_string(t) + ". Build component " + std::to_string(t) + "\n";
    kiro += "  - [ ] " + std::to_string(t) + ".1 Write its interface\n  - [ ] " +
            std::to_string(t) + ".2 Test its edge cases\n  - _Requirements: 1." +
            std::to_string(t) + "_\n\n";
  }
  out.emplace_back("generated kiro", kiro);
  return out;
}

TEST(ReplanProperty, GeneratedListsLoseNothing) {
  Outcome outcome;
  const auto lists = generated();
  for (std::size_t k = 0; k < lists.size(); ++k) {
    check_family(lists[k].first, lists[k].second, lists[(k + 1) % lists.size()].second, outcome);
  }
  EXPECT_GT(outcome.merged, 20);
  EXPECT_EQ(outcome.refused, 0);
}

TEST(ReplanProperty, CorpusListsLoseNothing) {
  if (!fs::exists(kCorpusTasks)) {
    const char* require = std::getenv("WILDPLAN_REQUIRE_SHARED");
    if (require && std::string(require) == "1") FAIL() << kCorpusTasks << " is missing";
    GTEST_SKIP() << "the shared corpus (" << kCorpusTasks
                 << ") is not beside the checkout; WILDPLAN_REQUIRE_SHARED=1 makes this a failure";
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kCorpusTasks)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 30u);
  Outcome outcome;
  for (std::size_t k = 0; k < files.size(); ++k) {
    check_family(files[k].filename().string(), test::read_file(files[k]),
                 test::read_file(files[(k + 1) % files.size()]), outcome);
  }
  std::cout << "replan property: " << outcome.merged << " merges, " << outcome.kept << " kept, "
            << outcome.refused << " refused\n";
  EXPECT_GT(outcome.merged, static_cast<int>(files.size()) * 8);
  EXPECT_LT(outcome.refused * 20, outcome.merged);  // a safety net, not the rule
}

}  // namespace
}  // namespace wildplan
