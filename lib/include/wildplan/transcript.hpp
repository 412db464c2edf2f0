#pragma once
// Transcripts: the JSON lines agent CLIs write when a program drives them, read by speaker. Only
// the assistant's answer text is kept, in order (the user's prompt, tool calls, tool results,
// reasoning and records that repeat the answer are not), joined into one derived text that the
// extraction searches. Each piece of that text remembers the line it was read from, so that a
// position in it can be named as "line 8 of the file, 3:1 in the text of that line".
//
// Known shapes: Claude Code `--output-format stream-json` (and Amp's `--stream-json`, the same
// shape) and its session logs, Codex CLI rollout files and `codex exec --json` events, OpenCode
// server events (JSON lines, or SSE `data:` lines) and `opencode run --format json`, Gemini CLI
// and Cursor CLI `--output-format stream-json`, GitHub Copilot CLI session events. Each reader
// also replays the agent's todo tool calls into a TodoList. Lines are read one at a time with nlohmann_json: the
// memory held is the largest line and the answer text, never the file.

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wildplan/diagnostic.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/source.hpp"

namespace wildplan {

/// How to read a reply: `Auto` takes it for JSON lines when its first line is a JSON object (or
/// an SSE `data:` line holding one), and for text otherwise.
enum class InputFormat { Auto, Text, JsonLines };

/// "auto", "text", "jsonl"; and back (nullopt for anything else).
const char* to_string(InputFormat f);
std::optional<InputFormat> input_format_from_string(std::string_view s);

enum class TranscriptFormat {
  Unknown,         ///< JSON lines of no known shape
  ClaudeStream,    ///< `claude -p --output-format stream-json`
  ClaudeSession,   ///< ~/.claude/projects/<dir>/<session>.jsonl
  CodexRollout,    ///< ~/.codex/sessions/.../rollout-*.jsonl
  CodexExec,       ///< `codex exec --json`
  OpenCodeEvents,  ///< the OpenCode server's event stream, as JSON lines or SSE
  OpenCodeRun,     ///< `opencode run --format json`
  GeminiStream,    ///< `gemini -p --output-format stream-json`
  CursorStream,    ///< `cursor-agent -p --output-format stream-json`
  CopilotEvents,   ///< GitHub Copilot CLI's session events (`events.jsonl`, JSON output)
};

/// "claude-stream-json", "claude-session", "codex-rollout", "codex-exec", "opencode-events",
/// "opencode-run", "gemini-stream-json", "cursor-stream-json", "copilot-events", "unknown".
const char* to_string(TranscriptFormat f);

/// One item of an agent's todo list, as its todo tool last had it.
struct TodoItem {
  std::string text;  ///< `content`, `step`, `description`, `subject` or `text`, as written
  Status status = Status::Todo;  ///< pending: todo; in_progress; completed: done; cancelled;
                                 ///< a status the tool has that wildplan does not: other
  std::string id;  ///< the tool's own id for the item (TaskCreate's task number, OpenCode's and
                   ///< Cursor's `id`), or ""
};

/// The agent's todo list: the state its todo tool calls left at the end of the transcript. Each
/// update either sends the whole list (TodoWrite, update_plan, write_todos, todowrite, a
/// `todo_list` item) or changes one item by its id (TaskCreate/TaskUpdate, Cursor's merge), and
/// is replayed in order; a deleted item leaves the list.
struct TodoList {
  std::string source;        ///< the tool: "TodoWrite", "TaskCreate", "update_plan", "todo_list",
                             ///< "todowrite", "write_todos", "updateTodos"
  std::uint32_t line = 0;    ///< the file's line of the last update
  std::uint32_t updates = 0; ///< the updates read
  std::vector<TodoItem> items;
};

/// A stretch of the answer text and where it was read from.
struct TextPiece {
  std::size_t offset = 0;  ///< where the piece starts in the answer text
  std::size_t size = 0;
  std::uint32_t line = 0;  ///< the file's line (for SSE, the event's first `data:` line)
};

/// A position in the answer text, named as the file has it.
struct TextOrigin {
  std::uint32_t line = 0;  ///< the file's line the text was read from; 0: none
  SourcePos in_text;       ///< 1-based line and byte column within that line's text string
};

struct Transcript {
  TranscriptFormat format = TranscriptFormat::Unknown;
  bool sse = false;                     ///< read from Server-Sent Events `data:` lines
  Source text{"", std::string()};       ///< the answer text, named as the file
  std::vector<TextPiece> pieces;        ///< in order; messages are apart by a blank line
  std::vector<Diagnostic> diagnostics;  ///< lines that are not JSON, an unknown shape
  std::uint32_t lines = 0;              ///< lines read
  std::uint32_t records = 0;            ///< JSON texts read: lines, or SSE events
  /// The agent's todo list, or none when it used no todo tool (sub-agents' calls are not its).
  std::optional<TodoList> todos;
  /// True when every record was a sub-agent's (a Claude Code `agent-*.jsonl`): its answer is then
  /// the answer.
  bool subagent = false;

  /// Where byte `offset` of `text` was read from (a byte between two messages: the end of the
  /// piece before it).
  TextOrigin origin(std::size_t offset) const;
  /// Moves diagnostics positioned in `text` to the lines they were read from: `begin`/`end` then
  /// name those lines (column 0) and `text_begin`/`text_end` the position within each line's text.
  void relocate(std::vector<Diagnostic>& diagnostics) const;
};

/// True when `bytes` begin like JSON lines: the first line that is not blank is a JSON object,
/// or an SSE `data:` line holding one (SSE `event:`, `id:` and comment lines may come first).
bool looks_like_json_lines(std::string_view bytes);

/// Reads `file` as a JSON-lines transcript. A line that is not JSON is a warning naming it (the
/// other lines are read); JSON lines of no known shape are an error that lists the known ones.
Transcript read_transcript(const Source& file);

/// The same, line by line from `in` (memory: the largest line and the answer text). `name` is
/// the file's name as the user gave it. Throws wildplan::Error when `in` fails to read.
Transcript read_transcript(std::istream& in, const std::string& name);

}  // namespace wildplan
