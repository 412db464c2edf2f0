// A shared object that calls into wildplan, as a Python or Node extension would.
#include <wildplan/wildplan.hpp>

extern "C" int consumer_count_tasks(const char* text) {
  const wildplan::Source src("tasks.md", text);
  return static_cast<int>(wildplan::parse_plan(src).value->tasks.size());
}
