// Parse: cmark-gfm owns the Markdown structure (lists, headings, code blocks, block quotes,
// HTML); the task-line grammar reads each item's first line from the source bytes. cmark-gfm's
// tasklist extension is not attached: it knows only [ ] and [x], its check runs over the rest of
// the line (`- [ ] see [x] below` reads as checked), and it takes those two boxes out of the
// item's text, which changes the block structure for them alone: after `- [x] ` with nothing
// else on the line, the next line is no longer part of the item, where after `- [/] ` it is. A
// status edit must never change the document's structure (the edit fuzzer found this).
#include <cmark-gfm.h>
// cmark-gfm's own headers for its extension API: the parser's root (to read top-level blocks
// as they close) and cmark_parse_inlines (a heading read before the parse ends).
#include <cmark-gfm/inlines.h>
#include <cmark-gfm/node.h>
#include <cmark-gfm/parser.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "parse/front_matter.hpp"
#include "parse/task_line.hpp"
#include "source/strings.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/rules.hpp"

namespace wildplan {
namespace {

using detail::collapse_space;
using detail::trim;

struct IterFree {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};
using IterPtr = std::unique_ptr<cmark_iter, IterFree>;

[[noreturn]] void out_of_memory() {
  // cmark-gfm cannot report a failed allocation (its own allocator aborts): end as git's
  // die("Out of memory") does, with the CLI's exit status for a failure of the environment,
  // instead of an abort and a core.
  static constexpr char kMessage[] = "wildplan: error: out of memory (parsing Markdown)\n";
  (void)!::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  std::_Exit(2);
}

void* checked_calloc(std::size_t count, std::size_t size) {
  void* p = std::calloc(count, size);
  if (!p && count && size) out_of_memory();
  return p;
}
void* checked_realloc(void* p, std::size_t size) {
  void* q = std::realloc(p, size);
  if (!q && size) out_of_memory();
  return q;
}
// The C library's allocator, as cmark-gfm's own default, but exit 2 instead of abort on failure.
cmark_mem g_cmark_mem{checked_calloc, checked_realloc, std::free};

struct ParserFree {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
using ParserPtr = std::unique_ptr<cmark_parser, ParserFree>;
struct NodeFree {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeFree>;

/// Feeds `bytes` to `parser`. cmark-gfm turns each NUL into U+FFFD (three bytes), which would
/// shift the columns after it; a one-byte stand-in keeps them true. The source bytes themselves
/// are never changed.
void feed(cmark_parser* parser, std::string_view bytes) {
  if (std::memchr(bytes.data(), '\0', bytes.size())) {
    std::string copy(bytes);
    std::replace(copy.begin(), copy.end(), '\0', '\x01');
    cmark_parser_feed(parser, copy.data(), copy.size());
  } else {
    cmark_parser_feed(parser, bytes.data(), bytes.size());
  }
}

/// Maps cmark-gfm's (line, column) in the parsed range to offsets and positions in the source,
/// with a table of the range's line starts (cmark-gfm reads every line of it anyway).
class Positions {
 public:
  Positions(const Source& src, Span range) : src_(src), range_(range) {
    const SourcePos p = src.position(range.begin);
    first_line_ = p.line;
    first_column_ = p.column;
    const std::string_view s = src.bytes();
    starts_.push_back(range.begin);
    if (!std::memchr(s.data() + range.begin, '\r', range.size())) {
      for (const char *q = s.data() + range.begin, *end = s.data() + range.end;
           (q = static_cast<const char*>(
                std::memchr(q, '\n', static_cast<std::size_t>(end - q))));) {
        ++q;
        starts_.push_back(static_cast<std::size_t>(q - s.data()));
      }
      return;
    }
    for (std::size_t i = range.begin; i < range.end; ++i) {
      if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'))) {
        starts_.push_back(i + 1);
      }
    }
  }

