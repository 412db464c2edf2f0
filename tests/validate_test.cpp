#include <gtest/gtest.h>

#include <algorithm>

#include "test_util.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/rules.hpp"

namespace wildplan {
namespace {

// A plan the seed asks for, filled with real tasks: passes v2-planning cleanly.
constexpr const char* kPlanning =
    "# Tasks\n"
    "\n"
    "## Goal\n"
    "Tune the learning rate of the small GPT model\n"
    "\n"
    "## Analysis\n"
    "The model trains in four minutes on one GPU.\n"
    "\n"
    "## Tasks\n"
    "- [x] Task 1: Read train.py and the config to find the lr flag\n"         // line 10
    "- [/] Task 2: Create a sweep via POST /sweeps/wild named lr-grid\n"       // line 11
    "- [ ] Task 3: Create six runs via POST /runs for the lr grid\n"           // line 12
    "- [ ] Task 4: Collect the final val loss of each run into results.csv\n"  // line 13
    "- [ ] Task 5: Write report.md with the table and the best setting\n";     // line 14

// The newer, phased variant: passes v2-phased cleanly.
constexpr const char* kPhased =
    "# Tasks\n"
    "\n"
    "## Goal\n"
    "Compare two optimisers on the small GPT model\n"
    "\n"
    "## Planning Notes\n"
    "- Experiment root: exp/\n"
    "\n"
    "## Phase 1 - Code Understanding\n"
    "- [x] [P1-T1] Map the training entry points | deliverable: notes.md | done-when: notes list "
    "them\n"
    "- [ ] [P1-T2] Refactor the optimiser factory | deliverable: opt.py | done-when: tests pass\n"
    "## Phase 2 - Baselines\n"
    "- [ ] [P2-T1] Create the baseline sweep via POST /sweeps/wild | deliverable: sweep.json | "
    "done-when: id saved\n"
    "- [ ] [P2-T2] Create three baseline runs via POST /runs | deliverable: runs.json | done-when: "
    "runs queued\n"
    "## Phase 3 - Main Method\n"
    "- [ ] [P3-T1] Create three Lion runs via POST /runs | deliverable: lion.json | done-when: "
    "runs queued\n"
    "- [ ] [P3-T2] Midpoint reflection on the first results | deliverable: reflect1.md | "
    "done-when: decision written\n"
    "## Phase 4 - Analysis\n"
    "- [ ] [P4-T1] Plot the loss curves of all runs | deliverable: curves.png | done-when: plot "
    "saved\n"
    "- [ ] [P4-T2] Run the ablation table over seeds | deliverable: ablation.csv | done-when: "
    "table saved\n"
    "- [ ] [P4-T3] Final reflection and the replan decision | deliverable: reflect2.md | "
    "done-when: decision written\n"
    "- [ ] [P4-T4] Write the report with the tables | deliverable: report.md | done-when: report "
    "merged\n"
    "\n"
    "## Shared Metrics and Analytics Contract\n"
    "- Primary metrics: val loss\n";

struct Result {
  Validation v;
  std::vector<std::string> rules() const {
    std::vector<std::string> out;
    for (const auto& d : v.diagnostics) out.push_back(d.rule);
    return out;
  }
  /// The positions at which `rule` fired.
  std::vector<SourcePos> at(std::string_view rule) const {
    std::vector<SourcePos> out;
    for (const auto& d : v.diagnostics) {
      if (d.rule == rule) out.push_back(d.begin);
    }
    return out;
  }
  bool fired(std::string_view rule) const { return !at(rule).empty(); }
};

Result check(std::string text, Profile profile = Profile::Auto, ValidateOptions options = {},
             const Config* config = nullptr) {
  const Source src("tasks.md", std::move(text));
  ParseOptions po;
  if (config) po.statuses = config->statuses;
  if (profile != Profile::Auto) options.profile = profile;
  options.config = config;
  return {validate(test::document(src, po), options)};
}

std::string replace(std::string s, std::string_view from, std::string_view to) {
  const auto p = s.find(from);
  EXPECT_NE(p, std::string::npos) << from;
  if (p != std::string::npos) s.replace(p, from.size(), to);
  return s;
}

TEST(Validate, TheSeedShapeFilledInPassesCleanly) {
  const Result r = check(kPlanning);
  EXPECT_EQ(r.v.profile, Profile::V2Planning);
  EXPECT_EQ(r.v.profile_reason, "Goal and Tasks sections");
  EXPECT_TRUE(r.v.diagnostics.empty()) << testing::PrintToString(r.rules());
}

TEST(Validate, TheSeedShapeAsGivenFailsWithTaskPlaceholder) {
  const Result r = check(
      "# Tasks\n\n## Goal\nShip it\n\n## Analysis\n(Brief summary of what you learned)\n\n"
      "## Tasks\n- [ ] Task 1: Specific, actionable description\n"
      "- [ ] Task 2: Specific, actionable description\n...\n");
  EXPECT_EQ(r.at("task-placeholder"), (std::vector<SourcePos>{{10, 15}, {11, 15}}));
  EXPECT_GT(r.v.errors, 0u);
}

TEST(Validate, ThePhasedShapePassesCleanly) {
  const Result r = check(kPhased);
  EXPECT_EQ(r.v.profile, Profile::V2Phased);
  EXPECT_TRUE(r.v.diagnostics.empty()) << testing::PrintToString(r.rules());
}

TEST(Validate, AGenericChecklistPassesCleanly) {
  const Result r = check("- [ ] Write the docs for the parser\n- [x] Add tests for the grammar\n");
  EXPECT_EQ(r.v.profile, Profile::Generic);
  EXPECT_TRUE(r.v.diagnostics.empty()) << testing::PrintToString(r.rules());
}

TEST(ValidateStructure, NoTasksFailsClosed) {
  const Result r = check("# Notes\n\nJust prose.\n");
  EXPECT_EQ(r.at("no-tasks"), (std::vector<SourcePos>{{1, 1}}));  // the plan's first line
  EXPECT_EQ(r.v.errors, 1u);
}

TEST(ValidateStructure, MissingSections) {
  const Result title = check(replace(kPlanning, "# Tasks\n", "# Plan\n"));
  EXPECT_EQ(title.at("missing-title"), (std::vector<SourcePos>{{1, 1}}));
  const Result goal = check(replace(kPlanning, "## Goal\n", "## Aim\n"), Profile::V2Planning);
  EXPECT_EQ(goal.at("missing-goal"), (std::vector<SourcePos>{{1, 1}}));  // the title
  const Result analysis = check(replace(kPlanning, "## Analysis\n", "## Notes\n"));
  EXPECT_EQ(analysis.at("missing-analysis"), (std::vector<SourcePos>{{3, 1}}));  // the Goal
  const Result tasks = check(replace(kPlanning, "## Tasks\n", "## Work\n"), Profile::V2Planning);
  EXPECT_EQ(tasks.at("missing-tasks-section"), (std::vector<SourcePos>{{10, 1}}));  // 1st task
  EXPECT_FALSE(check(kPlanning).fired("missing-tasks-section"));
}

TEST(ValidateStructure, TasksOutsideTheSection) {
  const Result r =
      check(replace(kPlanning, "## Analysis\nThe model",
                    "## Analysis\n- [ ] Task 0: Look around the repository first\n\nThe model"));
  EXPECT_EQ(r.at("tasks-outside-section"), (std::vector<SourcePos>{{7, 3}}));
}

TEST(ValidateStructure, EmptySection) {
  const Result r = check(replace(kPlanning, "The model trains in four minutes on one GPU.\n", ""));
  EXPECT_EQ(r.at("empty-section"), (std::vector<SourcePos>{{6, 1}}));
}

TEST(ValidateStructure, GoalMismatch) {
  ValidateOptions o;
  o.goal = "Tune  the learning rate of the small\nGPT model";  // whitespace does not count
  EXPECT_FALSE(check(kPlanning, Profile::Auto, o).fired("goal-mismatch"));
  o.goal = "Tune the warmup of the small GPT model";
  EXPECT_EQ(check(kPlanning, Profile::Auto, o).at("goal-mismatch"),
            (std::vector<SourcePos>{{3, 1}}));
}

TEST(ValidateCounts, TooFewAndTooMany) {
  std::string few = kPlanning;
  few.resize(few.find("- [ ] Task 4"));
  EXPECT_EQ(check(few).at("too-few-tasks"), (std::vector<SourcePos>{{9, 1}}));  // ## Tasks
  std::string many = kPlanning;
  for (int i = 6; i <= 16; ++i) {
    many += "- [ ] Task " + std::to_string(i) + ": Run the extra check number " +
            std::to_string(i) + "\n";
  }
  EXPECT_EQ(check(many).at("too-many-tasks"), (std::vector<SourcePos>{{9, 1}}));
  // Errors in v2-planning (the seed's 5-15), still configurable; warnings in v2-phased.
  EXPECT_EQ(check(few).v.diagnostics.at(0).severity, Severity::Error);
  EXPECT_EQ(check(few).v.errors, 1u);
  EXPECT_EQ(check(many).v.errors, 1u);
  Config demoted;
  demoted.rules["too-few-tasks"] = Severity::Warning;
  const Result warned = check(few, Profile::Auto, {}, &demoted);
  EXPECT_EQ(warned.v.errors, 0u);
  EXPECT_EQ(warned.v.warnings, 1u);
  Config off;
  off.rules["too-many-tasks"] = std::nullopt;
  EXPECT_FALSE(check(many, Profile::Auto, {}, &off).fired("too-many-tasks"));
  std::string phased_few = kPhased;
  phased_few.resize(phased_few.find("## Phase 4"));
  const Result phased = check(phased_few + "\n## Shared Metrics and Analytics Contract\n- m\n");
  ASSERT_EQ(phased.at("too-few-tasks"), (std::vector<SourcePos>{{9, 1}}));  // phase 1
  for (const Diagnostic& d : phased.v.diagnostics) {
    if (d.rule == "too-few-tasks") {
      EXPECT_EQ(d.severity, Severity::Warning);
    }
  }
  // Subtasks belong to their parent: they do not count.
  std::string nested = kPlanning;
  for (int i = 1; i <= 12; ++i)
    nested += "  - [ ] Check the partial result number " + std::to_string(i) + "\n";
  EXPECT_FALSE(check(nested).fired("too-many-tasks"));
}

TEST(ValidateTasks, EmptyTask) {
  EXPECT_EQ(check("- [ ] Write the parser now\n- [ ]\n").at("task-empty"),
            (std::vector<SourcePos>{{2, 3}}));
}

TEST(ValidateTasks, Duplicates) {
  const Result r =
      check(replace(kPlanning, "Task 4: Collect the final val loss of each run into results.csv",
                    "Task 4: Read **train.py** and the  config to find the lr flag"));
  EXPECT_EQ(r.at("task-duplicate"), (std::vector<SourcePos>{{13, 15}}));
  const Result ids = check(replace(kPlanning, "Task 3:", "Task 2:"));
  EXPECT_EQ(ids.at("task-duplicate-id"), (std::vector<SourcePos>{{11, 15}, {12, 15}}));
  const auto note = std::find_if(ids.v.diagnostics.begin(), ids.v.diagnostics.end(),
                                 [](const Diagnostic& d) { return d.severity == Severity::Note; });
  ASSERT_NE(note, ids.v.diagnostics.end());
  EXPECT_EQ(note->rule, "task-duplicate-id");
  EXPECT_EQ(note->message, "first defined here");
  EXPECT_EQ(note->begin, (SourcePos{11, 15}));
}

TEST(ValidateTasks, IdSequence) {
  const Result r = check(replace(kPlanning, "Task 3:", "Task 4:"));
  EXPECT_EQ(r.at("task-id-sequence"), (std::vector<SourcePos>{{12, 15}, {13, 15}}));
  const Result phased = check(replace(kPhased, "[P4-T2]", "[P4-T5]"));
  // P4-T5 follows P4-T1 (line 20), and P4-T3 follows P4-T5 (line 21)
  EXPECT_EQ(phased.at("task-id-sequence"), (std::vector<SourcePos>{{20, 15}, {21, 15}}));
}

TEST(ValidateTasks, VagueTask) {
  const Result r =
      check(replace(kPlanning, "Task 5: Write report.md with the table and the best setting",
                    "Task 5: Write report"));
  EXPECT_EQ(r.at("task-vague"), (std::vector<SourcePos>{{14, 15}}));
  Config config;
  config.limits["min_words"] = 2;
  EXPECT_FALSE(
      check(replace(kPlanning, "Task 5: Write report.md with the table and the best setting",
                    "Task 5: Write report"),
            Profile::Auto, {}, &config)
          .fired("task-vague"));
}

// A short title is not vague when the task says how to tell it is done, nor when it is one of
// the reflection gates the phased prompt itself prescribes.
TEST(ValidateTasks, VagueSparesDoneConditionsAndReflectionGates) {
  const std::string base = "# Tasks\n\n## Goal\nShip it\n\n## Tasks\n";
  EXPECT_TRUE(check(base + "- [ ] Write report\n", Profile::V2Planning).fired("task-vague"));
  EXPECT_FALSE(check(base + "- [ ] Write report | done-when: merged\n", Profile::V2Planning)
                   .fired("task-vague"));
  EXPECT_FALSE(check(base + "- [ ] Write report | Deliverable: report.md\n", Profile::V2Planning)
                   .fired("task-vague"));
  EXPECT_TRUE(
      check(base + "- [ ] Write report | owner: me\n", Profile::V2Planning).fired("task-vague"));
  for (const char* gate : {"Midpoint reflection", "Final reflection",
                           "**Final Reflection**:", "Mid-point reflection."}) {
    EXPECT_FALSE(check(base + "- [ ] " + gate + "\n", Profile::V2Planning).fired("task-vague"))
        << gate;
  }
  EXPECT_TRUE(check(base + "- [ ] Reflection\n", Profile::V2Planning).fired("task-vague"));
}

// cases/apply-iterations/tasks-iter1.md: its "Midpoint reflection" and "Final reflection" tasks
// (each with a done-when: field) are the prompt's own titles.
TEST(ValidateTasks, TheReflectionGatesOfTasksIter1AreNotVague) {
  const Source src(
      "tasks-iter1.md",
      test::read_file(test::kSourceDir / "fixtures/validate/reflection-gates/input.md"));
  const auto parsed = parse_plan(src);
  const Validation v = validate(test::document(src));
  EXPECT_EQ(v.profile, Profile::V2Phased);
  for (const Diagnostic& d : v.diagnostics) EXPECT_NE(d.rule, "task-vague") << d.begin.line;
}

TEST(ValidateTasks, UnknownStatusAndStatusMap) {
  const std::string text = "- [+] Review the parser change\n- [ ] Write the parser tests\n";
  EXPECT_EQ(check(text).at("task-unknown-status"), (std::vector<SourcePos>{{1, 3}}));
  Config config;
  config.statuses.set('+', Status::InProgress);
  EXPECT_FALSE(check(text, Profile::Auto, {}, &config).fired("task-unknown-status"));
}

TEST(ValidateTasks, MultipleInProgress) {
  const Result r = check(replace(kPlanning, "- [ ] Task 3", "- [/] Task 3"));
  EXPECT_EQ(r.at("task-multiple-in-progress"), (std::vector<SourcePos>{{12, 3}}));
  EXPECT_EQ(r.v.diagnostics[0].severity, Severity::Warning);
}

TEST(ValidateTasks, ParentDoneChildOpen) {
  const Result r = check(
      "- [x] Ship the parser release\n  - [ ] Tag the release commit\n"
      "  - [x] Write the release notes\n  - [ ]* Optional extra check here\n");
  EXPECT_EQ(r.at("parent-done-child-open"), (std::vector<SourcePos>{{2, 5}}));
}

TEST(ValidateExperiments, MissingSweepAndRunTasks) {
  std::string text = replace(kPlanning, "Create a sweep via POST /sweeps/wild named lr-grid",
                             "Prepare the grid of learning rates to try");
  text = replace(text, "Create six runs via POST /runs for the lr grid",
                 "Check the GPU is free for the grid");
  const Result r = check(text);
  EXPECT_EQ(r.at("missing-sweep-task"), (std::vector<SourcePos>{{9, 1}}));  // ## Tasks
  EXPECT_EQ(r.at("missing-run-task"), (std::vector<SourcePos>{{9, 1}}));
  // A goal that is not experimental needs neither.
  EXPECT_FALSE(check(replace(text, "Tune the learning rate of the small GPT model",
                             "Fix the flaky io test in the cache"))
                   .fired("missing-sweep-task"));
}

TEST(ValidateExperiments, RunBeforeSweep) {
  std::string text =
      replace(kPlanning, "Task 2: Create a sweep via POST /sweeps/wild named lr-grid",
              "Task 2: Create six runs via POST /runs for the lr grid");
  text = replace(text, "Task 3: Create six runs via POST /runs for the lr grid",
                 "Task 3: Create a sweep via POST /sweeps/wild named lr-grid");
  EXPECT_EQ(check(text).at("run-before-sweep"), (std::vector<SourcePos>{{11, 15}}));
}

TEST(ValidateExperiments, DirectExperimentCommand) {
  for (const char* cmd :
       {"Run `python train.py --lr 3e-4` on the GPU", "Launch torchrun --nproc 8 train.py",
        "Submit the job with sbatch job.sh", "Start python -m nanogpt.train for 5k steps",
        "Use accelerate launch finetune.py",
        // no "run" in these: each launcher is looked for in any case
        "Train with deepspeed --num_gpus 8 train.py", "Submit the job with SBATCH job.sh",
        "Use Accelerate Launch finetune.py", "Start PYTHON TRAIN.PY on the GPU"}) {
    const Result r =
        check(replace(kPlanning, "Collect the final val loss of each run into results.csv", cmd));
    EXPECT_EQ(r.at("direct-experiment-command"), (std::vector<SourcePos>{{13, 15}})) << cmd;
  }
  // Through the API, the same command is the run's command: fine.
  EXPECT_FALSE(check(replace(kPlanning, "Create six runs via POST /runs for the lr grid",
                             "Create six runs via POST /runs with command python train.py --lr X"))
                   .fired("direct-experiment-command"));
  EXPECT_FALSE(check(replace(kPlanning, "Collect the final val loss of each run into results.csv",
                             "Prepare data with python data/prepare.py"))
                   .fired("direct-experiment-command"));
}

// A command word is found at every offset of a task's text, up to its last byte.
TEST(ValidateExperiments, EveryOffsetAndTextLength) {
  for (const char* word : {"sbatch", "srun", "deepspeed", "mpirun"}) {
    for (std::size_t pad = 1; pad < 40; ++pad) {
      const std::string task = std::string(pad, 'q') + " " + word;  // the word ends the text
      const Result r = check(
          replace(kPlanning, "Collect the final val loss of each run into results.csv", task));
      EXPECT_EQ(r.at("direct-experiment-command"), (std::vector<SourcePos>{{13, 15}}))
          << word << " after " << pad;
      const Result cut = check(replace(kPlanning,
                                       "Collect the final val loss of each run into results.csv",
                                       task.substr(0, task.size() - 1)));
      EXPECT_FALSE(cut.fired("direct-experiment-command")) << word << " after " << pad;
    }
  }
  // "run", the shortest word, ending the text: the last place a word can start.
  for (std::size_t pad = 1; pad < 40; ++pad) {
    const std::string task = std::string(pad, 'q') + " create run";
    const char* runs = "Create six runs via POST /runs for the lr grid";
    EXPECT_FALSE(check(replace(kPlanning, runs, task)).fired("missing-run-task")) << pad;
    EXPECT_TRUE(check(replace(kPlanning, runs, task.substr(0, task.size() - 1)))
                    .fired("missing-run-task"))
        << pad;
  }
}

TEST(ValidateDependencies, MissingCycleAndLater) {
  const Result missing =
      check("- [ ] T001 Write the model class\n- [ ] T002 Test the model (depends on T009)\n");
  EXPECT_EQ(missing.at("depends-missing"), (std::vector<SourcePos>{{2, 12}}));
  const Result cycle = check(
      "- [ ] T001 Write the model class | depends: T002\n"
      "- [ ] T002 Test the model class | depends: T001\n");
  EXPECT_EQ(cycle.at("depends-cycle"), (std::vector<SourcePos>{{2, 12}}));
  EXPECT_EQ(cycle.at("depends-later"), (std::vector<SourcePos>{{1, 12}}));
  const Result ok = check(
      "- [ ] Task 1: Write the model class\n- [ ] Task 2: Test the model class (depends on 1)\n");
  EXPECT_FALSE(ok.fired("depends-missing"));
  EXPECT_FALSE(ok.fired("depends-later"));
}

TEST(ValidatePhased, PhaseCountAndSize) {
  std::string three = kPhased;
  three = replace(three, "## Phase 4 - Analysis\n", "");
  EXPECT_EQ(check(three).at("phase-count"), (std::vector<SourcePos>{{9, 1}}));  // phase 1
  const Result size = check(replace(kPhased,
                                    "- [ ] [P1-T2] Refactor the optimiser factory | deliverable: "
                                    "opt.py | done-when: tests pass\n",
                                    ""));
  EXPECT_EQ(size.at("phase-size"), (std::vector<SourcePos>{{9, 1}}));
}

TEST(ValidatePhased, IdNamesItsPhase) {
  const Result r = check(replace(kPhased, "[P3-T1]", "[P2-T3]"));
  EXPECT_EQ(r.at("task-id-phase"), (std::vector<SourcePos>{{16, 15}}));
}

TEST(ValidatePhased, MissingField) {
  const Result r = check(replace(kPhased, " | deliverable: curves.png", ""));
  EXPECT_EQ(r.at("missing-field"), (std::vector<SourcePos>{{19, 15}}));
}

TEST(ValidatePhased, ReflectionsAndContract) {
  const Result r = check(
      replace(kPhased, "Midpoint reflection on the first results", "Compare the first results"));
  EXPECT_EQ(r.at("missing-reflection"), (std::vector<SourcePos>{{12, 1}}));  // mid phase
  EXPECT_EQ(r.v.diagnostics[0].message,
            "the plan lacks a midpoint reflection task: add one that says what evidence to "
            "inspect and when to replan");
  const Result c =
      check(replace(kPhased, "## Shared Metrics and Analytics Contract", "## Metrics"));
  EXPECT_EQ(c.at("missing-analytics-contract"), (std::vector<SourcePos>{{1, 1}}));
  const Result final_gate =
      check(replace(kPhased, "Final reflection and the replan decision", "Decide on the replan"));
  EXPECT_EQ(final_gate.at("missing-reflection"), (std::vector<SourcePos>{{18, 1}}));  // last
}

TEST(ValidatePhased, AbortSentinelSuppressesTheRest) {
  const Result r = check("# Tasks\n- [x] Server preflight failed: ABORT_EARLY_DOCS_CHECK_FAILED\n",
                         Profile::V2Phased);
  EXPECT_EQ(r.rules(), std::vector<std::string>{"plan-aborted"});
  EXPECT_EQ(r.v.diagnostics[0].severity, Severity::Note);
  EXPECT_EQ(r.v.diagnostics[0].begin, (SourcePos{2, 32}));
  // A prompt that only mentions the sentinel in a sentence has not aborted.
  EXPECT_FALSE(check("Write `ABORT_EARLY_DOCS_CHECK_FAILED` if the docs fail.\n- [ ] Check the "
                     "docs of the server\n")
                   .fired("plan-aborted"));
}

TEST(ValidatePlanVsFile, ReportsEachDifferenceInTheFile) {
  const std::string text = std::string("<plan>\n") + kPlanning + "</plan>\n";
  const Document reply_plan = parse_document(std::make_shared<const Source>("reply.txt", text),
                                             Span{6, text.size() - 8});
  std::string file = replace(kPlanning, "- [ ] Task 4", "- [x] Task 4");  // status
  file = replace(file, "Write report.md with the table and the best setting",
                 "Write report.md with the table, the plot and the best setting");  // reworded
  file = replace(file, "- [ ] Task 3: Create six runs via POST /runs for the lr grid\n",
                 "");                                                       // removed
  file += "- [ ] Task 6: Archive the checkpoints of every finished run\n";  // added
  ValidateOptions o;
  o.reply_plan = &reply_plan;
  const Result r = check(file, Profile::Auto, o);
  EXPECT_EQ(r.at("plan-differs"), (std::vector<SourcePos>{{9, 1}, {12, 3}, {13, 15}, {14, 15}}));
  const auto removed = std::find_if(r.v.diagnostics.begin(), r.v.diagnostics.end(),
                                    [](const Diagnostic& d) { return d.rule == "plan-differs"; });
  ASSERT_NE(removed, r.v.diagnostics.end());
  EXPECT_EQ(removed->message,
            "the reply's plan has task 'Create six runs via POST /runs for the lr grid' "
            "(reply.txt:13) that this file lacks: add it, or replan");
}

TEST(ValidateConfig, SwitchesRulesOffAndChangesSeverities) {
  Config config;
  config.rules["task-placeholder"] = std::nullopt;
  config.rules["task-duplicate"] = Severity::Error;
  const Result r =
      check("- [ ] TBD\n- [ ] Write the docs\n- [ ] Write the docs\n", Profile::Auto, {}, &config);
  EXPECT_FALSE(r.fired("task-placeholder"));
  EXPECT_EQ(r.at("task-duplicate"), (std::vector<SourcePos>{{3, 7}}));
  EXPECT_EQ(r.v.errors, 1u);
  EXPECT_EQ(r.v.warnings, 0u);
}

TEST(ValidateSuppression, DisablesForTheRestOfTheFileOrTheNextLine) {
  const std::string dup = "- [ ] Write the docs\n";
  const Result rest = check(dup + dup + "<!-- wildplan-disable task-duplicate -->\n" + dup);
  EXPECT_EQ(rest.at("task-duplicate"), (std::vector<SourcePos>{{2, 7}}));
  const Result next =
      check(dup + "<!-- wildplan-disable-next-line task-empty, task-duplicate -->\n" + dup + dup);
  EXPECT_EQ(next.at("task-duplicate"), (std::vector<SourcePos>{{4, 7}}));
  const Result all = check(dup + "<!-- wildplan-disable -->\n" + dup);
  EXPECT_TRUE(all.v.diagnostics.empty());
  const Result other = check(dup + "<!-- wildplan-disable task-empty -->\n" + dup);
  EXPECT_TRUE(other.fired("task-duplicate"));
}

TEST(ValidateSuppression, AFindingAboutThePlanIsDisabledFromAnywhere) {
  std::string few = kPlanning;
  few.resize(few.find("- [ ] Task 4"));
  ASSERT_EQ(check(few).at("too-few-tasks"), (std::vector<SourcePos>{{9, 1}}));
  // It points at `## Tasks` (line 9), and a comment after that line still switches it off.
  EXPECT_FALSE(check(few + "<!-- wildplan-disable too-few-tasks -->\n").fired("too-few-tasks"));
  EXPECT_FALSE(check(few + "<!-- wildplan-disable -->\n").fired("too-few-tasks"));
  EXPECT_TRUE(check(few + "<!-- wildplan-disable task-vague -->\n").fired("too-few-tasks"));
  // The next-line form works where it points.
  EXPECT_FALSE(check(replace(few, "## Tasks\n",
                             "<!-- wildplan-disable-next-line too-few-tasks -->\n## Tasks\n"))
                   .fired("too-few-tasks"));
  EXPECT_TRUE(
      check(few + "<!-- wildplan-disable-next-line too-few-tasks -->\n").fired("too-few-tasks"));
}

// SARIF needs a region for GitHub code scanning to show a result, and the text output a line.
TEST(Validate, EveryFindingHasALine) {
  const std::string shapes[] = {
      "",
      "\n\n",
      "Just prose.\n",
      "# Notes\n\nJust prose.\n",
      "---\nk: v\n---\n",
      "\xEF\xBB\xBF- [ ] a\n",
      "## Goal\nTrain a model with a sweep\n\n## Tasks\n- [ ] a\n",
      "## Phase 1 - A\n- [ ] [P1-T1] a | deliverable: x\n",
      kPlanning,
      kPhased,
  };
  for (const std::string& text : shapes) {
    for (Profile p : {Profile::V2Planning, Profile::V2Phased, Profile::Generic}) {
      const Result r = check(text, p);
      for (const Diagnostic& d : r.v.diagnostics) {
        EXPECT_GT(d.begin.line, 0u) << d.rule << " in '" << text << "'";
        EXPECT_GT(d.begin.column, 0u) << d.rule;
      }
    }
  }
  // After front matter, the plan's first line is the one after it.
  EXPECT_EQ(check("---\nk: v\n---\nJust prose.\n").at("no-tasks"),
            (std::vector<SourcePos>{{4, 1}}));
  EXPECT_EQ(check("---\nk: v\n---\nJust prose.\n", Profile::V2Planning).at("missing-title"),
            (std::vector<SourcePos>{{4, 1}}));
}

TEST(ValidateProfiles, EveryRuleInTheTableIsUnique) {
  std::vector<std::string> ids;
  for (const RuleInfo& r : all_rules()) ids.push_back(r.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
  EXPECT_EQ(find_rule("task-vague")->severity, Severity::Warning);
  EXPECT_EQ(find_rule("nope"), nullptr);
}

TEST(ValidateProfiles, GenericSkipsStructureRules) {
  const Result r = check("- [ ] Do it\n", Profile::Generic);
  EXPECT_FALSE(r.fired("missing-title"));
  EXPECT_FALSE(r.fired("task-vague"));
  EXPECT_TRUE(check("- [ ] Do it\n", Profile::V2Planning).fired("missing-title"));
}

}  // namespace
}  // namespace wildplan

namespace wildplan {
namespace {

// A plan big enough for the rule families to run on two threads finds what one thread finds,
// in source order.
TEST(Validate, ABigPlanIsCheckedOnTwoThreadsWithTheSameFindings) {
  std::string text = "# Tasks\n\n## Goal\nTrain the model\n\n## Analysis\nBig.\n\n## Tasks\n";
  for (int i = 1; i <= 3000; ++i) {
    std::string title = i % 500 == 0 ? "Run python train.py on the cluster"
                                     : "Write section " + std::to_string(i) + " of the long report";
    if (i % 1000 == 0) title = "Write section 1 of the long report";  // a duplicate of task 1
    text += "- [ ] Task " + std::to_string(i) + ": " + title +
            (i == 2999 ? " | depends: Task 7000" : "") + "\n";
  }
  const Result r = check(text, Profile::V2Planning);
  EXPECT_EQ(r.at("direct-experiment-command").size(), 3u);  // 500, 1500, 2500
  EXPECT_EQ(r.at("task-duplicate").size(), 5u);             // 1000, 2000, 3000; 1500, 2500
  EXPECT_EQ(r.at("depends-missing"), (std::vector<SourcePos>{{3008, 18}}));
  EXPECT_EQ(r.at("too-many-tasks"), (std::vector<SourcePos>{{9, 1}}));
  EXPECT_TRUE(r.fired("missing-sweep-task"));
  for (std::size_t i = 1; i < r.v.diagnostics.size(); ++i) {
    const SourcePos a = r.v.diagnostics[i - 1].begin, b = r.v.diagnostics[i].begin;
    EXPECT_TRUE(a.line < b.line || (a.line == b.line && a.column <= b.column)) << i;
  }
}

}  // namespace
}  // namespace wildplan
