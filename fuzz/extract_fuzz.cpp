// Reply extraction and plan selection on any bytes: no crash, and the result is consistent.
#include "check_choice.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/render.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const wildplan::Source src("reply.txt", std::string(reinterpret_cast<const char*>(data), size));
  const wildplan::Reply r = wildplan::extract_reply(src);
  check_chosen_only(src, {}, r);
  for (const wildplan::Block& b : r.blocks) {
    FUZZ_ASSERT(b.open.end <= b.body.begin && b.body.begin <= b.body.end && b.body.end <= size);
    FUZZ_ASSERT(!b.closed || b.close.begin == b.body.end);
  }
  if (const wildplan::Block* b = r.plan_block()) {
    FUZZ_ASSERT(b->closed && !b->placeholder && b->tag == wildplan::Tag::Plan);
    (void)wildplan::plan_markdown(src, *b);
  }
  // The JSON is valid whatever the bytes.
  FUZZ_ASSERT(is_valid_json(wildplan::reply_to_json(r)));
  return 0;
}