  std::size_t offset(int line, int column) const {
    if (line < 1) return range_.begin;
    const auto l = static_cast<std::size_t>(line);
    const std::size_t start = l <= starts_.size() ? starts_[l - 1] : range_.end;
    return std::clamp(start + static_cast<std::size_t>(std::max(column, 1)) - 1, range_.begin,
                      range_.end);
  }

  SourcePos position(std::size_t offset) const {
    auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    const auto l = static_cast<std::size_t>(it - starts_.begin());  // >= 1
    std::size_t column = offset - starts_[l - 1] + 1;
    if (l == 1) column += first_column_ - 1;
    return {first_line_ + static_cast<std::uint32_t>(l - 1), static_cast<std::uint32_t>(column)};
  }

  /// The end of the line holding `offset`, before its line end.
  std::size_t line_end(std::size_t offset) const {
    const auto bytes = src_.bytes();
    while (offset < range_.end && bytes[offset] != '\n' && bytes[offset] != '\r') ++offset;
    return offset;
  }

 private:
  const Source& src_;
  Span range_;
  std::uint32_t first_line_ = 1, first_column_ = 1;
  std::vector<std::size_t> starts_;
};

void append_plain_text(cmark_node* node, std::string& out) {
  IterPtr it(cmark_iter_new(node));
  for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* n = cmark_iter_get_node(it.get());
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
      case CMARK_NODE_HTML_INLINE:
        if (const char* lit = cmark_node_get_literal(n)) out += lit;
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        out += ' ';
        break;
      default:
        break;
    }
  }
}

class TaskListParser {
 public:
  TaskListParser(const Source& src, Span range, const ParseOptions& options)
      : src_(src), range_(range), options_(options), pos_(src, range) {}

  /// Reads the range; with `plan` null it only counts the tasks.
  std::size_t walk(Plan* plan, std::vector<Diagnostic>* diagnostics) {
    plan_ = plan;
    diagnostics_ = diagnostics;
    const std::string_view text = src_.text(range_);
    const ParserPtr parser(cmark_parser_new_with_mem(CMARK_OPT_SOURCEPOS, &g_cmark_mem));
    // The tree is read a top-level block at a time, each as soon as it is closed, and freed:
    // what is held is the blocks still open, not the whole document's tree (twenty bytes and
    // more per byte of Markdown). Only a link reference definition (`[label]: url`) can change
    // how the text before it reads, and only its inlines: a heading read early would miss a
    // definition below it. A text without `]:` has none; one with it is read whole, first.
    const bool stream = text.find("]:") == std::string_view::npos;
    cmark_node* root = parser->root;
    for (std::size_t at = 0; at < text.size(); at += kChunk) {
      feed(parser.get(), text.substr(at, std::min(kChunk, text.size() - at)));
      if (!stream) continue;
      // Every top-level block but the last is closed once the next has begun.
      for (cmark_node* first; (first = cmark_node_first_child(root)) && cmark_node_next(first) &&
                              !(first->flags & CMARK_NODE__OPEN);) {
        const NodePtr block(first);  // freed (and unlinked) once read
        visit(first, parser.get());
      }
    }
    const NodePtr doc(cmark_parser_finish(parser.get()));  // the inlines of the rest are read
    for (cmark_node* n = cmark_node_first_child(doc.get()); n; n = cmark_node_next(n))
      visit(n, nullptr);
    if (plan) infer_numbered_parents(*plan);
    return count_;
  }

