// The diff of two inputs (split at the first NUL byte): every change names real tasks.
#include <cstring>

#include "fuzz_util.hpp"
#include "wildplan/diff.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string all(reinterpret_cast<const char*>(data), size);
  const auto nul = all.find('\0');
  const wildplan::Source a("a.md", all.substr(0, nul));
  const wildplan::Source b("b.md", nul == std::string::npos ? std::string() : all.substr(nul + 1));
  const wildplan::Plan pa = *wildplan::parse_plan(a).value;
  const wildplan::Plan pb = *wildplan::parse_plan(b).value;
  const auto d = wildplan::diff_plans(pa, pb);
  for (const auto& c : d.changes) {
    FUZZ_ASSERT(!c.before || *c.before < pa.tasks.size());
    FUZZ_ASSERT(!c.after || *c.after < pb.tasks.size());
  }
  FUZZ_ASSERT(wildplan::diff_plans(pa, pa).empty());
  return 0;
}
