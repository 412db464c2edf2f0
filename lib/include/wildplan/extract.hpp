#pragma once
// Extraction: the loop's tag blocks in an agent's reply (<plan>, <summary>, <promise>,
// <reflection>, <continue>, <memories>, and any other tag asked for), which <plan> block is the
// plan, and which block of each other tag is the signal. Only the agent's own words count: a
// JSON-lines transcript is read by speaker (transcript.hpp), the echo of the prompt is known when
// the prompt is given, and examples are told apart by their shape when it is not.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wildplan/diagnostic.hpp"
#include "wildplan/document.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/source.hpp"
#include "wildplan/tag_values.hpp"
#include "wildplan/transcript.hpp"

namespace wildplan {

/// The loop's tags, and Other for a tag named in ExtractOptions::tags.
enum class Tag : std::uint8_t { Plan, Summary, Promise, Reflection, Continue, Memories, Other };
/// The tags read without being asked for, Plan to Memories: Tag values below it (Tag::Other
/// stands for the tags ExtractOptions::tags names).
inline constexpr int kBuiltinTagCount = 6;
static_assert(kBuiltinTagCount == static_cast<int>(Tag::Other));

/// "plan", "summary", ... ("other" for Tag::Other: Reply::tag_name() gives its name)
const char* to_string(Tag t);

/// One <tag>...</tag> block, or an opening tag that was never closed.
struct Block {
  Tag tag = Tag::Plan;
  std::uint16_t other = 0;  ///< (Tag::Other) index into Reply::other_tags
  Span open;                ///< the opening tag, `<plan id="x">`
  Span body;                ///< between the tags; to the end of the input when unclosed
  Span close;               ///< the closing tag; empty when unclosed
  bool closed = false;
  bool in_fence = false;     ///< the opening tag sits inside a fenced code block
  bool echoed = false;       ///< the opening tag lies in the echo of the prompt
  bool placeholder = false;  ///< empty, or the prompt's own placeholder or instructional text
  bool example = false;      ///< (signals) one of a menu of fenced alternatives, or fenced under
                             ///< an instruction ("When the goal is reached:")
  /// (plan only) the tasks of its plan, when selection counted them (it parses candidates from
  /// the last back, and stops at the first that holds a task; a body with no checkbox is 0
  /// without a parse); none: not looked at.
  std::optional<std::size_t> task_count;
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
  friend bool operator==(const Memory&, const Memory&) = default;
};

/// The other signals: each from the block select_signals() chooses.
struct Signals {
  std::optional<std::string> summary;           ///< trimmed
  std::optional<std::string> promise;           ///< trimmed and upper-cased: DONE, WAITING, ...
  std::optional<std::string> reflection;        ///< trimmed
  std::optional<bool> continue_;                ///< yes/true/1 -> true, anything else -> false
  std::optional<std::vector<Memory>> memories;  ///< one per `- ` line; `[tag]` lower-cased,
                                                ///< "general" when there is none
  /// The tags of ExtractOptions::tags, in that order: the name and the trimmed body, if any.
  std::vector<std::pair<std::string, std::optional<std::string>>> others;
  friend bool operator==(const Signals&, const Signals&) = default;
};

struct Reply {
  /// The text the spans of `blocks` refer to, named as the reply: the reply itself, or the
  /// answer text of a JSON-lines transcript. Never null.
  std::shared_ptr<const Source> source = std::make_shared<const Source>("", std::string());
  std::vector<Block> blocks;            ///< every block of every tag, in source order
  std::optional<std::size_t> selected;  ///< index into `blocks` of the chosen <plan>
  Choice choice = Choice::None;
  /// The chosen block's plan, parsed once, in the reply's own positions: its range is the
  /// block's body (plan_body(): inside the fence when the whole body is one), so every task's
  /// line and column name the reply's (a transcript's: its answer text's; its diagnostics name
  /// the JSON lines). None when no block was chosen.
  std::optional<Document> plan;
  Signals signals;
  std::vector<Diagnostic> diagnostics;  ///< in source order
  std::vector<std::string> other_tags;  ///< the extra tag names read, lower-cased
  /// Set when the reply was a JSON-lines transcript: the spans of `blocks` then refer to its
  /// answer text (transcript->text), and the diagnostics name its lines.
  std::shared_ptr<const Transcript> transcript;
  bool prompt_given = false;  ///< extract_reply was given the prompt
  std::vector<TagValue> values;  ///< the tags asked for with a format (tag_values.hpp), in order