 private:
  /// Reads the top-level block `top`: a pre-order walk over the block nodes only, without
  /// recursion (nesting can be as deep as the input is long) and without entering paragraphs:
  /// their inline nodes are most of the tree and nothing here needs them. `early`, when given,
  /// is the parser that has not read the inlines yet: a heading's are read here.
  void visit(cmark_node* top, cmark_parser* early) {
    cmark_node* node = top;
    while (node) {
      const cmark_node_type type = cmark_node_get_type(node);
      bool descend = false;
      if (type == CMARK_NODE_HEADING) {
        if (plan_) {
          if (early) cmark_parse_inlines(early, node, early->refmap, early->options);
          section_ = add_section(*plan_, node, phase_, phase_level_);
        }
      } else if (type == CMARK_NODE_ITEM) {
        descend = true;
        if (const auto start = task_start(node)) {
          ++count_;
          if (plan_) {
            const std::size_t index = plan_->tasks.size();
            add_task(*plan_, *diagnostics_, *start, item_span(node), continued_to(node),
                     section_, phase_, parent_of(open_tasks_));
            open_tasks_.emplace_back(node, index);
          }
        }
      } else if (type == CMARK_NODE_CODE_BLOCK) {
        code_block(node);
      } else {
        descend = type == CMARK_NODE_LIST || type == CMARK_NODE_BLOCK_QUOTE;
      }
      cmark_node* child = descend ? cmark_node_first_child(node) : nullptr;
      if (child) {
        node = child;
        continue;
      }
      // Up until a node has a next sibling, leaving the task items on the way; not past `top`.
      for (;;) {
        if (!open_tasks_.empty() && open_tasks_.back().first == node) open_tasks_.pop_back();
        if (node == top) return;
        if (cmark_node* next = cmark_node_next(node)) {
          node = next;
          break;
        }
        node = cmark_node_parent(node);
      }
    }
  }

  /// A code block: recorded as such, and the task a template left indented before its list.
  void code_block(cmark_node* node) {
    if (plan_) {
      plan_->code_blocks.push_back(
          {pos_.offset(cmark_node_get_start_line(node), 1),
           pos_.line_end(pos_.offset(cmark_node_get_end_line(node), 1))});
    }
    const auto indented = indented_first_item(node);
    if (!indented) return;
    ++count_;
    if (!plan_) return;
    const Span item{indented->item, pos_.line_end(indented->start.text)};
    const std::string_view bytes = src_.bytes();
    std::size_t indent = item.begin;
    while (indent > range_.begin && (bytes[indent - 1] == ' ' || bytes[indent - 1] == '\t'))
      --indent;
    warn(*diagnostics_, {indent, item.begin}, "task-indented-as-code",
         "the list's first item is indented, so other Markdown tools show it as code: "
         "read as a task of the list below it; remove the indentation");
    add_task(*plan_, *diagnostics_, indented->start, item, 0, section_, phase_,
             parent_of(open_tasks_));
    plan_->tasks.back().indented_as_code = true;
  }

  static std::optional<std::size_t> parent_of(
      const std::vector<std::pair<cmark_node*, std::size_t>>& open_tasks) {
    return open_tasks.empty() ? std::nullopt : std::optional(open_tasks.back().second);
  }

  /// The box of a list item whose first paragraph starts with one, read from the source.
  std::optional<detail::TaskStart> task_start(cmark_node* item) const {
    // `-     [ ] x` is an item holding indented code, not a task. Every other item is tried.
    cmark_node* first = cmark_node_first_child(item);
    if (first && cmark_node_get_type(first) == CMARK_NODE_CODE_BLOCK) return std::nullopt;
    const std::size_t at =
        pos_.offset(cmark_node_get_start_line(item), cmark_node_get_start_column(item));
    return detail::match_task_start(src_.bytes().substr(0, range_.end), at, options_.statuses);
  }

  /// The whole list item, nested lists included.
  Span item_span(cmark_node* item) const {
    const std::size_t begin =
        pos_.offset(cmark_node_get_start_line(item), cmark_node_get_start_column(item));
    const int end_line = cmark_node_get_end_line(item);
    const int end_col = cmark_node_get_end_column(item);
    const std::size_t end = std::max(
        begin, end_col > 0 ? pos_.offset(end_line, end_col) + 1 : pos_.offset(end_line, 1));
    return {begin, std::min(end, range_.end)};
  }

