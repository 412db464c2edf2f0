// Validation over any parsed plan, in every profile, and the configuration reader.
#include "fuzz_util.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const wildplan::Source src("tasks.md", std::string(reinterpret_cast<const char*>(data), size));
  const auto parsed = wildplan::parse_plan(src);
  for (auto p : {wildplan::Profile::Auto, wildplan::Profile::V2Planning,
                 wildplan::Profile::V2Phased, wildplan::Profile::Generic}) {
    wildplan::ValidateOptions o;
    o.profile = p;
    o.goal = "train the model";
    const auto v = wildplan::validate(src, *parsed.value, parsed.diagnostics, o);
    FUZZ_ASSERT(v.errors + v.warnings + v.notes == v.diagnostics.size());
  }
  (void)wildplan::parse_config(src);
  return 0;
}
