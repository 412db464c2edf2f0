#include <cstdio>
#include <wildplan/wildplan.hpp>

int main() {
  const wildplan::Source src("tasks.md", "# Tasks\n- [x] Task 1: a\n- [ ] Task 2: b\n");
  const auto plan = wildplan::parse_plan(src);
  const auto counts = plan.value->counts();
  std::printf("%zu tasks, %zu done\n", plan.value->tasks.size(),
              counts[static_cast<int>(wildplan::Status::Done)]);
  return 0;
}
