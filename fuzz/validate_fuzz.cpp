// Validation over any parsed plan, in every profile, and the configuration reader.
#include "fuzz_util.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const wildplan::Source src("tasks.md", std::string(reinterpret_cast<const char*>(data), size));
  const wildplan::Document doc = wildplan::parse_document(std::make_shared<const wildplan::Source>(src));
  for (auto p : {wildplan::Profile::Auto, wildplan::Profile::V2Planning,
                 wildplan::Profile::V2Phased, wildplan::Profile::Generic}) {
    wildplan::ValidateOptions o;
    o.profile = p;
    o.goal = "train the model";
    const auto v = wildplan::validate(doc, o);
    // In source order, each inside the file, each with its rule in the one rule table, and the
    // same findings every time.
    const std::uint32_t lines = src.position(size).line;
    for (std::size_t i = 0; i < v.diagnostics.size(); ++i) {
      const wildplan::Diagnostic& d = v.diagnostics[i];
      FUZZ_ASSERT(d.begin.line <= lines && d.end.line <= lines);
      FUZZ_ASSERT(d.begin.line < d.end.line ||
                  (d.begin.line == d.end.line && d.begin.column <= d.end.column));
      FUZZ_ASSERT(wildplan::find_rule(d.rule) != nullptr);
      if (i > 0) FUZZ_ASSERT(v.diagnostics[i - 1].begin.line <= d.begin.line);
    }
    const auto again = wildplan::validate(doc, o);
    FUZZ_ASSERT(again.diagnostics.size() == v.diagnostics.size());
  }
  (void)wildplan::parse_config(src);
  return 0;
}
