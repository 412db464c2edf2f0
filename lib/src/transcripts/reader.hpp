#pragma once
// One JSON-lines format: which first line it recognises, which values of a line it reads, and
// what those values add to the answer text. One file per format (claude.cpp, codex_rollout.cpp,
// codex_exec.cpp, opencode_events.cpp, opencode_run.cpp, gemini.cpp, cursor.cpp, copilot.cpp);
// transcript.cpp drives them. A reader also replays the agent's todo tool calls (todos.hpp).

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "transcripts/answer.hpp"
#include "transcripts/record.hpp"
#include "transcripts/todos.hpp"
#include "wildplan/transcript.hpp"

namespace wildplan::detail {

class FormatReader {
 public:
  virtual ~FormatReader() = default;
  virtual const FieldPaths& paths() const = 0;
  /// False when `f` shows that its line holds nothing this format reads: the parse stops there
  /// (and a line parsed in full with such a value is not read).
  virtual bool wanted(const Field& f) const = 0;
  /// The values read from line `line` (its number in the file), in the order they stand; the
  /// reader may move their strings out.
  virtual void read(std::vector<Field>& fields, std::uint32_t line, AnswerText& out) = 0;
  /// After the last line.
  virtual void finish(AnswerText& /*out*/) {}
  /// True when every record read was a sub-agent's, and its answer was taken as the answer.
  virtual bool subagent_only() const { return false; }
  /// The agent's todo list, or none when it used no todo tool.
  std::optional<TodoList> take_todos() { return todos_.take(); }

 protected:
  TodoState todos_;
};

/// A format: the shape of a line that says "this is that format", and its reader.
struct FormatInfo {
  /// The format `line` (an object) shows, or Unknown when it is not one of this kind.
  TranscriptFormat (*recognise)(const nlohmann::json& line);
  std::unique_ptr<FormatReader> (*make)();
};

// clang-format off
TranscriptFormat recognise_claude(const nlohmann::json& line);   // stream-json and session logs
std::unique_ptr<FormatReader> make_claude_reader();
TranscriptFormat recognise_codex_rollout(const nlohmann::json& line);
std::unique_ptr<FormatReader> make_codex_rollout_reader();
TranscriptFormat recognise_codex_exec(const nlohmann::json& line);
std::unique_ptr<FormatReader> make_codex_exec_reader();
TranscriptFormat recognise_opencode_events(const nlohmann::json& line);
std::unique_ptr<FormatReader> make_opencode_events_reader();
TranscriptFormat recognise_opencode_run(const nlohmann::json& line);
std::unique_ptr<FormatReader> make_opencode_run_reader();
TranscriptFormat recognise_gemini(const nlohmann::json& line);
std::unique_ptr<FormatReader> make_gemini_reader();
TranscriptFormat recognise_cursor(const nlohmann::json& line);
std::unique_ptr<FormatReader> make_cursor_reader();
TranscriptFormat recognise_copilot(const nlohmann::json& line);
std::unique_ptr<FormatReader> make_copilot_reader();
// clang-format on


/// A reader for `format` (not Unknown).
std::unique_ptr<FormatReader> make_reader(TranscriptFormat format);

/// Reads `input` line by line as a transcript of `format`, or of the format its first lines show
/// when `format` is Unknown: the fuzz targets force each reader through this.
Transcript read_transcript_as(std::string_view input, const std::string& name,
                              TranscriptFormat format);

/// The string value of `key` in `obj`, or "" (for the recognisers).
std::string_view string_at(const nlohmann::json& obj, const char* key);

}  // namespace wildplan::detail
