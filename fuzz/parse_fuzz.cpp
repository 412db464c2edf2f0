// Task-list parsing on any bytes: spans point at what they name, the JSON is valid.
#include "fuzz_util.hpp"
#include "wildplan/document.hpp"
#include "wildplan/render.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const wildplan::Document doc = wildplan::parse_document(std::make_shared<const wildplan::Source>(
      "tasks.md", std::string(reinterpret_cast<const char*>(data), size)));
  const wildplan::Source& src = doc.src();
  const wildplan::Plan& plan = doc.plan;
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    const wildplan::Task& t = plan.tasks[i];
    FUZZ_ASSERT(t.ordinal == i + 1);
    FUZZ_ASSERT(t.box_span.end <= size && t.box_span.size() == 3);
    FUZZ_ASSERT(src.bytes()[t.box_span.begin] == '[' && src.bytes()[t.box_span.begin + 2] == ']');
    FUZZ_ASSERT(src.bytes()[t.box_span.begin + 1] == t.box);
    FUZZ_ASSERT(!t.parent || *t.parent < i);
  }
  FUZZ_ASSERT(is_valid_json(wildplan::plan_to_json(doc)));
  return 0;
}
