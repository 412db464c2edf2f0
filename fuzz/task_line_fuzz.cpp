// The task-line grammar on one line of any bytes.
#include "fuzz_util.hpp"
#include "parse/task_line.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string line(reinterpret_cast<const char*>(data), size);
  line = line.substr(0, line.find_first_of("\r\n"));
  const auto parts = wildplan::detail::parse_task_line(line, {0, line.size()});
  FUZZ_ASSERT(parts.title.begin <= parts.title.end && parts.title.end <= line.size());
  for (const auto& f : parts.fields) FUZZ_ASSERT(f.span.end <= line.size());
  (void)wildplan::detail::match_task_start(line, 0);
  (void)wildplan::detail::parse_phase_heading(line);
  return 0;
}
