// Task-list parsing on any bytes: spans point at what they name, the JSON is valid.
#include "fuzz_util.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/render.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const wildplan::Source src("tasks.md", std::string(reinterpret_cast<const char*>(data), size));
  const auto parsed = wildplan::parse_plan(src);
  const wildplan::Plan& plan = *parsed.value;
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    const wildplan::Task& t = plan.tasks[i];
    FUZZ_ASSERT(t.ordinal == i + 1);
    FUZZ_ASSERT(t.box_span.end <= size && t.box_span.size() == 3);
    FUZZ_ASSERT(src.bytes()[t.box_span.begin] == '[' && src.bytes()[t.box_span.begin + 2] == ']');
    FUZZ_ASSERT(src.bytes()[t.box_span.begin + 1] == t.box);
    FUZZ_ASSERT(!t.parent || *t.parent < i);
  }
  FUZZ_ASSERT(is_valid_json(wildplan::plan_to_json(src, plan, parsed.diagnostics)));
  FUZZ_ASSERT(wildplan::count_tasks(src, {0, size}) == plan.tasks.size());
  return 0;
}
