// extract_reply on replies of 1 MB to 256 MB: time per byte should stay flat (linear time).
#include <benchmark/benchmark.h>

#include "make_inputs.hpp"
#include "wildplan/extract.hpp"

static void BM_ExtractReply(benchmark::State& state) {
  const wildplan::Source src("reply.txt",
                             wildplan::bench::make_reply(static_cast<std::size_t>(state.range(0))));
  for (auto _ : state) {
    wildplan::Reply r = wildplan::extract_reply(src);
    benchmark::DoNotOptimize(r);
    if (!r.plan_block()) state.SkipWithError("no plan selected");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * src.size()));
}
BENCHMARK(BM_ExtractReply)
    ->RangeMultiplier(4)
    ->Range(1 << 20, 256 << 20)
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
