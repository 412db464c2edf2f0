// status_edit: the tasks a status edit names, and the bytes it changes (edit.hpp).
#include <algorithm>

#include "wildplan/edit.hpp"

namespace wildplan {

StatusEdit status_edit(const Source& src, const Plan& plan, const StatusRequest& request,
                       const StatusMap& statuses) {
  std::vector<std::size_t> targets;
  auto add = [&](const std::string& ref, bool match) {
    const Resolution r = resolve_task(plan, ref, match);
    if (!r.index) throw Error(r.error);
    targets.push_back(*r.index);
  };
  for (const auto& id : request.ids) add(id, false);
  for (const auto& m : request.matches) add(m, true);
  if (targets.empty()) throw Error("name a task: an id, #N, or --match TEXT");
  const auto box = statuses.box_for(request.target);
  if (!box) {
    throw Error(std::string("no box character means '") + to_string(request.target) +
                "' in this file's status map: map one in the configuration");
  }
  StatusEdit out;
  for (std::size_t i : targets) {
    const Task& t = plan.tasks[i];
    if (std::any_of(out.changes.begin(), out.changes.end(),
                    [&](const StatusChange& c) { return c.ordinal == t.ordinal; }))
      continue;
    out.changes.push_back({t.ordinal, t.id, t.title, t.status, request.target, t.pos.line});
    if (t.box != *box && t.status != request.target) out.edits.push_back(set_box(t, *box));
    if (request.reason) out.edits.push_back(set_field(src, t, "reason", *request.reason));
  }
  return out;
}

}  // namespace wildplan