  /// The chosen <plan> block; null when none was chosen.
  const Block* plan_block() const { return selected ? &blocks[*selected] : nullptr; }
  /// The agent's todo list (a transcript's todo tool calls, Transcript::todos); null when the
  /// reply is text or the agent used no todo tool.
  const TodoList* todos() const {
    return transcript && transcript->todos ? &*transcript->todos : nullptr;
  }
  /// How many <plan> blocks the reply holds, placeholders and unclosed ones included.
  std::size_t plan_count() const;
  /// The text the spans of `blocks` refer to (`*source`).
  const Source& text() const { return *source; }
  /// "plan", "summary", ..., or the name of an extra tag.
  std::string_view tag_name(const Block& b) const;
  /// The reply's line of byte `offset` of its text: in a transcript, the JSON line it was read
  /// from.
  std::uint32_t line_of(std::size_t offset) const;
};

/// What extract_reply() is told besides the reply.
/// What an extraction makes: everything (every block classified, every diagnostic), or the
/// choice alone (the same plan and signals, no diagnostic, blocks the choice did not need left
/// unclassified: their placeholder and example flags false).
enum class Selection { Everything, ChosenOnly };

struct ExtractOptions {
  /// The prompt the loop sent: where the reply echoes it, nothing is a plan or a signal.
  const Source* prompt = nullptr;
  /// How to read the reply: as text, as a JSON-lines transcript, or as its first line says.
  InputFormat format = InputFormat::Auto;
  /// More tags to read as signals (`evo_sweep`, `replan`...): names as in tag_name_is_valid();
  /// the built-in names are read anyway.
  std::vector<std::string> tags;
  /// Tags whose body is data, and how to read it (tag_values.hpp); a name here is read as a tag
  /// too. A later entry for the same name wins.
  std::vector<std::pair<std::string, TagFormat>> formats;
  /// A transcript already read (read_transcript(), streaming): `reply` is then its answer text,
  /// `transcript->text`, and `format` is not looked at.
  std::shared_ptr<const Transcript> transcript;
  /// How the plan is parsed: the configuration's status map, so that its boxes read as every
  /// other stage reads them.
  ParseOptions parse;
  /// ChosenOnly: for a caller that reads the chosen plan and signals alone (the Python drop-in):
  /// a reply of thousands of blocks costs the scan and the few blocks looked at from its end.
  /// Reply::diagnostics then holds no block's diagnostic (a transcript's own are kept).
  Selection selection = Selection::Everything;
};

/// Reads `reply` (a JSON-lines transcript by speaker: transcript.hpp), finds the echo of the
/// prompt when one is given, scans for the tags (skipping inline code spans and mentions in
/// prose, noting fenced code blocks), then chooses the plan (select_plan, which parses it into
/// Reply::plan) and the signals (select_signals). Never throws on input.
Reply extract_reply(std::shared_ptr<const Source> reply, const ExtractOptions& options = {});
/// The same for a Source the caller holds (a Source's bytes are shared: nothing is copied).
Reply extract_reply(const Source& reply, const ExtractOptions& options = {});

/// Reads the reply at `path` ("-": standard input) and extracts it: what every command that
/// takes a reply does, `apply` included. A file that is a JSON-lines transcript (by
/// `options.format`, or when Auto by its first line) is read as a stream, line by line: the
/// memory held is its largest line and its answer text, never the file. Throws Error when the
/// file cannot be read.
Reply read_reply(const std::string& path, ExtractOptions options = {});

/// The plan selection policy, in one place. Given the blocks of `result.source` in source order:
///   1. every <plan> block that is unclosed, echoed or a placeholder (its body is the prompt's
///      placeholder text, or every task it holds is the prompt's example task:
///      is_placeholder_task(), the definition the task-placeholder rule uses) is passed over,
///      with a diagnostic;
///   2. the last closed, non-placeholder block that holds at least one task is chosen;
///   3. failing that, the last closed, non-placeholder block, with warning plan-without-tasks;
///   4. failing that, none: error plan-missing.
/// Every block not chosen gets a positioned diagnostic (plan-placeholder, plan-unclosed,
/// plan-superseded; tag-echoed comes from the scan). A block inside a code fence is as good as
/// one outside: agents copy the prompt's formatting, and the prompt's own placeholder is caught by
/// its text, not its fence. Candidates are parsed (`options`) from the last one back, stopping at
/// the first that holds a task; the chosen one's parse is Reply::plan. ChosenOnly: the same
/// choice, without the diagnostics.
void select_plan(Reply& result, const ParseOptions& options = {},
                 Selection scope = Selection::Everything);

/// The signal selection policy, beside select_plan, for every tag but <plan>. Per tag, given its
/// blocks in source order:
///   1. a block that is unclosed (warning tag-unclosed), echoed (tag-echoed, from the scan), a
///      placeholder (note tag-placeholder: empty, the prompt's instructional text such as "A short
///      paragraph on ...", "Your reflection here", a single line in parentheses, angle brackets
///      or {{ }}, a menu written in one block such as "DONE|WAITING") or an example (note
///      tag-example: one of a menu of fenced alternatives, the same tag with different values
///      each alone in its fence; or alone in a fence under an instruction line such as "If you
///      learned something, list it:") is passed over;
///   2. the last block left is the signal;
///   3. when no prompt was given, a signal taken from a fenced block, or from the paragraph of a
///      placeholder, gets warning signal-from-example, which says to pass --prompt.
/// ChosenOnly: the same choice, found from each tag's last block back, without the diagnostics.
void select_signals(Reply& result, Selection scope = Selection::Everything);

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

/// True when `name` can name a tag: a letter, then letters, digits, `-`, `_`, `:` or `.`.
bool tag_name_is_valid(std::string_view name);

}  // namespace wildplan
