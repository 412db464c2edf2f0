// The results of the verbs that change files: apply's outcome (with its commit), and the task
// edits' (check, start, ..., add). to_json() gives the CLI's document (write_apply_json,
// write_edit_json, write_add_json).
#include "common.hpp"

namespace wildplan::python {
namespace {

template <typename T, typename Owner>
std::shared_ptr<T> part_of(const std::shared_ptr<Owner>& owner, const T& part) {
  return std::shared_ptr<T>(owner, const_cast<T*>(&part));
}

py::list strings(const std::vector<std::string>& v) {
  py::list out;
  for (const auto& s : v) out.append(to_str(s));
  return out;
}

/// A commit made (or not) by apply: the CommitResult and apply's reason and snapshot flag.
struct CommitView {
  std::shared_ptr<const ApplyOutcome> outcome;
  const CommitResult& result() const {
    static const CommitResult none;
    return outcome->commit ? *outcome->commit : none;
  }
};

void bind_commit(py::module_& m) {
  py::class_<CommitView>(m, "Commit",
                         "What apply's commit step did: committed, the commit id, or the reason "
                         "nothing was committed.")
      .def_property_readonly("committed", [](const CommitView& c) { return c.result().committed; })
      .def_property_readonly("id",
                             [](const CommitView& c) -> py::object {
                               return c.result().id.empty() ? py::object(py::none())
                                                            : to_str(c.result().id);
                             })
      .def_property_readonly("reason",
                             [](const CommitView& c) { return to_str(c.outcome->commit_reason); })
      .def_property_readonly("branch",
                             [](const CommitView& c) { return to_str(c.result().branch); })
      .def_property_readonly("first", [](const CommitView& c) { return c.result().first; })
      .def_property_readonly("detached", [](const CommitView& c) { return c.result().detached; })
      .def_property_readonly("staged",
                             [](const CommitView& c) { return strings(c.result().staged); })
      .def_property_readonly(
          "left_out",
          [](const CommitView& c) {
            py::list out;
            for (const LeftOut& l : c.result().left_out)
              out.append(py::make_tuple(to_str(l.path), to_str(to_string(l.reason))));
            return out;
          })
      .def_property_readonly("snapshot_renewed",
                             [](const CommitView& c) { return c.outcome->snapshot_renewed; })
      .def("__repr__", [](const CommitView& c) {
        return to_str(c.result().committed ? "<Commit " + c.result().id.substr(0, 12) + ">"
                                           : "<Commit not made: " + c.outcome->commit_reason + ">");
      });
}

void bind_apply(py::module_& m) {
  using Ptr = std::shared_ptr<ApplyOutcome>;
  py::class_<ApplyError>(m, "ApplyError",
                         "The step of apply that failed (stage) and why (message).")
      .def_property_readonly("stage", [](const ApplyError& e) { return to_str(e.stage); })
      .def_property_readonly("message", [](const ApplyError& e) { return to_str(e.message); })
      .def("__repr__", [](const ApplyError& e) {
        return to_str("<ApplyError " + e.stage + ": " + e.message + ">");
      });
  py::class_<ApplyOutcome, Ptr>(m, "ApplyOutcome",
                                "Everything apply did and found, whatever failed. to_json(): "
                                "`apply --json`'s whole document.")
      .def_property_readonly("iteration", [](const ApplyOutcome& o) { return o.iteration; })
      .def_property_readonly("reply",
                             [](const Ptr& o) -> py::object {
                               if (!o->reply) return py::none();
                               return py::cast(part_of(o, *o->reply));
                             })
      .def_property_readonly("tasks_path",
                             [](const ApplyOutcome& o) { return to_str(o.tasks_path); })
      .def_property_readonly("tasks_origin",
                             [](const ApplyOutcome& o) { return to_string(o.tasks_origin); })
      .def_property_readonly("existed", [](const ApplyOutcome& o) { return o.existed; })
      .def_property_readonly("written", [](const ApplyOutcome& o) { return o.written; })
      .def_property_readonly("action",
                             [](const ApplyOutcome& o) { return to_string(o.decision.action); })
      .def_property_readonly("reason",
                             [](const ApplyOutcome& o) { return to_str(o.decision.reason); })
      .def_property_readonly("drift",
                             [](const Ptr& o) -> py::object {
                               if (!o->decision.drift) return py::none();
                               return py::cast(part_of(o, *o->decision.drift));
                             })
      .def_property_readonly("removed",
                             [](const Ptr& o) {
                               py::list out;
                               if (!o->decision.drift) return out;
                               auto before = part_of(o, o->decision.drift->before);
                               for (std::size_t i : o->decision.removed)
                                 out.append(TaskRef{before, i});
                               return out;
                             })
      .def_property_readonly("tasks",
                             [](const Ptr& o) -> py::object {
                               if (!o->tasks) return py::none();
                               return py::cast(part_of(o, *o->tasks));
                             })
      .def_property_readonly("validation",
                             [](const Ptr& o) -> py::object {
                               if (!o->validation || !o->tasks) return py::none();
                               return py::cast(std::make_shared<ValidationResult>(
                                   ValidationResult{part_of(o, *o->tasks), *o->validation}));
                             })
      .def_property_readonly("diagnostics",
                             [](const ApplyOutcome& o) {
                               py::list out;
                               for (const Diagnostic& d : o.diagnostics) out.append(py::cast(d));
                               return out;
                             })
      .def_property_readonly("reply_diagnostics",
                             [](const ApplyOutcome& o) { return o.reply_diagnostics; })
      .def_property_readonly("commit", [](const Ptr& o) { return CommitView{o}; })
      .def_property_readonly("error", [](const ApplyOutcome& o) { return o.error; })
      .def_property_readonly("failed", &ApplyOutcome::failed)
      .def_property_readonly("has_problems", &ApplyOutcome::has_problems)
      .def("to_json",
           [](const ApplyOutcome& o) {
             return render_json([&](const Sink& s) { write_apply_json(o, s); });
           })
      .def("to_text", [](const ApplyOutcome& o) { return to_str(render_apply_text(o)); })
      .def("__repr__", [](const ApplyOutcome& o) {
        return to_str("<ApplyOutcome iteration " + std::to_string(o.iteration) + ": tasks " +
                      to_string(o.decision.action) +
                      (o.error ? ", failed at " + o.error->stage : "") + ">");
      });
}

void bind_edits(py::module_& m) {
  py::class_<StatusChange>(m, "StatusChange",
                           "One task a status edit named: its status before and after.")
      .def_property_readonly("ordinal", [](const StatusChange& c) { return c.ordinal; })
      .def_property_readonly("id",
                             [](const StatusChange& c) -> py::object {
                               return c.id.empty() ? py::object(py::none()) : to_str(c.id);
                             })
      .def_property_readonly("title", [](const StatusChange& c) { return to_str(c.title); })
      .def_property_readonly("before", [](const StatusChange& c) { return status_enum(c.from); })
      .def_property_readonly("after", [](const StatusChange& c) { return status_enum(c.to); })
      .def_property_readonly("line", [](const StatusChange& c) { return c.line; })
      .def_property_readonly("changed", &StatusChange::changed)
      .def("__repr__", [](const StatusChange& c) {
        return to_str("<StatusChange #" + std::to_string(c.ordinal) + " " + to_string(c.from) +
                      " -> " + to_string(c.to) + ">");
      });
  py::class_<EditOutcome, std::shared_ptr<EditOutcome>>(
      m, "EditOutcome",
      "What a status edit (check, start, ...) did to its file. to_json(): `check --json`.")
      .def_property_readonly("file", [](const EditOutcome& o) { return to_str(o.file); })
      .def_property_readonly("written", [](const EditOutcome& o) { return o.written; })
      .def_property_readonly("changes", [](const EditOutcome& o) { return o.changes; })
      .def_property_readonly("dry_run", [](const EditOutcome& o) { return o.dry_run; })
      .def_property_readonly("diff", [](const EditOutcome& o) { return to_str(o.diff); })
      .def_property_readonly("refused",
                             [](const EditOutcome& o) -> py::object {
                               return o.refused.empty() ? py::object(py::none())
                                                        : to_str(o.refused);
                             })
      .def_property_readonly("warnings",
                             [](const EditOutcome& o) {
                               py::list out;
                               for (const EditWarning& w : o.warnings)
                                 out.append(py::make_tuple(to_str(w.rule), to_str(w.message)));
                               return out;
                             })
      .def("to_json",
           [](const EditOutcome& o) {
             return render_json([&](const Sink& s) { write_edit_json(o, s); });
           })
      .def("__repr__", [](const EditOutcome& o) {
        return to_str("<EditOutcome " + o.file + ": " + count_of(o.changes.size(), "task") +
                      (o.written ? ", written" : "") + ">");
      });
  py::class_<AddOutcome, std::shared_ptr<AddOutcome>>(
      m, "AddOutcome",
      "What add did to its file: the new task's id and line. to_json(): `add --json`.")
      .def_property_readonly("file", [](const AddOutcome& o) { return to_str(o.file); })
      .def_property_readonly("written", [](const AddOutcome& o) { return o.written; })
      .def_property_readonly("id",
                             [](const AddOutcome& o) -> py::object {
                               return o.id.empty() ? py::object(py::none()) : to_str(o.id);
                             })
      .def_property_readonly("line", [](const AddOutcome& o) { return o.line; })
      .def_property_readonly("dry_run", [](const AddOutcome& o) { return o.dry_run; })
      .def_property_readonly("diff", [](const AddOutcome& o) { return to_str(o.diff); })
      .def_property_readonly("refused",
                             [](const AddOutcome& o) -> py::object {
                               return o.refused.empty() ? py::object(py::none())
                                                        : to_str(o.refused);
                             })
      .def("to_json",
           [](const AddOutcome& o) {
             return render_json([&](const Sink& s) { write_add_json(o, s); });
           })
      .def("__repr__", [](const AddOutcome& o) {
        return to_str("<AddOutcome " + o.file +
                      (o.written ? ": added line " + std::to_string(o.line) : "") + ">");
      });
}

}  // namespace

void bind_outcomes(py::module_& m) {
  bind_commit(m);
  bind_apply(m);
  bind_edits(m);
}

}  // namespace wildplan::python