  /// The end of the last line that continues the item's first paragraph; 0 when none does.
  std::size_t continued_to(cmark_node* item) const {
    cmark_node* para = cmark_node_first_child(item);
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH ||
        cmark_node_get_start_line(para) != cmark_node_get_start_line(item)) {
      return 0;
    }
    const int para_end = cmark_node_get_end_line(para);
    if (para_end <= cmark_node_get_start_line(para)) return 0;
    return pos_.line_end(pos_.offset(para_end, 1));
  }

  struct IndentedItem {
    std::size_t item;  ///< the list marker
    detail::TaskStart start;
  };

  /// A template that fills in a checklist may indent only its first line, which CommonMark then
  /// reads as (the last line of) an indented code block before the list of the other items. That
  /// line is read as the list's first item when all of these hold: the code block is indented,
  /// not fenced; its last line is a task line; the very next line starts a list (no blank line
  /// between: a code block shown as an example is set off by one) of the same kind (bullet
  /// character, or ordered with the same delimiter) whose first item is a task. Everything else
  /// in the block stays code.
  std::optional<IndentedItem> indented_first_item(cmark_node* code) const {
    int fence_length = 0, fence_offset = 0;
    char fence_char = 0;  // cmark_node_get_fenced writes each, unchecked
    if (cmark_node_get_fenced(code, &fence_length, &fence_offset, &fence_char)) return std::nullopt;
    cmark_node* list = cmark_node_next(code);
    if (!list || cmark_node_get_type(list) != CMARK_NODE_LIST ||
        cmark_node_get_start_line(list) != cmark_node_get_end_line(code) + 1) {
      return std::nullopt;
    }
    // The block's last line of code, without the indentation cmark-gfm left in it. cmark-gfm
    // drops trailing blank lines from the code but not from its extent: the last code line must
    // be the block's last line.
    const char* lit = cmark_node_get_literal(code);
    std::string_view last = lit ? lit : "";
    while (!last.empty() && (last.back() == '\n' || last.back() == '\r')) last.remove_suffix(1);
    last = last.substr(std::min(last.size(), last.find_last_of("\n\r") + 1));
    while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.remove_prefix(1);
    const std::size_t line_end = pos_.line_end(pos_.offset(cmark_node_get_end_line(code), 1));
    const std::size_t line_begin = pos_.offset(cmark_node_get_end_line(code), 1);
    if (last.empty() || line_end - line_begin < last.size()) return std::nullopt;
    const std::string_view bytes = src_.bytes();
    const std::size_t at = line_end - last.size();
    for (std::size_t i = 0; i < last.size(); ++i) {  // cmark-gfm read each NUL as \x01
      if (bytes[at + i] != last[i] && !(bytes[at + i] == '\0' && last[i] == '\x01')) {
        return std::nullopt;
      }
    }
    cmark_node* first = cmark_node_first_child(list);
    if (!first || !task_start(first)) return std::nullopt;
    const std::size_t other =
        pos_.offset(cmark_node_get_start_line(first), cmark_node_get_start_column(first));
    if (!same_list_kind(bytes, at, other)) return std::nullopt;
    auto start = detail::match_task_start(bytes.substr(0, range_.end), at, options_.statuses);
    if (!start) return std::nullopt;
    return IndentedItem{at, *start};
  }

  /// Whether the list markers at `a` and `b` belong to one list: the same bullet character, or
  /// numbers with the same delimiter.
  static bool same_list_kind(std::string_view bytes, std::size_t a, std::size_t b) {
    const auto digit = [&](std::size_t i) {
      return i < bytes.size() && bytes[i] >= '0' && bytes[i] <= '9';
    };
    if (!digit(a) || !digit(b)) return bytes[a] == bytes[b];
    while (digit(a)) ++a;
    while (digit(b)) ++b;
    return a < bytes.size() && b < bytes.size() && bytes[a] == bytes[b];
  }

