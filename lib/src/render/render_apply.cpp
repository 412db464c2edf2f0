// The apply document and the apply report, from ApplyOutcome (loop.hpp). The document is whole
// on every outcome: what could not be known is null or empty, and `error` names the step that
// failed.
#include <algorithm>

#include "render/json_parts.hpp"
#include "render/json_writer.hpp"
#include "wildplan/loop.hpp"
#include "wildplan/render.hpp"

namespace wildplan {
namespace {

using detail::JsonWriter;

constexpr std::size_t kTextListMax = 20;

std::string phase_of(const Plan& p, const Task& t) {
  return t.phase ? p.phases[*t.phase].number : "";
}

void write_task_refs(JsonWriter& w, const Plan& plan, const std::vector<std::size_t>& tasks) {
  w.begin_array();
  for (std::size_t i : tasks) {
    const Task& t = plan.tasks[i];
    w.begin_object(/*flat=*/true);
    w.key("id").value(t.id).key("title").value(t.title).key("status").value(to_string(t.status));
    w.key("line").value(t.pos.line);
    w.end_object();
  }
  w.end_array();
}

void write_changes(JsonWriter& w, const TasksDecision& d) {
  w.key("changes").begin_array();
  for (const Change& c : d.diff.changes) {
    const Task* a = c.before ? &d.file.tasks[*c.before] : nullptr;
    const Task* b = c.after ? &d.plan.tasks[*c.after] : nullptr;
    const Task* t = b ? b : a;
    w.begin_object(/*flat=*/true);
    w.key("kind").value(to_string(c.kind)).key("id").value(t->id).key("title").value(t->title);
    w.key("old_line");
    a ? w.value(a->pos.line) : w.null();
    w.key("new_line");
    b ? w.value(b->pos.line) : w.null();
    if (c.kind == ChangeKind::StatusChanged) {
      w.key("from").value(to_string(a->status)).key("to").value(to_string(b->status));
    } else if (c.kind == ChangeKind::Reworded) {
      w.key("from").value(a->title).key("to").value(b->title);
    } else if (c.kind == ChangeKind::Moved) {
      w.key("from").value(phase_of(d.file, *a)).key("to").value(phase_of(d.plan, *b));
    }
    w.end_object();
  }
  w.end_array();
}

void write_commit(JsonWriter& w, const ApplyOutcome& o) {
  const CommitResult none;
  const CommitResult& c = o.commit ? *o.commit : none;
  w.key("commit").begin_object(/*flat=*/true);
  detail::write_commit_members(w, c);
  w.key("reason").value(o.commit_reason);
  w.key("snapshot_renewed").value(o.snapshot_renewed);
  w.end_object();
}

std::string label(const Task& t) {
  return (t.id.empty() ? "#" + std::to_string(t.ordinal) : t.id) + " " +
         escape_for_terminal(t.title);
}

}  // namespace

void write_apply_json(const ApplyOutcome& o, const Sink& sink) {
  JsonWriter w(sink);
  const Reply& r = o.extracted;
  const TasksDecision& d = o.decision;
  w.begin_object();
  w.key("version").value(kJsonVersion);
  w.key("kind").value("apply");
  w.key("iteration").value(o.iteration);
  w.key("reply").begin_object(/*flat=*/true);
  w.key("file");
  o.reply ? w.value(o.reply->name()) : w.null();
  w.key("plan_found").value(r.plan() != nullptr);
  w.key("rule").value(to_string(r.choice));
  w.key("line");
  r.plan() ? w.value(o.plan_line()) : w.null();
  w.key("plan_count").value(static_cast<std::uint64_t>(r.plan_count()));
  w.end_object();
  detail::write_signals(w, r.signals);
  w.key("tasks").begin_object();
  w.key("file").value(o.tasks_path);
  w.key("action").value(to_string(d.action));
  w.key("reason").value(d.reason);
  w.key("written").value(o.written);
  w.key("existed").value(o.existed);
  w.key("removed");
  write_task_refs(w, d.file, d.removed);
  w.key("preserved");
  write_task_refs(w, d.file, d.preserved);
  w.end_object();
  w.key("diff").begin_array(/*flat=*/true);
  for (const Change& c : d.diff.changes) w.value(to_string(c.kind));
  w.end_array();
  write_changes(w, d);
  std::size_t total = 0;
  w.key("counts").begin_object(/*flat=*/true);
  for (int i = 0; i < kStatusCount; ++i) {
    total += o.counts[i];
    w.key(to_string(static_cast<Status>(i))).value(static_cast<std::uint64_t>(o.counts[i]));
  }
  w.key("total").value(static_cast<std::uint64_t>(total));
  w.end_object();
  w.key("validation").begin_object(/*flat=*/true);
  w.key("profile");
  o.validation ? w.value(to_string(o.validation->profile)) : w.null();
  w.key("errors").value(static_cast<std::uint64_t>(o.validation ? o.validation->errors : 0));
  w.key("warnings").value(static_cast<std::uint64_t>(o.validation ? o.validation->warnings : 0));
  w.end_object();
  detail::write_todo_sync(w, o.todo_sync ? &*o.todo_sync : nullptr);
  detail::write_diagnostics(w, o.diagnostics);
  write_commit(w, o);
  w.key("error");
  if (o.error) {
    w.begin_object(/*flat=*/true);
    w.key("stage").value(o.error->stage).key("message").value(o.error->message);
    w.end_object();
  } else {
    w.null();
  }
  w.end_object();
  w.finish();
}

std::string render_apply_text(const ApplyOutcome& o, TextStyle style) {
  std::string out;
  const Reply& r = o.extracted;
  const TasksDecision& d = o.decision;
  if (!o.reply) return out;  // nothing was read: the error says why
  const std::string reply = escape_for_terminal(o.reply->name());
  if (r.plan()) {
    out += "plan: " + reply + ":" + std::to_string(o.plan_line()) +
           " (" + to_string(r.choice) + ")\n";
  } else {
    out += "plan: none usable in " + reply + "\n";
  }
  if (o.tasks_path.empty()) return out;
  out += "tasks: " + escape_for_terminal(o.tasks_path) + " " + to_string(d.action) + ": " +
         d.reason + "\n";
  // Lists are cut at kTextListMax lines: a 10,000-task file against a one-line plan would
  // otherwise print 10,000 of them. The document lists them all.
  const auto more = [&](std::size_t total, const char* what) {
    if (total > kTextListMax)
      out += "  ... " + std::to_string(total - kTextListMax) + " more " + what +
             " (--json lists them all)\n";
  };
  for (std::size_t k = 0; k < std::min(d.diff.changes.size(), kTextListMax); ++k) {
    const Change& c = d.diff.changes[k];
    const Task* a = c.before ? &d.file.tasks[*c.before] : nullptr;
    const Task* b = c.after ? &d.plan.tasks[*c.after] : nullptr;
    out += "  plan vs tasks.md: ";
    switch (c.kind) {
      case ChangeKind::Added:
        out += "only in the plan (line " + std::to_string(b->pos.line) + "): " + label(*b);
        break;
      case ChangeKind::Removed:
        out += "only in tasks.md (line " + std::to_string(a->pos.line) + "): " + label(*a);
        break;
      case ChangeKind::StatusChanged:
        out += std::string(to_string(a->status)) + " in tasks.md, " + to_string(b->status) +
               " in the plan: " + label(*b);
        break;
      case ChangeKind::Reworded:
        out += "reworded: " + label(*b) + " (tasks.md: '" + escape_for_terminal(a->title) + "')";
        break;
      case ChangeKind::Moved:
        out += "in phase " + phase_of(d.file, *a) + " in tasks.md, " + phase_of(d.plan, *b) +
               " in the plan: " + label(*b);
        break;
      case ChangeKind::FieldsChanged:
        out += "fields differ: " + label(*b);
        break;
    }
    out += "\n";
  }
  more(d.diff.changes.size(), "differences");
  for (std::size_t k = 0; k < std::min(d.removed.size(), kTextListMax); ++k)
    out += "  removed (open, not in the plan): " + label(d.file.tasks[d.removed[k]]) + "\n";
  more(d.removed.size(), "removed");
  for (std::size_t k = 0; k < std::min(d.preserved.size(), kTextListMax); ++k) {
    const Task& t = d.file.tasks[d.preserved[k]];
    out += "  kept (" + std::string(to_string(t.status)) + ", not in the plan): " + label(t) + "\n";
  }
  more(d.preserved.size(), "kept");
  detail::append_todo_sync_text(out, o.todo_sync ? &*o.todo_sync : nullptr);
  for (const Diagnostic& diag : o.diagnostics) {
    const Source* src = o.tasks && diag.file == o.tasks->name() ? &*o.tasks
                        : diag.file == o.reply->name()          ? &*o.reply
                                                                : nullptr;
    append_diagnostic(out, src, diag, style);
  }
  if (o.commit) {
    const CommitResult& c = *o.commit;
    if (!c.committed) {
      out += "nothing to commit\n";
    } else {
      out += "committed " + c.id.substr(0, 12) +
             (c.detached ? " on a detached HEAD (on no branch)" : " on " + c.branch) +
             (c.first ? " (the first commit)" : "") + ": " + std::to_string(c.staged.size()) +
             " paths staged\n";
    }
    for (const LeftOut& l : c.left_out)
      out += "left out (" + std::string(describe(l.reason)) + "): " + escape_for_terminal(l.path) +
             "\n";
    if (o.snapshot_renewed) out += "snapshot renewed: the next commit starts from here\n";
  } else {
    out += o.commit_reason + "\n";
  }
  return out;
}

}  // namespace wildplan
