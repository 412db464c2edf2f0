#pragma once
// Extraction: the loop's tag blocks in an agent's reply (<plan>, <summary>, <promise>,
// <reflection>, <continue>, <memories>), which <plan> block is the plan, and the other signals.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "wildplan/diagnostic.hpp"
#include "wildplan/source.hpp"

namespace wildplan {

enum class Tag { Plan, Summary, Promise, Reflection, Continue, Memories };
inline constexpr int kTagCount = 6;

/// "plan", "summary", ...
const char* to_string(Tag t);

/// One <tag>...</tag> block, or an opening tag that was never closed.
struct Block {
  Tag tag = Tag::Plan;
  Span open;   ///< the opening tag, `<plan id="x">`
  Span body;   ///< between the tags; to the end of the input when unclosed
  Span close;  ///< the closing tag; empty when unclosed
  bool closed = false;
  bool in_fence = false;     ///< the opening tag sits inside a fenced code block
  bool placeholder = false;  ///< (plan only) empty, or the prompt's own placeholder text
  int tasks = -1;            ///< (plan only) checklist items in the body; -1: not counted
};

/// Why a plan block was chosen, or why none was.
enum class Choice {
  LastClosedWithTasks,     ///< the last closed, non-placeholder block holding a checklist item
  LastClosedWithoutTasks,  ///< no block holds a task: the last closed, non-placeholder block
  None,                    ///< no closed, non-placeholder block
};

/// "last-closed-with-tasks", "last-closed-without-tasks", "none".
const char* to_string(Choice c);

struct Memory {
  std::string tag, text;
};

/// The other signals: each from the last closed block of its tag.
struct Signals {
  std::optional<std::string> summary;           ///< trimmed
  std::optional<std::string> promise;           ///< trimmed and upper-cased: DONE, WAITING, ...
  std::optional<std::string> reflection;        ///< trimmed
  std::optional<bool> continue_;                ///< yes/true/1 -> true, anything else -> false
  std::optional<std::vector<Memory>> memories;  ///< the `- [tag] text` lines
};

struct Reply {
  std::vector<Block> blocks;            ///< every block of every tag, in source order
  std::optional<std::size_t> selected;  ///< index into `blocks` of the chosen <plan>
  Choice choice = Choice::None;
  Signals signals;
  std::vector<Diagnostic> diagnostics;  ///< in source order

  const Block* plan() const { return selected ? &blocks[*selected] : nullptr; }
  /// How many <plan> blocks the reply holds, placeholders and unclosed ones included.
  std::size_t plan_count() const;
};

/// What extract_reply() is told besides the reply.
struct ExtractOptions {
  /// The prompt the loop sent: where the reply echoes it, nothing is a plan or a signal.
  const Source* prompt = nullptr;
};

/// Scans `reply` for the loop's tags, skipping inline code spans and noting fenced code blocks,
/// then chooses the plan (select_plan) and reads the signals. Never throws on input.
Reply extract_reply(const Source& reply, const ExtractOptions& options = {});

/// The plan selection policy, in one place. Given the blocks of a reply in source order:
///   1. every <plan> block that is unclosed or a placeholder is passed over, with a diagnostic;
///   2. the last closed, non-placeholder block that holds at least one checklist item is chosen;
///   3. failing that, the last closed, non-placeholder block, with warning plan-without-tasks;
///   4. failing that, none: error plan-missing.
/// Every block not chosen gets a positioned diagnostic (plan-placeholder, plan-unclosed,
/// plan-superseded). A block inside a code fence is as good as one outside: agents copy the
/// prompt's formatting, and the prompt's own placeholder is caught by its text, not its fence.
/// Counts the tasks of candidate blocks from the last one back, stopping at the first with tasks.
void select_plan(const Source& reply, Reply& result);

/// The chosen plan's Markdown: the body (plan_body()) without leading blank lines and trailing
/// whitespace, ending in one line end of the kind the body uses.
std::string plan_markdown(const Source& reply, const Block& block);

/// Where a <plan> block's Markdown is: inside the fence when the whole body is one fenced code
/// block (agents copy the prompt's ```markdown fence; select_plan() notes it, plan-fence), else
/// the body.
Span plan_body(const Source& reply, const Block& block);
/// The lines inside the fence when the whole of `body` (blank lines aside) is one closed fenced
/// code block; none otherwise.
std::optional<Span> fenced_plan(const Source& reply, Span body);

/// True when `body` is a placeholder: empty, one of the prompt's own placeholder texts, or a
/// single line in parentheses, angle brackets or {{ }}.
bool is_placeholder(std::string_view body);

}  // namespace wildplan
