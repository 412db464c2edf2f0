// parse_plan on task lists of 10 to 100,000 tasks: time per task should stay
// flat (linear time).
#include <benchmark/benchmark.h>

#include "make_inputs.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/render.hpp"

static void BM_ParsePlan(benchmark::State& state) {
  const wildplan::Source src(
      "tasks.md", wildplan::bench::make_task_list(static_cast<std::size_t>(state.range(0))));
  for (auto _ : state) {
    auto parsed = wildplan::parse_plan(src);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * src.size()));
}
BENCHMARK(BM_ParsePlan)->RangeMultiplier(10)->Range(10, 100000)->Unit(benchmark::kMillisecond);

static void BM_PlanToJson(benchmark::State& state) {
  const wildplan::Document doc = wildplan::parse_document(std::make_shared<const wildplan::Source>(
      "tasks.md", wildplan::bench::make_task_list(static_cast<std::size_t>(state.range(0)))));
  for (auto _ : state) {
    std::size_t bytes = 0;
    wildplan::write_plan_json(doc, doc.diagnostics, [&](std::string_view s) { bytes += s.size(); });
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PlanToJson)->RangeMultiplier(10)->Range(10, 100000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
