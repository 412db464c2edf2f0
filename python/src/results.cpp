// The typed results of parse, extract, validate and diff: Diagnostic, Task, Plan, Reply and
// its parts, Validation, Diff. Read-only views of the library's values; to_json() calls the
// library's renderer, so it gives exactly the document the CLI prints.
#include <pybind11/stl.h>

#include "common.hpp"

namespace wildplan::python {
namespace {

using DocPtr = std::shared_ptr<Document>;

py::tuple span_tuple(Span s) { return py::make_tuple(s.begin, s.end); }

/// A shared_ptr to `part`, owned by `owner` (the aliasing constructor).
template <typename T, typename Owner>
std::shared_ptr<T> part_of(const std::shared_ptr<Owner>& owner, const T& part) {
  return std::shared_ptr<T>(owner, const_cast<T*>(&part));
}

py::list tasks_of(const DocPtr& doc, const std::vector<std::size_t>& indexes) {
  py::list out;
  for (std::size_t i : indexes) out.append(TaskRef{doc, i});
  return out;
}

py::list diagnostics_of(const std::vector<Diagnostic>& ds) {
  py::list out;
  for (const Diagnostic& d : ds) out.append(py::cast(d));
  return out;
}

py::dict counts_of(const std::array<std::size_t, kStatusCount>& counts) {
  py::dict out;
  for (int s = 0; s < kStatusCount; ++s) out[status_enum(Status(s))] = counts[std::size_t(s)];
  return out;
}

std::string diagnostic_repr(const Diagnostic& d) {
  return "<Diagnostic " + d.file + ":" + std::to_string(d.begin.line) + ":" +
         std::to_string(d.begin.column) + ": " + to_string(d.severity) + ": " + d.message + " [" +
         d.rule + "]>";
}

void bind_diagnostic(py::module_& m) {
  py::class_<Diagnostic>(m, "Diagnostic",
                         "One problem in the input: file, 1-based line and byte column (end too), "
                         "severity (error, warning, note), rule id, message.")
      .def_property_readonly("file", [](const Diagnostic& d) { return to_str(d.file); })
      .def_property_readonly("line", [](const Diagnostic& d) { return d.begin.line; })
      .def_property_readonly("column", [](const Diagnostic& d) { return d.begin.column; })
      .def_property_readonly("end_line", [](const Diagnostic& d) { return d.end.line; })
      .def_property_readonly("end_column", [](const Diagnostic& d) { return d.end.column; })
      .def_property_readonly("severity", [](const Diagnostic& d) { return to_string(d.severity); })
      .def_property_readonly("rule", [](const Diagnostic& d) { return to_str(d.rule); })
      .def_property_readonly("message", [](const Diagnostic& d) { return to_str(d.message); })
      .def_property_readonly("text_position",
                             [](const Diagnostic& d) -> py::object {
                               if (d.text_begin.line == 0) return py::none();
                               return py::make_tuple(d.text_begin.line, d.text_begin.column);
                             })
      .def("__str__", [](const Diagnostic& d) { return to_str(render_diagnostic(nullptr, d)); })
      .def("__repr__", [](const Diagnostic& d) { return to_str(diagnostic_repr(d)); });
}

void bind_task(py::module_& m) {
  py::class_<TaskRef>(m, "Task",
                      "One task of a plan: id, status (wildplan.Status), title, phase, fields, "
                      "line and byte span; keeps its plan alive.")
      .def_property_readonly("ordinal", [](const TaskRef& r) { return r.task().ordinal; })
      .def_property_readonly("id",
                             [](const TaskRef& r) -> py::object {
                               return r.task().id.empty() ? py::object(py::none())
                                                          : to_str(r.task().id);
                             })
      .def_property_readonly("id_kind",
                             [](const TaskRef& r) { return to_string(r.task().id_kind); })
      .def_property_readonly("status",
                             [](const TaskRef& r) { return status_enum(r.task().status); })
      .def_property_readonly("box",
                             [](const TaskRef& r) { return to_str(std::string(1, r.task().box)); })
      .def_property_readonly("title", [](const TaskRef& r) { return to_str(r.task().title); })
      .def_property_readonly("text", [](const TaskRef& r) { return to_str(r.task().text); })
      .def_property_readonly("optional", [](const TaskRef& r) { return r.task().optional; })
      .def_property_readonly("markers",
                             [](const TaskRef& r) {
                               py::list out;
                               for (const auto& s : r.task().markers) out.append(to_str(s));
                               return out;
                             })
      .def_property_readonly("fields",
                             [](const TaskRef& r) {
                               py::dict out;
                               for (const Field& f : r.task().fields)
                                 out[to_str(f.key)] = to_str(f.value);
                               return out;
                             })
      .def_property_readonly("depends",
                             [](const TaskRef& r) {
                               py::list out;
                               for (const auto& s : r.task().depends) out.append(to_str(s));
                               return out;
                             })
      .def_property_readonly("reason",
                             [](const TaskRef& r) { return to_str_or_none(task_reason(r.task())); })
      .def_property_readonly("phase",
                             [](const TaskRef& r) -> py::object {
                               const std::string_view n = phase_number(r.doc->plan, r.task());
                               return n.empty() ? py::object(py::none()) : to_str(n);
                             })
      .def_property_readonly("depth", [](const TaskRef& r) { return r.task().depth; })
      .def_property_readonly("parent",
                             [](const TaskRef& r) -> py::object {
                               if (!r.task().parent) return py::none();
                               return py::cast(TaskRef{r.doc, *r.task().parent});
                             })
      .def_property_readonly("children",
                             [](const TaskRef& r) {
                               return tasks_of(std::const_pointer_cast<Document>(r.doc),
                                               r.task().children);
                             })
      .def_property_readonly("line", [](const TaskRef& r) { return r.task().pos.line; })
      .def_property_readonly("column", [](const TaskRef& r) { return r.task().pos.column; })
      .def_property_readonly("span", [](const TaskRef& r) { return span_tuple(r.task().item); })
      .def_property_readonly("box_span",
                             [](const TaskRef& r) { return span_tuple(r.task().box_span); })
      .def("__eq__",
           [](const TaskRef& a, const TaskRef& b) { return a.doc == b.doc && a.index == b.index; })
      .def("__hash__",
           [](const TaskRef& r) { return std::hash<const void*>()(r.doc.get()) ^ r.index; })
      .def("__repr__", [](const TaskRef& r) {
        const Task& t = r.task();
        return to_str("<Task #" + std::to_string(t.ordinal) + (t.id.empty() ? "" : " " + t.id) +
                      " [" + std::string(1, t.box) + "] " + t.title + ">");
      });
}

void bind_plan(py::module_& m) {
  py::class_<Phase>(m, "Phase", "A phase of a phased plan: its number and name.")
      .def_property_readonly("number", [](const Phase& p) { return to_str(p.number); })
      .def_property_readonly("name", [](const Phase& p) { return to_str(p.name); })
      .def("__repr__",
           [](const Phase& p) { return to_str("<Phase " + p.number + ": " + p.name + ">"); });
  py::class_<Document, DocPtr>(
      m, "Plan",
      "A task list: its bytes, the plan parsed from them and the parse's diagnostics (a task file, "
      "or a reply's plan in the reply's own positions). to_json(): `parse --json`.")
      .def_property_readonly("name", [](const Document& d) { return to_str(d.name()); })
      .def_property_readonly("title",
                             [](const Document& d) -> py::object {
                               return d.plan.title.empty() ? py::object(py::none())
                                                           : to_str(d.plan.title);
                             })
      .def_property_readonly("tasks",
                             [](const DocPtr& d) {
                               std::vector<std::size_t> all(d->plan.tasks.size());
                               for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
                               return tasks_of(d, all);
                             })
      .def_property_readonly("phases", [](const Document& d) { return d.plan.phases; })
      .def_property_readonly("counts", [](const Document& d) { return counts_of(d.plan.counts()); })
      .def_property_readonly("diagnostics",
                             [](const Document& d) { return diagnostics_of(d.diagnostics); })
      .def_property_readonly("span", [](const Document& d) { return span_tuple(d.range); })
      .def_property_readonly("markdown",
                             [](const Document& d) { return to_str(range_markdown(d)); })
      .def_property_readonly(
          "source", [](const Document& d) { return py::bytes(std::string(d.src().bytes())); })
      .def(
          "task",
          [](const DocPtr& d, const std::string& ref) -> py::object {
            const Resolution r = resolve_task(d->plan, ref);
            if (!r.index) return py::none();
            return py::cast(TaskRef{d, *r.index});
          },
          py::arg("ref"))
      .def("next_task",
           [](const DocPtr& d) -> py::object {
             const NextTask n = choose_next(d->plan);
             if (!n.task) return py::none();
             return py::cast(TaskRef{d, *n.task});
           })
      .def("to_json",
           [](const Document& d) {
             return render_json([&](const Sink& s) { write_plan_json(d, d.diagnostics, s); });
           })
      .def("__len__", [](const Document& d) { return d.plan.tasks.size(); })
      .def("__repr__", [](const Document& d) {
        return to_str("<Plan " + d.name() + ": " + count_of(d.plan.tasks.size(), "task") + ">");
      });
}

void bind_reply(py::module_& m) {
  py::class_<Memory>(
      m, "Memory", "One lesson of <memories>: its tag (lower-cased; 'general' when none) and text.")
      .def_property_readonly("tag", [](const Memory& x) { return to_str(x.tag); })
      .def_property_readonly("text", [](const Memory& x) { return to_str(x.text); })
      .def("__repr__",
           [](const Memory& x) { return to_str("<Memory [" + x.tag + "] " + x.text + ">"); });
  py::class_<Signals, std::shared_ptr<Signals>>(
      m, "Signals",
      "The reply's signals, each from the block wildplan selected: promise (upper-cased), summary, "
      "reflection, continue_, memories, others.")
      .def_property_readonly("promise", [](const Signals& s) { return to_str_or_none(s.promise); })
      .def_property_readonly("summary", [](const Signals& s) { return to_str_or_none(s.summary); })
      .def_property_readonly("reflection",
                             [](const Signals& s) { return to_str_or_none(s.reflection); })
      .def_property_readonly("continue_", [](const Signals& s) { return s.continue_; })
      .def_property_readonly("memories", [](const Signals& s) { return s.memories; })
      .def_property_readonly("others", [](const Signals& s) {
        py::dict out;
        for (const auto& [name, value] : s.others) out[to_str(name)] = to_str_or_none(value);
        return out;
      });
  py::class_<BlockRef>(m, "Block",
                       "One <tag>...</tag> block of a reply (or an opening tag never closed), with "
                       "why it was passed over.")
      .def_property_readonly("tag",
                             [](const BlockRef& b) { return to_str(b.reply->tag_name(b.block())); })
      .def_property_readonly(
          "body", [](const BlockRef& b) { return to_str(b.reply->text().text(b.block().body)); })
      .def_property_readonly("span", [](const BlockRef& b) { return span_tuple(b.block().body); })
      .def_property_readonly(
          "line", [](const BlockRef& b) { return b.reply->line_of(b.block().open.begin); })
      .def_property_readonly("closed", [](const BlockRef& b) { return b.block().closed; })
      .def_property_readonly("in_fence", [](const BlockRef& b) { return b.block().in_fence; })
      .def_property_readonly("echoed", [](const BlockRef& b) { return b.block().echoed; })
      .def_property_readonly("placeholder", [](const BlockRef& b) { return b.block().placeholder; })
      .def_property_readonly("example", [](const BlockRef& b) { return b.block().example; })
      .def_property_readonly("selected",
                             [](const BlockRef& b) { return b.reply->selected == b.index; })
      .def("__repr__", [](const BlockRef& b) {
        return to_str("<Block <" + std::string(b.reply->tag_name(b.block())) + "> line " +
                      std::to_string(b.reply->line_of(b.block().open.begin)) + ">");
      });
  py::class_<Reply, std::shared_ptr<Reply>>(
      m, "Reply",
      "An extracted reply: the plan chosen (or None), the signals, every block, diagnostics. "
      "to_json(): `extract --json`.")
      .def_property_readonly("plan",
                             [](const std::shared_ptr<Reply>& r) -> py::object {
                               if (!r->plan) return py::none();
                               return py::cast(part_of(r, *r->plan));
                             })
      .def_property_readonly("signals",
                             [](const std::shared_ptr<Reply>& r) { return part_of(r, r->signals); })
      .def_property_readonly("blocks",
                             [](const std::shared_ptr<Reply>& r) {
                               py::list out;
                               for (std::size_t i = 0; i < r->blocks.size(); ++i)
                                 out.append(BlockRef{r, i});
                               return out;
                             })
      .def_property_readonly("plan_block",
                             [](const std::shared_ptr<Reply>& r) -> py::object {
                               if (!r->selected) return py::none();
                               return py::cast(BlockRef{r, *r->selected});
                             })
      .def_property_readonly("choice", [](const Reply& r) { return to_string(r.choice); })
      .def_property_readonly("diagnostics",
                             [](const Reply& r) { return diagnostics_of(r.diagnostics); })
      .def_property_readonly("text", [](const Reply& r) { return to_str(r.text().bytes()); })
      .def_property_readonly("is_transcript",
                             [](const Reply& r) { return r.transcript != nullptr; })
      .def_property_readonly("prompt_given", [](const Reply& r) { return r.prompt_given; })
      .def("to_json",
           [](const Reply& r) {
             return render_json([&](const Sink& s) { write_reply_json(r, s); });
           })
      .def("__repr__", [](const Reply& r) {
        return to_str("<Reply " + r.text().name() + ": " + count_of(r.blocks.size(), "block") +
                      ", plan " + to_string(r.choice) + ">");
      });
}

void bind_validation(py::module_& m) {
  py::class_<ValidationResult, std::shared_ptr<ValidationResult>>(
      m, "Validation",
      "A task list judged against a profile's rules: a sequence of Diagnostic, with the profile, "
      "counts and to_json() (`validate --format json`).")
      .def_property_readonly(
          "profile", [](const ValidationResult& v) { return to_string(v.validation.profile); })
      .def_property_readonly(
          "profile_reason",
          [](const ValidationResult& v) { return to_str(v.validation.profile_reason); })
      .def_property_readonly(
          "diagnostics",
          [](const ValidationResult& v) { return diagnostics_of(v.validation.diagnostics); })
      .def_property_readonly("errors",
                             [](const ValidationResult& v) { return v.validation.errors; })
      .def_property_readonly("warnings",
                             [](const ValidationResult& v) { return v.validation.warnings; })
      .def_property_readonly("notes", [](const ValidationResult& v) { return v.validation.notes; })
      .def_property_readonly(
          "counts", [](const ValidationResult& v) { return counts_of(v.validation.counts); })
      .def("__len__", [](const ValidationResult& v) { return v.validation.diagnostics.size(); })
      .def("__getitem__",
           [](const ValidationResult& v, py::ssize_t i) {
             const auto n = static_cast<py::ssize_t>(v.validation.diagnostics.size());
             if (i < 0) i += n;
             if (i < 0 || i >= n) throw py::index_error("diagnostic index out of range");
             return v.validation.diagnostics[std::size_t(i)];
           })
      .def("to_json",
           [](const ValidationResult& v) {
             return render_json([&](const Sink& s) {
               write_validation_json({ValidatedFile{&v.doc->src(), &v.validation}}, s);
             });
           })
      .def("__repr__", [](const ValidationResult& v) {
        return to_str("<Validation " + v.doc->name() + " (" + to_string(v.validation.profile) +
                      "): " + count_of(v.validation.errors, "error") + ", " +
                      count_of(v.validation.warnings, "warning") + ">");
      });
}

py::object task_or_none(const std::shared_ptr<Comparison>& c, const Document& d,
                        const std::optional<std::size_t>& i) {
  if (!i) return py::none();
  return py::cast(TaskRef{part_of(c, d), *i});
}

void bind_diff(py::module_& m) {
  py::class_<ChangeRef>(m, "Change",
                        "One change between two task lists: kind ('added', 'removed', "
                        "'status-changed', ...) and the task before and after.")
      .def_property_readonly("kind", [](const ChangeRef& c) { return to_string(c.change().kind); })
      .def_property_readonly("before",
                             [](const ChangeRef& c) {
                               auto cmp = std::const_pointer_cast<Comparison>(c.comparison);
                               return task_or_none(cmp, cmp->before, c.change().before);
                             })
      .def_property_readonly("after",
                             [](const ChangeRef& c) {
                               auto cmp = std::const_pointer_cast<Comparison>(c.comparison);
                               return task_or_none(cmp, cmp->after, c.change().after);
                             })
      .def("__repr__", [](const ChangeRef& c) {
        return to_str(std::string("<Change ") + to_string(c.change().kind) + ">");
      });
  py::class_<Comparison, std::shared_ptr<Comparison>>(
      m, "Diff", "Two task lists compared, task by task. to_json(): `diff --json`.")
      .def_property_readonly(
          "before", [](const std::shared_ptr<Comparison>& c) { return part_of(c, c->before); })
      .def_property_readonly(
          "after", [](const std::shared_ptr<Comparison>& c) { return part_of(c, c->after); })
      .def_property_readonly("changes",
                             [](const std::shared_ptr<Comparison>& c) {
                               py::list out;
                               for (std::size_t i = 0; i < c->diff.changes.size(); ++i)
                                 out.append(ChangeRef{c, i});
                               return out;
                             })
      .def_property_readonly("old_goal",
                             [](const Comparison& c) { return to_str_or_none(c.old_goal); })
      .def_property_readonly("new_goal",
                             [](const Comparison& c) { return to_str_or_none(c.new_goal); })
      .def_property_readonly("goal_changed", [](const Comparison& c) { return c.goal_changed(); })
      .def_property_readonly("equal", [](const Comparison& c) { return c.equal(); })
      .def("__len__", [](const Comparison& c) { return c.diff.changes.size(); })
      .def("to_json",
           [](const Comparison& c) {
             return render_json([&](const Sink& s) { write_diff_json(c, s); });
           })
      .def("__repr__", [](const Comparison& c) {
        return to_str("<Diff " + c.before.name() + " -> " + c.after.name() + ": " +
                      count_of(c.diff.changes.size(), "change") + ">");
      });
}

}  // namespace

void bind_results(py::module_& m) {
  bind_diagnostic(m);
  bind_task(m);
  bind_plan(m);
  bind_reply(m);
  bind_validation(m);
  bind_diff(m);
}

}  // namespace wildplan::python
