// The task-state documents: list, next, status, and the edits' (edit, add).
#include "render/json_parts.hpp"
#include "render/json_writer.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/loop.hpp"
#include "wildplan/render.hpp"

namespace wildplan {
namespace detail {

void write_task(JsonWriter& w, const Plan& plan, const Task& t) {
  w.begin_object(/*flat=*/true);
  w.key("ordinal").value(static_cast<std::uint64_t>(t.ordinal)).key("id").value(t.id);
  w.key("status").value(to_string(t.status));
  w.key("marker").value(std::string_view(&t.box, 1));
  w.key("title").value(t.title);
  w.key("phase");
  t.phase ? w.value(plan.phases[*t.phase].number) : w.null();
  w.key("depth").value(t.depth).key("line").value(t.pos.line);
  w.key("depends").begin_array(/*flat=*/true);
  for (const std::string& d : t.depends) w.value(d);
  w.end_array();
  w.key("fields").begin_array(/*flat=*/true);
  for (const Field& f : t.fields) {
    w.begin_object(/*flat=*/true);
    w.key("key").value(f.key).key("value").value(f.value);
    w.end_object();
  }
  w.end_array();
  w.key("reason");
  write_optional(w, task_reason(t));
  w.end_object();
}

void write_header(JsonWriter& w, std::string_view kind) {
  w.key("version").value(kJsonVersion);
  w.key("kind").value(kind);
}

}  // namespace detail

namespace {

using detail::JsonWriter;

void write_tally(JsonWriter& w, const Tally& t) {
  w.key("done").value(static_cast<std::uint64_t>(t.done));
  w.key("total").value(static_cast<std::uint64_t>(t.total));
  w.key("cancelled").value(static_cast<std::uint64_t>(t.cancelled));
  w.key("counted").value(static_cast<std::uint64_t>(t.counted()));
}

/// `"dry_run", "diff"`: the unified diff a dry run would write, null when the file was edited.
void write_dry_run(JsonWriter& w, bool dry_run, const std::string& diff) {
  w.key("dry_run").value(dry_run);
  w.key("diff");
  dry_run ? w.value(diff) : w.null();
}

}  // namespace

void write_list_json(const Source& src, const Plan& plan, const std::vector<std::size_t>& shown,
                     const Sink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  detail::write_header(w, "list");
  w.key("file").value(src.name());
  w.key("tasks").begin_array();
  for (std::size_t i : shown) detail::write_task(w, plan, plan.tasks[i]);
  w.end_array();
  w.end_object();
  w.finish();
}

void write_next_json(const Source& src, const Plan& plan, const NextTask& next, const Sink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  detail::write_header(w, "next");
  w.key("file").value(src.name());
  w.key("task");
  next.task ? detail::write_task(w, plan, plan.tasks[*next.task]) : void(w.null());
  w.key("reason").value(next.reason);
  w.end_object();
  w.finish();
}

void write_status_json(const Source& src, const Plan& plan, const Progress& p, const Sink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  detail::write_header(w, "status");
  w.key("file").value(src.name());
  write_tally(w, p.all);
  w.key("counts").begin_object(/*flat=*/true);
  for (int i = 0; i < kStatusCount; ++i)
    w.key(to_string(static_cast<Status>(i))).value(static_cast<std::uint64_t>(p.counts[i]));
  w.end_object();
  w.key("phases").begin_array();
  for (std::size_t i = 0; i < p.phases.size(); ++i) {
    w.begin_object(/*flat=*/true);
    w.key("number").value(plan.phases[i].number).key("name").value(plan.phases[i].name);
    write_tally(w, p.phases[i]);
    w.end_object();
  }
  w.end_array();
  w.key("current");
  p.current ? detail::write_task(w, plan, plan.tasks[*p.current]) : void(w.null());
  w.end_object();
  w.finish();
}

void write_edit_json(const EditOutcome& o, const Sink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  detail::write_header(w, "edit");
  w.key("file").value(o.file);
  w.key("written").value(o.written);
  w.key("changes").begin_array();
  for (const StatusChange& c : o.changes) {
    w.begin_object(/*flat=*/true);
    w.key("ordinal").value(static_cast<std::uint64_t>(c.ordinal)).key("id").value(c.id);
    w.key("from").value(to_string(c.from)).key("to").value(to_string(c.to));
    w.key("changed").value(c.changed()).key("line").value(c.line);
    w.end_object();
  }
  w.end_array();
  w.key("refused");
  o.refused.empty() ? void(w.null()) : void(w.value(o.refused));
  w.key("warnings").begin_array();
  for (const EditWarning& x : o.warnings) {
    w.begin_object(/*flat=*/true);
    w.key("rule").value(x.rule).key("message").value(x.message);
    w.end_object();
  }
  w.end_array();
  write_dry_run(w, o.dry_run, o.diff);
  w.end_object();
  w.finish();
}

void write_add_json(const AddOutcome& o, const Sink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  detail::write_header(w, "add");
  w.key("file").value(o.file);
  w.key("written").value(o.written);
  w.key("id").value(o.id);
  w.key("line").value(o.line);
  w.key("refused");
  o.refused.empty() ? void(w.null()) : void(w.value(o.refused));
  write_dry_run(w, o.dry_run, o.diff);
  w.end_object();
  w.finish();
}

}  // namespace wildplan
