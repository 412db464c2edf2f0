// The documents of diff, commit, snapshot and hook, and the error document.
#include "render/json_parts.hpp"
#include "render/json_writer.hpp"
#include "wildplan/diff.hpp"
#include "wildplan/git.hpp"
#include "wildplan/render.hpp"

namespace wildplan {
namespace detail {

void write_commit_members(JsonWriter& w, const CommitResult& c) {
  w.key("committed").value(c.committed);
  w.key("id");
  c.committed ? w.value(c.id) : w.null();
  w.key("branch").value(c.branch).key("first").value(c.first).key("detached").value(c.detached);
  w.key("staged").begin_array();
  for (const auto& p : c.staged) w.value(p);
  w.end_array();
  w.key("left_out").begin_array();
  for (const LeftOut& l : c.left_out) w.value(l.path);
  w.end_array();
  w.key("left_out_reasons").begin_object();
  for (const LeftOut& l : c.left_out) w.text_key(l.path).value(to_string(l.reason));
  w.end_object();
}

namespace {

/// A task's phase in a change: "-" when it has none.
std::string phase_label(const Plan& plan, const Task& t) {
  const std::string_view n = phase_number(plan, t);
  return n.empty() ? "-" : std::string(n);
}

std::string id_label(const Task& t) {
  return t.id.empty() ? "#" + std::to_string(t.ordinal) : t.id;
}

}  // namespace

void write_changes(JsonWriter& w, const Comparison& c) {
  w.key("changes").begin_array();
  for (const Change& ch : c.diff.changes) {
    const Task* a = ch.before ? &c.before.plan.tasks[*ch.before] : nullptr;
    const Task* b = ch.after ? &c.after.plan.tasks[*ch.after] : nullptr;
    const Task* t = b ? b : a;
    w.begin_object(/*flat=*/true);
    w.key("kind").value(to_string(ch.kind)).key("id").value(t->id).key("title").value(t->title);
    w.key("old_line");
    a ? w.value(a->pos.line) : w.null();
    w.key("new_line");
    b ? w.value(b->pos.line) : w.null();
    if (ch.kind == ChangeKind::StatusChanged) {
      w.key("from").value(to_string(a->status)).key("to").value(to_string(b->status));
    } else if (ch.kind == ChangeKind::Reworded) {
      w.key("from").value(a->title).key("to").value(b->title);
    } else if (ch.kind == ChangeKind::Renumbered) {
      w.key("from").value(id_label(*a)).key("to").value(id_label(*b));
    } else if (ch.kind == ChangeKind::Moved) {
      w.key("from").value(phase_label(c.before.plan, *a)).key("to").value(
          phase_label(c.after.plan, *b));
    }
    w.end_object();
  }
  w.end_array();
}

}  // namespace detail

namespace {

using detail::JsonWriter;

const char* outcome_name(HookOutcome o) {
  switch (o) {
    case HookOutcome::Installed:
      return "installed";
    case HookOutcome::Updated:
      return "updated";
    case HookOutcome::Removed:
      return "removed";
    case HookOutcome::Absent:
      return "absent";
  }
  return "absent";
}

}  // namespace

void write_diff_json(const Comparison& c, const Sink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  detail::write_header(w, "diff");
  w.key("old").value(c.before.name());
  w.key("new").value(c.after.name());
  w.key("equal").value(c.equal());
  w.key("goal");
  if (c.goal_changed()) {
    w.begin_object(/*flat=*/true);
    w.key("old").value(*c.old_goal).key("new").value(*c.new_goal);
    w.end_object();
  } else {
    w.null();
  }
  detail::write_changes(w, c);
  w.end_object();
  w.finish();
}

void write_commit_json(const CommitResult& r, std::string_view reason, const Sink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  detail::write_header(w, "commit");
  w.key("commit").begin_object(/*flat=*/true);
  detail::write_commit_members(w, r);
  w.key("reason").value(reason);
  w.end_object();
  w.end_object();
  w.finish();
}

void write_snapshot_json(std::string_view workdir, const Snapshot& snapshot, const Sink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  detail::write_header(w, "snapshot");
  w.key("repository").value(workdir);
  w.key("changed_paths").value(static_cast<std::uint64_t>(snapshot.held.size()));
  w.key("held").begin_array();
  for (const std::string& p : snapshot.held) w.value(p);
  w.end_array();
  w.key("exclude").begin_array();
  for (const std::string& p : snapshot.exclude) w.value(p);
  w.end_array();
  w.end_object();
  w.finish();
}

void write_hook_json(std::string_view action, HookOutcome outcome, std::string_view path,
                     const Sink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  detail::write_header(w, "hook");
  w.key("action").value(action);
  w.key("outcome").value(outcome_name(outcome));
  w.key("path").value(path);
  w.end_object();
  w.finish();
}

void write_error_json(int code, std::string_view message, const Sink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  detail::write_header(w, "error");
  w.key("error").begin_object(/*flat=*/true);
  w.key("code").value(code).key("message").value(message);
  w.end_object();
  w.end_object();
  w.finish();
}

}  // namespace wildplan
