// Edits as properties: checking then unchecking any task restores the original bytes and
// changes exactly one byte on the way; adding a task adds exactly one task.
#include "fuzz_util.hpp"
#include "wildplan/edit.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string original(reinterpret_cast<const char*>(data), size);
  const wildplan::Source src("tasks.md", original);
  const wildplan::Plan plan = *wildplan::parse_plan(src).value;
  // The first tasks are enough for the property; each costs a parse.
  for (std::size_t k = 0; k < plan.tasks.size() && k < 8; ++k) {
    const wildplan::Task& t = plan.tasks[k];
    const char box = t.box == 'x' ? ' ' : 'x';
    const std::string changed = wildplan::apply_edits(original, {wildplan::set_box(t, box)});
    std::size_t differing = 0;
    for (std::size_t i = 0; i < size; ++i) differing += changed[i] != original[i];
    FUZZ_ASSERT(changed.size() == size && differing == 1);
    const wildplan::Source again("tasks.md", changed);
    const wildplan::Plan p2 = *wildplan::parse_plan(again).value;
    FUZZ_ASSERT(p2.tasks.size() == plan.tasks.size());
    FUZZ_ASSERT(wildplan::apply_edits(
                    changed, {wildplan::set_box(p2.tasks[t.ordinal - 1], t.box)}) == original);
  }
  if (size < 4096) {
    const auto added = wildplan::add_task(src, plan, "a new task added by the fuzzer", {});
    FUZZ_ASSERT(added.edit.span.empty());
    const wildplan::Source after("tasks.md", wildplan::apply_edits(original, {added.edit}));
    // The new line is one more task, the one added, unless the input's structure swallows it
    // (an open code fence or HTML block): never a task fewer, never two more.
    const wildplan::Plan p3 = *wildplan::parse_plan(after).value;
    FUZZ_ASSERT(p3.tasks.size() == plan.tasks.size() || p3.tasks.size() == plan.tasks.size() + 1);
    if (p3.tasks.size() == plan.tasks.size() + 1) {
      bool found = false;
      for (const wildplan::Task& t : p3.tasks) found |= t.title == "a new task added by the fuzzer";
      FUZZ_ASSERT(found);
    }
  }
  return 0;
}