  std::size_t add_section(Plan& plan, cmark_node* node, std::optional<std::size_t>& phase,
                          int& phase_level) {
    Section s;
    s.level = cmark_node_get_heading_level(node);
    append_plain_text(node, s.title);
    s.title = collapse_space(s.title);
    const std::size_t b =
        pos_.offset(cmark_node_get_start_line(node), cmark_node_get_start_column(node));
    s.span = {b, pos_.line_end(
                     pos_.offset(cmark_node_get_end_line(node), cmark_node_get_end_column(node)))};
    s.pos = pos_.position(b);
    s.body = {s.span.end, range_.end};
    if (!plan.sections.empty()) plan.sections.back().body.end = b;
    if (s.level == 1 && plan.title.empty()) plan.title = s.title;
    if (phase && s.level <= phase_level) phase.reset();
    if (auto p = detail::parse_phase_heading(s.title)) {
      p->section = plan.sections.size();
      phase = plan.phases.size();
      phase_level = s.level;
      s.phase = phase;
      plan.phases.push_back(std::move(*p));
    }
    plan.sections.push_back(std::move(s));
    return plan.sections.size() - 1;
  }

  /// Adds the task whose item is `item`; `continued_to` (when not 0) ends the lines that continue
  /// its first line's paragraph.
  void add_task(Plan& plan, std::vector<Diagnostic>& diagnostics, const detail::TaskStart& start,
                Span item, std::size_t continued_to, std::optional<std::size_t> section,
                std::optional<std::size_t> phase, std::optional<std::size_t> parent) {
    const std::string_view bytes = src_.bytes();
    Task t;
    t.ordinal = plan.tasks.size() + 1;
    t.box = bytes[start.box.begin + 1];
    t.status = options_.statuses[t.box];
    t.optional = start.optional;
    t.box_span = start.box;
    t.pos = pos_.position(item.begin);
    t.item = item;
    const std::size_t eol = pos_.line_end(start.text);
    t.line_span = {item.begin, eol};
    std::size_t text_end = eol;
    while (text_end > start.text && (bytes[text_end - 1] == ' ' || bytes[text_end - 1] == '\t')) {
      --text_end;
    }
    t.text_span = {std::min(start.text, text_end), text_end};

    detail::TaskLine line = detail::parse_task_line(bytes, t.text_span);
    t.id = std::move(line.id);
    t.id_kind = line.id_kind;
    t.markers = std::move(line.markers);
    t.fields = std::move(line.fields);
    t.depends = std::move(line.depends);
    t.title_span = line.title;
    t.text = std::string(src_.text(t.text_span));
    t.title = std::string(trim(src_.text(t.title_span)));

    // Lines that continue the item's first paragraph belong to its text and title.
    if (continued_to > 0) {
      const std::string more = collapse_space(src_.text({eol, std::max(eol, continued_to)}));
      if (!more.empty()) {
        t.text += ' ' + more;
        if (t.fields.empty()) t.title += (t.title.empty() ? "" : " ") + more;
      }
    }

    t.section = section;
    t.phase = phase;
    t.parent = parent;
    if (parent) {
      t.depth = plan.tasks[*parent].depth + 1;
      plan.tasks[*parent].children.push_back(plan.tasks.size());
    }
    t.glued = start.glued;
    if (t.glued) {
      warn(diagnostics, t.box_span, "task-box-glued",
           "the box must be followed by a space to be a task in other Markdown tools: add one "
           "after ']'");
    }
    if (t.status == Status::Other) {
      warn(diagnostics, t.box_span, "task-unknown-status",
           std::string("unknown status '[") + t.box +
               "]': use [ ], [x], [/], [-] or [!], or map it in the configuration");
    }
    plan.tasks.push_back(std::move(t));
  }

