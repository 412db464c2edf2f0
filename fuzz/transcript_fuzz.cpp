// A transcript reader on any bytes: built once per format (WILDPLAN_FUZZ_FORMAT, the
// TranscriptFormat's value; 0 finds the format as extract_reply does, SSE included). No crash;
// the pieces of the answer text in order and in bounds; every position named in it maps back to a
// line read; the extraction over it is consistent and its JSON valid. A todo list names a line
// read, has no item without text, and reads back as a plan of one task per item that matches
// itself item by item and syncs into itself without a change.
#include "check_choice.hpp"
#include "transcripts/reader.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/render.hpp"
#include "wildplan/todos.hpp"

#ifndef WILDPLAN_FUZZ_FORMAT
#define WILDPLAN_FUZZ_FORMAT 0
#endif

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  using namespace wildplan;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto t = std::make_shared<const Transcript>(detail::read_transcript_as(
      input, "t.jsonl", static_cast<TranscriptFormat>(WILDPLAN_FUZZ_FORMAT)));
  std::size_t end = 0;
  for (const TextPiece& p : t->pieces) {
    FUZZ_ASSERT(p.offset >= end && p.offset + p.size <= t->text.size());
    FUZZ_ASSERT(p.line >= 1 && p.line <= t->lines);
    end = p.offset + p.size;
  }
  for (std::size_t at = 0; at <= t->text.size(); at += 1 + t->text.size() / 7) {
    const TextOrigin o = t->origin(at);
    FUZZ_ASSERT(t->pieces.empty() ? o.line == 0 : o.line >= 1 && o.line <= t->lines);
  }
  if (t->todos) {
    const TodoList& l = *t->todos;
    FUZZ_ASSERT(l.updates >= 1 && l.line >= 1 && l.line <= t->lines);
    for (const TodoItem& item : l.items) FUZZ_ASSERT(!item.text.empty());
    const Document md =
        parse_document(std::make_shared<const Source>(todo_markdown(l, "todos")));
    FUZZ_ASSERT(md.plan.tasks.size() == l.items.size());
    const TodoSync same = sync_todos(md, l, TodoSyncMode::Add);
    FUZZ_ASSERT(same.changed.empty() && same.unmatched.empty());
  }
  ExtractOptions options;
  options.transcript = t;
  const Reply r = extract_reply(t->text, options);
  check_chosen_only(t->text, options, r);
  for (const Block& b : r.blocks) FUZZ_ASSERT(b.body.end <= t->text.size());
  for (const Diagnostic& d : r.diagnostics) FUZZ_ASSERT(d.begin.line <= t->lines);
  if (const Block* b = r.plan_block()) (void)plan_markdown(r.text(), *b);
  FUZZ_ASSERT(is_valid_json(reply_to_json(r)));
  return 0;
}
