// The apply document and the apply report, from ApplyOutcome (loop.hpp). The document is whole
// on every outcome: a member whose step was not reached is null (`reply` and `signals` when the
// reply was not read; `tasks`, `counts` and `validation` when the task file was not reached),
// and `error` names the step that failed.
#include <algorithm>

#include "render/json_parts.hpp"
#include "render/json_writer.hpp"
#include "render/task_labels.hpp"
#include "wildplan/loop.hpp"
#include "wildplan/render.hpp"

namespace wildplan {
namespace {

using detail::id_label;
using detail::label;
using detail::phase_label;

using detail::JsonWriter;

constexpr std::size_t kTextListMax = 20;

bool tasks_reached(const ApplyOutcome& o) {
  return !o.error ||
         (o.error->stage != "request" && o.error->stage != "config" && o.error->stage != "prompt" &&
          o.error->stage != "reply" && o.error->stage != "repository" &&
          !(o.error->stage == "tasks" && o.tasks_path.empty()));
}

void write_task_refs(JsonWriter& w, const TasksDecision& d, const std::vector<std::size_t>& tasks) {
  w.begin_array();
  for (std::size_t i : tasks) {
    const Task& t = d.drift->before.plan.tasks[i];
    w.begin_object(/*flat=*/true);
    w.key("id").value(t.id).key("title").value(t.title).key("status").value(to_string(t.status));
    w.key("line").value(t.pos.line);
    w.end_object();
  }
  w.end_array();
}

void write_reply(JsonWriter& w, const ApplyOutcome& o) {
  w.key("reply");
  if (!o.reply) {
    w.null();
    return;
  }
  const Reply& r = *o.reply;
  w.begin_object(/*flat=*/true);
  w.key("file").value(r.text().name());
  w.key("plan_found").value(r.plan_block() != nullptr);
  w.key("rule").value(to_string(r.choice));
  w.key("line");
  r.plan_block() ? w.value(o.plan_line()) : w.null();
  w.key("plan_count").value(static_cast<std::uint64_t>(r.plan_count()));
  w.end_object();
}

void write_tasks(JsonWriter& w, const ApplyOutcome& o) {
  const TasksDecision& d = o.decision;
  w.key("tasks");
  if (!tasks_reached(o)) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("file").value(o.tasks_path);
  w.key("found").value(to_string(o.tasks_origin));
  w.key("action").value(to_string(d.action));
  w.key("reason").value(d.reason);
  w.key("written").value(o.written);
  w.key("existed").value(o.existed);
  w.key("removed");
  write_task_refs(w, d, d.removed);
  w.key("preserved");
  write_task_refs(w, d, d.preserved);
  w.end_object();
}

void write_drift(JsonWriter& w, const TasksDecision& d) {
  w.key("diff").begin_array(/*flat=*/true);
  if (d.drift) {
    for (const Change& c : d.drift->diff.changes) w.value(to_string(c.kind));
  }
  w.end_array();
  if (d.drift) {
    detail::write_changes(w, *d.drift);
  } else {
    w.key("changes").begin_array().end_array();
  }
}

void write_counts_and_validation(JsonWriter& w, const ApplyOutcome& o) {
  w.key("counts");
  if (!tasks_reached(o)) {
    w.null();
  } else {
    const auto counts = o.counts();
    std::size_t total = 0;
    w.begin_object(/*flat=*/true);
    for (int i = 0; i < kStatusCount; ++i) {
      total += counts[i];
      w.key(to_string(static_cast<Status>(i))).value(static_cast<std::uint64_t>(counts[i]));
    }
    w.key("total").value(static_cast<std::uint64_t>(total));
    w.end_object();
  }
  w.key("validation");
  if (!o.validation) {
    w.null();
    return;
  }
  w.begin_object(/*flat=*/true);
  w.key("profile").value(to_string(o.validation->profile));
  w.key("profile_reason").value(o.validation->profile_reason);
  w.key("errors").value(static_cast<std::uint64_t>(o.validation->errors));
  w.key("warnings").value(static_cast<std::uint64_t>(o.validation->warnings));
  w.end_object();
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

/// One difference of tasks.md (before) and the reply's plan (after), as the report says it.
std::string drift_line(const Comparison& c, const Change& ch) {
  const Task* a = ch.before ? &c.before.plan.tasks[*ch.before] : nullptr;
  const Task* b = ch.after ? &c.after.plan.tasks[*ch.after] : nullptr;
  switch (ch.kind) {
    case ChangeKind::Added:
      return "only in the plan (line " + std::to_string(b->pos.line) + "): " + label(*b);
    case ChangeKind::Removed:
      return "only in tasks.md (line " + std::to_string(a->pos.line) + "): " + label(*a);
    case ChangeKind::StatusChanged:
      return std::string(to_string(a->status)) + " in tasks.md, " + to_string(b->status) +
             " in the plan: " + label(*b);
    case ChangeKind::Reworded:
      return "reworded: " + label(*b) + " (tasks.md: '" + escape_for_terminal(a->title) + "')";
    case ChangeKind::Renumbered:
      return "renumbered: " + label(*b) + " (tasks.md: " + escape_for_terminal(id_label(*a)) + ")";
    case ChangeKind::Moved:
      return "in phase " + phase_label(c.before.plan, *a) + " in tasks.md, " +
             phase_label(c.after.plan, *b) + " in the plan: " + label(*b);
    case ChangeKind::FieldsChanged:
      return "fields differ: " + label(*b);
  }
  return {};
}

/// A list cut at kTextListMax lines: a 10,000-task file against a one-line plan would otherwise
/// print 10,000 of them. The document lists them all.
template <typename Line>
void append_list(std::string& out, std::size_t total, const char* what, Line line) {
  for (std::size_t k = 0; k < std::min(total, kTextListMax); ++k) out += "  " + line(k) + "\n";
  if (total > kTextListMax)
    out += "  ... " + std::to_string(total - kTextListMax) + " more " + what +
           " (--json lists them all)\n";
}

/// `signals: promise DONE, continue yes, summary "..."`: the signals the loop acts on.
std::string signals_line(const Signals& s) {
  std::string out;
  const auto add = [&](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
  if (s.promise) add("promise " + escape_for_terminal(*s.promise));
  if (s.continue_) add(std::string("continue ") + (*s.continue_ ? "yes" : "no"));
  if (s.summary) {
    std::string first = s.summary->substr(0, s.summary->find('\n'));
    if (first.size() > 60) first = first.substr(0, 57) + "...";
    add("summary '" + escape_for_terminal(first) + "'");
  }
  if (s.reflection) add("reflection");
  if (s.memories) add(std::to_string(s.memories->size()) + " memories");
  return "signals: " + (out.empty() ? std::string("none") : out) + "\n";
}

void append_tasks_text(std::string& out, const ApplyOutcome& o) {
  const TasksDecision& d = o.decision;
  out += "tasks: " + escape_for_terminal(o.tasks_path) + " " + to_string(d.action) + ": " +
         d.reason + "\n";
  if (d.drift) {
    append_list(out, d.drift->diff.changes.size(), "differences", [&](std::size_t k) {
      return "plan vs tasks.md: " + drift_line(*d.drift, d.drift->diff.changes[k]);
    });
    const auto& file = d.drift->before.plan.tasks;
    append_list(out, d.removed.size(), "removed", [&](std::size_t k) {
      return "removed (open, not in the plan): " + label(file[d.removed[k]]);
    });
    append_list(out, d.preserved.size(), "kept", [&](std::size_t k) {
      const Task& t = file[d.preserved[k]];
      return "kept (" + std::string(to_string(t.status)) + ", not in the plan): " + label(t);
    });
  }
}

void append_commit_text(std::string& out, const ApplyOutcome& o) {
  if (!o.commit) {
    // A failed step is said once, by the caller's error line.
    out += o.error ? "not committed: the " + o.error->stage + " step failed\n"
                   : o.commit_reason + "\n";
    return;
  }
  const CommitResult& c = *o.commit;
  if (!c.committed) {
    out += "nothing to commit\n";
  } else {
    out += "committed " + c.id.substr(0, 12) +
           (c.detached ? " on a detached HEAD (on no branch)" : " on " + c.branch) +
           (c.first ? " (the first commit)" : "") + ": " + std::to_string(c.staged.size()) +
           (c.staged.size() == 1 ? " path" : " paths") + " staged\n";
  }
  for (const LeftOut& l : c.left_out)
    out +=
        "left out (" + std::string(describe(l.reason)) + "): " + escape_for_terminal(l.path) + "\n";
  if (o.snapshot_renewed) out += "snapshot renewed: the next commit starts from here\n";
}

}  // namespace

void write_apply_json(const ApplyOutcome& o, const Sink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  detail::write_header(w, "apply");
  w.key("iteration").value(o.iteration);
  write_reply(w, o);
  if (o.reply) {
    detail::write_signals(w, o.reply->signals);
  } else {
    w.key("signals").null();
  }
  write_tasks(w, o);
  write_drift(w, o.decision);
  write_counts_and_validation(w, o);
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
  if (!o.reply) return out;  // nothing was read: the error says why
  const Reply& r = *o.reply;
  const std::string reply = escape_for_terminal(r.text().name());
  if (r.plan_block()) {
    out +=
        "plan: " + reply + ":" + std::to_string(o.plan_line()) + " (" + to_string(r.choice) + ")\n";
  } else {
    out += "plan: none usable in " + reply + "\n";
  }
  out += signals_line(r.signals);
  if (!tasks_reached(o)) return out;
  append_tasks_text(out, o);
  detail::append_todo_sync_text(out, o.todo_sync ? &*o.todo_sync : nullptr);
  const std::span<const Diagnostic> all(o.diagnostics);
  const std::size_t from_reply = std::min(o.reply_diagnostics, all.size());
  append_diagnostics(out, &r.text(), all.first(from_reply), style);
  append_diagnostics(out, o.tasks ? &o.tasks->src() : nullptr, all.subspan(from_reply), style);
  if (o.validation) {
    const Validation& v = *o.validation;
    out += "validation: " + escape_for_terminal(o.tasks_path) + ": " +
           (v.errors == 0 && v.warnings == 0
                ? std::string("ok")
                : count_of(v.errors, "error") + ", " + count_of(v.warnings, "warning")) +
           " (profile " + to_string(v.profile) + ": " + v.profile_reason + ")\n";
  }
  append_commit_text(out, o);
  return out;
}

}  // namespace wildplan
