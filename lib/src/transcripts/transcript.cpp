// Reading a transcript: lines (or SSE events) one at a time, the format found from the first
// line that shows one, each line handed to that format's reader (reader.hpp), the answer text
// joined at the end. A line is parsed in full when its format needs it; a line it does not need
// is given up at the first value that says so (record.hpp), and then only checked to end like a
// JSON object, except the last line, which is always parsed in full: a stream cut off ends in a
// line cut short, and that line must be named.
#include <algorithm>
#include <istream>
#include <nlohmann/json.hpp>

#include "source/strings.hpp"
#include "transcripts/reader.hpp"

namespace wildplan {
namespace detail {
namespace {

using json = nlohmann::json;

constexpr std::uint32_t kDetectLines = 100;  // lines looked at to find the format
constexpr std::size_t kMaxLineDiagnostics = 20;

constexpr FormatInfo kFormats[] = {
    {recognise_codex_rollout, make_codex_rollout_reader},
    {recognise_codex_exec, make_codex_exec_reader},
    {recognise_opencode_events, make_opencode_events_reader},
    {recognise_opencode_run, make_opencode_run_reader},
    {recognise_gemini, make_gemini_reader},
    {recognise_copilot, make_copilot_reader},
    {recognise_cursor, make_cursor_reader},  // before Claude's: its lines look like Claude's
    {recognise_claude, make_claude_reader},
};

std::string_view strip_cr(std::string_view line) {
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

bool is_blank(std::string_view line) { return trim(line).empty(); }

/// An SSE field line other than `data:`: `event:`, `id:`, `retry:`, or a comment.
bool is_sse_other(std::string_view line) {
  return line.starts_with(':') || line.starts_with("event:") || line.starts_with("id:") ||
         line.starts_with("retry:");
}

/// The payload of an SSE `data:` line, or nullopt.
std::optional<std::string_view> sse_data(std::string_view line) {
  if (!line.starts_with("data:")) return std::nullopt;
  line.remove_prefix(5);
  if (line.starts_with(' ')) line.remove_prefix(1);
  return line;
}

bool is_json_object(std::string_view text) {
  const std::string_view t = trim(text);
  return t.starts_with('{') && json::accept(t.begin(), t.end());
}

/// Reads lines as they come: line(), then finish().
class Driver {
 public:
  Driver(std::string name, TranscriptFormat forced) : name_(std::move(name)) {
    if (forced != TranscriptFormat::Unknown) start(forced);
  }

  /// Line `number` of the file; `last` when no line follows. False: stop reading (no format
  /// found in the first lines).
  bool line(std::string_view raw, std::uint32_t number, bool last) {
    t_.lines = number;
    std::string_view text = strip_cr(raw);
    if (number == 1 && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (!framing_known_) {
      if (is_blank(text)) return true;
      sse_ = text.starts_with("data:") || is_sse_other(text);
      framing_known_ = true;
    }
    if (!sse_) {
      if (!is_blank(text)) record(text, number, last);
    } else if (auto data = sse_data(text)) {  // an event's data: its lines joined by \n
      if (event_line_ == 0) {
        event_line_ = number;
        event_.assign(*data);
      } else {
        event_.append(1, '\n').append(*data);
      }
      if (last) dispatch(true);
    } else if (is_blank(text) || last) {
      dispatch(last);
    }
    return reader_ || number < kDetectLines;
  }

  Transcript finish() {
    if (sse_) dispatch(true);
    if (reader_) {
      reader_->finish(answer_);
      answer_.finish(name_, t_);
      t_.todos = reader_->take_todos();
      t_.subagent = reader_->subagent_only();
      if (t_.subagent) {
        Diagnostic d;
        d.file = name_;
        d.severity = Severity::Note;
        d.rule = "transcript-subagent";
        d.message =
            "every record is a sub-agent's (isSidechain / parent_tool_use_id): read as that "
            "sub-agent's own session, its answer is the answer";
        t_.diagnostics.push_back(std::move(d));
      }
    } else {
      t_.text = Source(name_, std::string());
      Diagnostic d;
      d.file = name_;
      d.severity = Severity::Error;
      d.rule = "transcript-unknown";
      d.message = std::string(objects_ == 0 ? "no line is a JSON object"
                                            : "JSON lines of no known shape") +
                  ": wildplan reads Claude Code (and Amp) stream-json and session logs, Codex "
                  "rollout files and `codex exec --json`, OpenCode server events (JSON lines or "
                  "SSE) and `opencode run --format json`, Gemini CLI and Cursor CLI stream-json, "
                  "GitHub Copilot CLI events; pass --input-format text to read it as text";
      t_.diagnostics.insert(t_.diagnostics.begin(), std::move(d));
    }
    if (invalid_ > kMaxLineDiagnostics) {
      Diagnostic d;
      d.file = name_;
      d.severity = Severity::Note;
      d.rule = "transcript-line-invalid";
      d.message = std::to_string(invalid_ - kMaxLineDiagnostics) + " more lines not listed";
      t_.diagnostics.push_back(std::move(d));
    }
    t_.sse = sse_;
    return std::move(t_);
  }

 private:
  void start(TranscriptFormat f) {
    t_.format = f;
    reader_ = make_reader(f);
    keep_ = [r = reader_.get()](const Field& field) { return r->wanted(field); };
  }

  void dispatch(bool last) {
    if (event_line_ != 0) record(event_, event_line_, last);
    event_.clear();
    event_line_ = 0;
  }

  void record(std::string_view text, std::uint32_t number, bool last) {
    ++t_.records;
    if (!reader_) {
      const json line = json::parse(text.begin(), text.end(), nullptr, false);
      if (!line.is_object()) {
        invalid(number, line.is_discarded() ? "is not JSON" : "is not a JSON object");
        return;
      }
      ++objects_;
      for (const FormatInfo& f : kFormats) {
        if (const TranscriptFormat found = f.recognise(line); found != TranscriptFormat::Unknown) {
          start(found);
          break;
        }
      }
      if (!reader_) return;
    }
    static const std::function<bool(const Field&)> keep_all = [](const Field&) { return true; };
    switch (read_record(text, reader_->paths(), fields_, last ? keep_all : keep_)) {
      case LineResult::Read:  // parsed in full: what the early stop would have said, said here
        if (std::all_of(fields_.begin(), fields_.end(),
                        [&](const Field& f) { return reader_->wanted(f); }))
          reader_->read(fields_, number, answer_);
        break;
      case LineResult::Skipped:
        if (!trim(text).ends_with('}')) invalid(number, "is cut short or not JSON");
        break;
      case LineResult::NotJson:
        invalid(number, "is not JSON");
        break;
      case LineResult::NotObject:
        invalid(number, "is not a JSON object");
        break;
    }
  }

  void invalid(std::uint32_t number, const char* what) {
    if (++invalid_ > kMaxLineDiagnostics) return;
    Diagnostic d;
    d.file = name_;
    d.begin = d.end = {number, 0};
    d.severity = Severity::Warning;
    d.rule = "transcript-line-invalid";
    d.message = std::string(sse_ ? "the event at line " : "line ") + std::to_string(number) +
                " " + what + " (a stream cut off?): it is skipped, the other lines are read";
    t_.diagnostics.push_back(std::move(d));
  }

  std::string name_;
  Transcript t_;
  std::unique_ptr<FormatReader> reader_;
  std::function<bool(const Field&)> keep_;
  AnswerText answer_;
  std::vector<Field> fields_;
  bool framing_known_ = false, sse_ = false;
  std::string event_;  // SSE: the data of the event being read
  std::uint32_t event_line_ = 0;
  std::size_t invalid_ = 0, objects_ = 0;
};

}  // namespace

std::string_view string_at(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>())
                                            : std::string_view();
}

std::unique_ptr<FormatReader> make_reader(TranscriptFormat format) {
  switch (format) {
    case TranscriptFormat::ClaudeStream:
    case TranscriptFormat::ClaudeSession:
      return make_claude_reader();
    case TranscriptFormat::CodexRollout:
      return make_codex_rollout_reader();
    case TranscriptFormat::CodexExec:
      return make_codex_exec_reader();
    case TranscriptFormat::OpenCodeEvents:
      return make_opencode_events_reader();
    case TranscriptFormat::OpenCodeRun:
      return make_opencode_run_reader();
    case TranscriptFormat::GeminiStream:
      return make_gemini_reader();
    case TranscriptFormat::CursorStream:
      return make_cursor_reader();
    case TranscriptFormat::CopilotEvents:
      return make_copilot_reader();
    case TranscriptFormat::Unknown:
      break;
  }
  return nullptr;
}

Transcript read_transcript_as(std::string_view input, const std::string& name,
                              TranscriptFormat format) {
  Driver d(name, format);
  std::uint32_t number = 0;
  for (std::size_t p = 0; p < input.size();) {
    const std::size_t nl = input.find('\n', p);
    const std::size_t e = nl == std::string_view::npos ? input.size() : nl;
    ++number;
    if (!d.line(input.substr(p, e - p), number, e + 1 >= input.size())) break;
    p = e + 1;
  }
  return d.finish();
}

}  // namespace detail

const char* to_string(InputFormat f) {
  switch (f) {
    case InputFormat::Auto:
      return "auto";
    case InputFormat::Text:
      return "text";
    case InputFormat::JsonLines:
      return "jsonl";
  }
  return "auto";
}

std::optional<InputFormat> input_format_from_string(std::string_view s) {
  if (s == "auto") return InputFormat::Auto;
  if (s == "text") return InputFormat::Text;
  if (s == "jsonl") return InputFormat::JsonLines;
  return std::nullopt;
}

const char* to_string(TranscriptFormat f) {
  switch (f) {
    case TranscriptFormat::Unknown:
      return "unknown";
    case TranscriptFormat::ClaudeStream:
      return "claude-stream-json";
    case TranscriptFormat::ClaudeSession:
      return "claude-session";
    case TranscriptFormat::CodexRollout:
      return "codex-rollout";
    case TranscriptFormat::CodexExec:
      return "codex-exec";
    case TranscriptFormat::OpenCodeEvents:
      return "opencode-events";
    case TranscriptFormat::OpenCodeRun:
      return "opencode-run";
    case TranscriptFormat::GeminiStream:
      return "gemini-stream-json";
    case TranscriptFormat::CursorStream:
      return "cursor-stream-json";
    case TranscriptFormat::CopilotEvents:
      return "copilot-events";
  }
  return "unknown";
}

bool looks_like_json_lines(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  for (int fields = 0; !bytes.empty();) {
    const std::size_t nl = bytes.find('\n');
    const std::string_view line = detail::strip_cr(bytes.substr(0, nl));
    bytes = nl == std::string_view::npos ? std::string_view() : bytes.substr(nl + 1);
    if (detail::is_blank(line)) continue;
    if (const auto data = detail::sse_data(line)) return detail::is_json_object(*data);
    if (detail::is_sse_other(line) && ++fields <= 8) continue;
    return fields == 0 && detail::is_json_object(line);
  }
  return false;
}

Transcript read_transcript(const Source& file) {
  return detail::read_transcript_as(file.bytes(), file.name(), TranscriptFormat::Unknown);
}

Transcript read_transcript(std::istream& in, const std::string& name) {
  detail::Driver d(name, TranscriptFormat::Unknown);
  std::string line, next;
  std::uint32_t number = 0;
  bool have = static_cast<bool>(std::getline(in, line));
  while (have) {
    const bool more = static_cast<bool>(std::getline(in, next));
    if (!d.line(line, ++number, !more)) break;
    line.swap(next);
    have = more;
  }
  if (in.bad()) throw Error("cannot read '" + name + "'");
  return d.finish();
}

TextOrigin Transcript::origin(std::size_t offset) const {
  if (pieces.empty()) return {};
  auto it = std::upper_bound(pieces.begin(), pieces.end(), offset,
                             [](std::size_t o, const TextPiece& p) { return o < p.offset; });
  if (it != pieces.begin()) --it;
  const TextPiece& p = *it;
  const std::size_t at = std::min(offset, p.offset + p.size);  // a separator: the piece's end
  const SourcePos start = text.position(p.offset), here = text.position(at);
  TextOrigin o;
  o.line = p.line;
  o.in_text.line = here.line - start.line + 1;
  o.in_text.column =
      here.line == start.line ? static_cast<std::uint32_t>(at - p.offset + 1) : here.column;
  return o;
}

void Transcript::relocate(std::vector<Diagnostic>& diagnostics) const {
  auto offset_of = [&](SourcePos p) {
    return std::min(text.size(), text.line_start(p.line) + (p.column > 0 ? p.column - 1 : 0));
  };
  for (Diagnostic& d : diagnostics) {
    if (d.begin.line == 0 || d.text_begin.line != 0) continue;  // the whole file, or moved
    const TextOrigin b = origin(offset_of(d.begin));
    const TextOrigin e = origin(offset_of(d.end));
    d.text_begin = b.in_text;
    d.text_end = e.line == b.line ? e.in_text : b.in_text;
    d.begin = {b.line, 0};
    d.end = {b.line, 0};
  }
}

}  // namespace wildplan
