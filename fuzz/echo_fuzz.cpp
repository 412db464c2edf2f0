// Echo masking: a prompt and a reply (split at the first NUL byte; without one, the reply is the
// prompt echoed and then the input again). No crash, blocks in bounds, an echoed block is never
// the plan nor a signal, and the JSON is valid.
#include "check_choice.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/render.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string all(reinterpret_cast<const char*>(data), size);
  const auto nul = all.find('\0');
  const std::string prompt = all.substr(0, nul);
  const std::string reply = nul == std::string::npos ? all + "\n" + all : all.substr(nul + 1);
  const wildplan::Source p("prompt.txt", prompt);
  const wildplan::Source src("reply.txt", reply);
  wildplan::ExtractOptions options;
  options.prompt = &p;
  options.format = wildplan::InputFormat::Text;
  const wildplan::Reply r = wildplan::extract_reply(src, options);
  check_chosen_only(src, options, r);
  for (const wildplan::Block& b : r.blocks) {
    FUZZ_ASSERT(b.open.end <= b.body.begin && b.body.begin <= b.body.end &&
                b.body.end <= reply.size());
    FUZZ_ASSERT(!b.closed || b.close.begin == b.body.end);
  }
  if (const wildplan::Block* b = r.plan_block()) FUZZ_ASSERT(!b->echoed && b->closed);
  // A signal, when there is one, comes from a block that is not echoed.
  bool summary_source = false;
  for (const wildplan::Block& b : r.blocks) {
    summary_source |= b.tag == wildplan::Tag::Summary && b.closed && !b.echoed &&
                      !b.placeholder && !b.example;
  }
  FUZZ_ASSERT(r.signals.summary.has_value() == summary_source);
  FUZZ_ASSERT(is_valid_json(wildplan::reply_to_json(r)));
  return 0;
}
