// The three-way merge of task files (base, ours, theirs: the input split at its first two NUL
// bytes): no crash; a side left as the base gives the other side byte for byte, two equal sides
// give that side; every conflict lies within the result; the document is valid JSON.
#include <algorithm>
#include <string>

#include "fuzz_util.hpp"
#include "wildplan/merge.hpp"

namespace {

wildplan::MergeResult merge(const std::string& b, const std::string& o, const std::string& t) {
  wildplan::MergeOptions options;
  options.path = "tasks.md";
  return wildplan::merge_task_files(wildplan::Source("base", b), wildplan::Source("ours", o),
                                    wildplan::Source("theirs", t), options);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string all(reinterpret_cast<const char*>(data), size);
  const auto first = all.find('\0');
  const auto second = first == std::string::npos ? first : all.find('\0', first + 1);
  const std::string base = all.substr(0, first);
  const std::string ours =
      first == std::string::npos ? base : all.substr(first + 1, second - first - 1);
  const std::string theirs = second == std::string::npos ? base : all.substr(second + 1);

  const wildplan::MergeResult r = merge(base, ours, theirs);
  const auto lines =
      static_cast<std::uint32_t>(std::count(r.bytes.begin(), r.bytes.end(), '\n') + 1);
  for (const auto& c : r.conflicts) FUZZ_ASSERT(c.line <= c.end_line && c.end_line <= lines);
  std::string doc;
  wildplan::write_merge_json(r, "tasks.md", [&](std::string_view s) { doc.append(s); });
  FUZZ_ASSERT(is_valid_json(doc));

  FUZZ_ASSERT(merge(base, base, theirs).bytes == theirs);
  FUZZ_ASSERT(merge(base, ours, base).bytes == ours);
  FUZZ_ASSERT(merge(base, ours, ours).bytes == ours);
  return 0;
}
