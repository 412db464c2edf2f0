// validate, diff and edit on task lists of 10 to 100,000 tasks (parse is parse_bench's): time
// per task should stay flat (linear time).
#include <benchmark/benchmark.h>

#include "make_inputs.hpp"
#include "wildplan/diff.hpp"
#include "wildplan/document.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/render.hpp"
#include "wildplan/rules.hpp"

namespace {

struct Parsed {
  explicit Parsed(std::size_t tasks)
      : doc(wildplan::parse_document(std::make_shared<const wildplan::Source>(
            "tasks.md", wildplan::bench::make_task_list(tasks)))),
        src(doc.src()) {}
  const wildplan::Plan& plan() const { return doc.plan; }
  wildplan::Document doc;
  const wildplan::Source& src;
};

void BM_Validate(benchmark::State& state) {
  const Parsed p(static_cast<std::size_t>(state.range(0)));
  std::size_t found = 0;
  for (auto _ : state) {
    const auto v = wildplan::validate(p.doc);
    found = v.diagnostics.size();
    benchmark::DoNotOptimize(found);
  }
  state.counters["diagnostics"] = static_cast<double>(found);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Validate)->RangeMultiplier(10)->Range(10, 100000)->Unit(benchmark::kMillisecond);

void BM_RenderDiagnostics(benchmark::State& state) {
  const Parsed p(static_cast<std::size_t>(state.range(0)));
  const auto v = wildplan::validate(p.doc);
  for (auto _ : state) {
    std::string out;
    wildplan::append_diagnostics(out, &p.src, v.diagnostics);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(v.diagnostics.size()));
}
BENCHMARK(BM_RenderDiagnostics)
    ->RangeMultiplier(10)
    ->Range(10, 100000)
    ->Unit(benchmark::kMillisecond);

// Every tenth task reworded and every seventh checked: the diff has work on every path.
void BM_Diff(benchmark::State& state) {
  const Parsed before(static_cast<std::size_t>(state.range(0)));
  std::vector<wildplan::Edit> edits;
  const auto& tasks = before.plan().tasks;
  for (std::size_t i = 0; i < tasks.size(); i += 7)
    edits.push_back(wildplan::set_box(tasks[i], 'x'));
  const wildplan::Source after_src("after.md", wildplan::apply_edits(before.src.bytes(), edits));
  const auto after = wildplan::parse_plan(after_src);
  std::size_t changes = 0;
  for (auto _ : state) {
    const auto d = wildplan::diff_plans(before.plan(), *after.value);
    changes = d.changes.size();
    benchmark::DoNotOptimize(changes);
  }
  state.counters["changes"] = static_cast<double>(changes);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Diff)->RangeMultiplier(10)->Range(10, 100000)->Unit(benchmark::kMillisecond);

// `check` of the last task: resolve it by id, edit one byte, and re-parse to confirm.
void BM_CheckLastTask(benchmark::State& state) {
  const Parsed p(static_cast<std::size_t>(state.range(0)));
  const std::string ref =
      "#" + std::to_string(p.plan().tasks.size());  // by position: ids may repeat
  for (auto _ : state) {
    const auto found = wildplan::resolve_task(p.plan(), ref);
    const std::string bytes = wildplan::apply_edits(
        p.src.bytes(), {wildplan::set_box(p.plan().tasks[found.index.value()], 'x')});
    const wildplan::Source again("tasks.md", bytes);
    auto reparsed = wildplan::parse_plan(again);
    benchmark::DoNotOptimize(reparsed);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CheckLastTask)->RangeMultiplier(10)->Range(10, 100000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