  void warn(std::vector<Diagnostic>& diagnostics, Span at, const char* rule,
            std::string message) const {
    Diagnostic d;
    d.file = src_.name();
    d.begin = pos_.position(at.begin);
    d.end = pos_.position(at.end);
    d.severity = default_severity(rule);
    d.rule = rule;
    d.message = std::move(message);
    diagnostics.push_back(std::move(d));
  }

  /// Kiro writes subtasks `1.2` under task `1` without indenting them: a top-level task with a
  /// numbered id `N.M` is a child of the nearest earlier top-level task numbered `N`.
  static void infer_numbered_parents(Plan& plan) {
    std::unordered_map<std::string_view, std::size_t> by_id;
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
      Task& t = plan.tasks[i];
      if (t.id_kind != IdKind::Number || t.parent) continue;
      by_id[t.id] = i;
      const auto dot = t.id.rfind('.');
      if (dot == std::string::npos) continue;
      auto it = by_id.find(std::string_view(t.id).substr(0, dot));
      if (it == by_id.end() || it->second == i) continue;
      t.parent = it->second;
      plan.tasks[it->second].children.push_back(i);
      t.depth = plan.tasks[it->second].depth + 1;
      for (std::size_t c : t.children) plan.tasks[c].depth = t.depth + 1;
    }
  }

  static constexpr std::size_t kChunk = std::size_t{1} << 16;  // bytes fed at a time

  const Source& src_;
  Span range_;
  const ParseOptions& options_;
  Positions pos_;
  Plan* plan_ = nullptr;
  std::vector<Diagnostic>* diagnostics_ = nullptr;
  std::vector<std::pair<cmark_node*, std::size_t>> open_tasks_;  // task items we are inside
  std::optional<std::size_t> section_, phase_;
  int phase_level_ = 0;
  std::size_t count_ = 0;
};

/// What of the range is Markdown: all of it but a BOM and YAML front matter at its start.
struct Markdown {
  Span range;
  std::optional<detail::FrontMatterMatch> front_matter;
};

Markdown markdown_of(const Source& src, std::optional<Span> range) {
  Markdown m{range.value_or(Span{0, src.size()}), std::nullopt};
  // cmark-gfm skips a BOM at the start of its input and counts columns after it.
  if (m.range.begin == 0 && src.has_bom()) m.range.begin = 3;
  m.front_matter = detail::match_front_matter(src.bytes(), m.range);
  if (m.front_matter) m.range.begin = m.front_matter->span.end;
  return m;
}

/// Front matter is no Markdown: a note says where wildplan read it so.
void add_front_matter(const Source& src, const detail::FrontMatterMatch& m, Plan& plan,
                      std::vector<Diagnostic>& diagnostics) {
  FrontMatter fm;
  fm.text = std::string(src.text(m.body));
  fm.span = m.span;
  fm.body = m.body;
  fm.pos = src.position(m.span.begin);
  // The closing line starts after the body's last line end.
  fm.end_line = src.position(m.body.end).line;
  const std::size_t open_end = std::min(m.span.begin + 3, m.span.end);
  Diagnostic d = make_diagnostic(
      src, {m.span.begin, open_end}, "front-matter",
      "lines " + std::to_string(fm.pos.line) + "-" + std::to_string(fm.end_line) +
          " are read as YAML front matter, apart from the Markdown (which would read a "
          "thematic break and text)");
  diagnostics.push_back(std::move(d));
  plan.front_matter = std::move(fm);
}

}  // namespace

Parsed<Plan> parse_plan(const Source& src, std::optional<Span> range, const ParseOptions& options) {
  Parsed<Plan> out;
  out.value.emplace();
  const Markdown md = markdown_of(src, range);
  if (md.front_matter) add_front_matter(src, *md.front_matter, *out.value, out.diagnostics);
  TaskListParser(src, md.range, options).walk(&*out.value, &out.diagnostics);
  return out;
}

}  // namespace wildplan
