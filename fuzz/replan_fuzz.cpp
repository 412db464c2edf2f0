// The replan merge of two inputs (tasks.md, then the plan, split at the first NUL byte): no
// crash, no hang, and a merge holds exactly the plan's tasks and the preserved ones, never
// dropping a task of tasks.md the plan left out that is not open.
#include <string>

#include "fuzz_util.hpp"
#include "wildplan/loop.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string all(reinterpret_cast<const char*>(data), size);
  const auto nul = all.find('\0');
  const auto document = [](std::string name, std::string bytes) {
    return wildplan::parse_document(
        std::make_shared<const wildplan::Source>(std::move(name), std::move(bytes)));
  };
  const wildplan::Document file = document("tasks.md", all.substr(0, nul));
  const wildplan::Document plan =
      document("<plan>", nul == std::string::npos ? std::string() : all.substr(nul + 1));
  wildplan::DecideOptions o;
  o.replan = true;
  o.iteration = 2;
  const wildplan::TasksDecision d = wildplan::decide_tasks(&plan, &file, o);
  if (d.action != wildplan::TasksAction::Merged) return 0;
  FUZZ_ASSERT(d.bytes.has_value() && d.drift.has_value());
  const wildplan::Plan& before = d.drift->before.plan;
  const wildplan::Plan m = document("merged.md", *d.bytes).plan;
  FUZZ_ASSERT(m.tasks.size() == d.drift->after.plan.tasks.size() + d.preserved.size());
  std::vector<bool> matched(before.tasks.size(), false);
  for (const auto& i : d.drift->diff.match_of_after) {
    if (i) matched[*i] = true;
  }
  std::vector<bool> preserved(before.tasks.size(), false);
  for (std::size_t i : d.preserved) preserved[i] = true;
  for (std::size_t i = 0; i < before.tasks.size(); ++i) {
    if (!matched[i] && before.tasks[i].status != wildplan::Status::Todo) FUZZ_ASSERT(preserved[i]);
  }
  for (std::size_t i : d.removed) FUZZ_ASSERT(before.tasks[i].status == wildplan::Status::Todo);
  return 0;
}
