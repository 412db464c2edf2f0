// status_edit: the tasks a status edit names, whether it may be done, the bytes it changes, and
// what validate will say of the result (edit.hpp).
#include <algorithm>

#include "edit/lines.hpp"
#include "wildplan/edit.hpp"

namespace wildplan {
namespace {

bool is_open(Status s) {
  return s == Status::Todo || s == Status::InProgress || s == Status::Blocked;
}

std::string name_of(const Task& t) {
  return "#" + std::to_string(t.ordinal) + (t.id.empty() ? "" : " " + t.id);
}

/// The tasks `request` names, each once, in the order named.
std::vector<std::size_t> named_tasks(const Plan& plan, const StatusRequest& request) {
  std::vector<std::size_t> targets;
  auto add = [&](const std::string& ref, bool match) {
    const Resolution r = resolve_task(plan, ref, match);
    if (!r.index) throw Error(r.error);
    if (std::find(targets.begin(), targets.end(), *r.index) == targets.end())
      targets.push_back(*r.index);
  };
  for (const auto& id : request.ids) add(id, false);
  for (const auto& m : request.matches) add(m, true);
  if (targets.empty()) throw Error("name a task: an id, #N, or --match TEXT");
  return targets;
}

/// Why marking `targets` done would be wrong: a cancelled or blocked task, or one waiting on an
/// open dependency (one of `targets` counts as done). Empty when nothing stands in the way.
std::string why_not_done(const Plan& plan, const std::vector<std::size_t>& targets) {
  const auto deps = dependency_targets(plan);
  std::string why;
  auto add = [&](const std::string& reason) { why += (why.empty() ? "" : "; ") + reason; };
  for (std::size_t i : targets) {
    const Task& t = plan.tasks[i];
    if (t.status == Status::Cancelled || t.status == Status::Blocked) {
      add(name_of(t) + " is " + to_string(t.status));
      continue;
    }
    if (t.status == Status::Done) continue;
    for (std::size_t d : deps[i]) {
      const Task& dep = plan.tasks[d];
      const bool named = std::find(targets.begin(), targets.end(), d) != targets.end();
      if (is_open(dep.status) && !named) {
        add(name_of(t) + " waits on " + name_of(dep) + " (" + to_string(dep.status) + ")");
      }
    }
  }
  return why;
}

/// What validate will say of the file once `targets` have `target`: a second task in progress,
/// a task done with open subtasks (its optional ones aside).
std::vector<EditWarning> warnings_after(const Plan& plan, const std::vector<std::size_t>& targets,
                                        Status target) {
  std::vector<EditWarning> out;
  auto named = [&](std::size_t i) {
    return std::find(targets.begin(), targets.end(), i) != targets.end();
  };
  if (target == Status::InProgress) {
    std::size_t in_progress = 0;
    std::string others;
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
      if (named(i) || plan.tasks[i].status == Status::InProgress) ++in_progress;
      if (!named(i) && plan.tasks[i].status == Status::InProgress)
        others += (others.empty() ? "" : ", ") + name_of(plan.tasks[i]);
    }
    if (in_progress > 1) {
      out.push_back({"task-multiple-in-progress",
                     std::to_string(in_progress) + " tasks are in progress" +
                         (others.empty() ? "" : " (also " + others + ")") +
                         ": finish one before starting the next"});
    }
  }
  if (target == Status::Done) {
    for (std::size_t i : targets) {
      for (std::size_t c : plan.tasks[i].children) {
        const Task& ch = plan.tasks[c];
        if (ch.optional || named(c) || !is_open(ch.status)) continue;
        out.push_back({"parent-done-child-open",
                       "subtask " + name_of(ch) + " is " + to_string(ch.status) + " but its parent " +
                           name_of(plan.tasks[i]) +
                           " is done: finish it, cancel it, or reopen the parent"});
      }
    }
  }
  return out;
}

}  // namespace

StatusEdit status_edit(const Source& src, const Plan& plan, const StatusRequest& request,
                       const StatusMap& statuses) {
  const std::vector<std::size_t> targets = named_tasks(plan, request);
  const auto box = statuses.box_for(request.target);
  if (!box) {
    throw Error(std::string("no box character means '") + to_string(request.target) +
                "' in this file's status map: map one in the configuration");
  }
  StatusEdit out;
  for (std::size_t i : targets) {
    const Task& t = plan.tasks[i];
    out.changes.push_back({t.ordinal, t.id, t.title, t.status, request.target, t.pos.line});
  }
  if (request.target == Status::Done && !request.force) {
    out.refused = why_not_done(plan, targets);
    if (!out.refused.empty()) return out;
  }
  for (std::size_t i : targets) {
    const Task& t = plan.tasks[i];
    if (t.box != *box && t.status != request.target) out.edits.push_back(set_box(t, *box));
    if (request.reason) {
      out.edits.push_back(set_field(src, t, "reason", *request.reason));
    } else if ((t.status == Status::Cancelled || t.status == Status::Blocked) &&
               t.status != request.target && request.target != Status::Cancelled &&
               request.target != Status::Blocked) {
      // The reason it was cancelled or blocked no longer holds.
      if (auto e = remove_field(src, t, "reason")) out.edits.push_back(std::move(*e));
    }
  }
  out.warnings = warnings_after(plan, targets, request.target);
  return out;
}

}  // namespace wildplan
