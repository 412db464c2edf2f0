// history(): the timeline of a task file (history.hpp). The walk (Repository::walk_file) hands
// over the versions oldest first; each is parsed once and compared with the one before by
// diff_plans(), and the matches chain each task's track from version to version.
#include "wildplan/history.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <memory>
#include <unordered_map>

#include "history/trailers.hpp"
#include "wildplan/git.hpp"

namespace wildplan {
namespace {

namespace fs = std::filesystem;

/// How far along a status is: an advance is a move up this order.
int rank(Status s) {
  switch (s) {
    case Status::InProgress:
      return 1;
    case Status::Done:
    case Status::Cancelled:
      return 2;
    default:
      return 0;
  }
}

bool closed(Status s) { return s == Status::Done || s == Status::Cancelled; }

/// `file` (relative to the current directory, or absolute) relative to the work tree's `top`.
std::string path_in_work_tree(const std::string& file, const std::string& top) {
  if (file.empty()) throw Error("name the task file whose history to show");
  if (top.empty()) {  // a bare repository: the path is the repository's own
    if (fs::path(file).is_absolute())
      throw Error("'" + file + "': a bare repository has no work tree");
    return fs::path(file).lexically_normal().generic_string();
  }
  std::error_code ec;
  const fs::path abs = fs::weakly_canonical(fs::absolute(file, ec), ec);
  const fs::path root = fs::weakly_canonical(fs::path(top), ec);
  const fs::path rel = abs.lexically_relative(root);
  const std::string s = rel.generic_string();
  if (rel.empty() || s == "." || s.starts_with("../") || s == "..") {
    throw Error("'" + file + "' is outside the repository's work tree '" + top + "'");
  }
  return s;
}

/// One version of the file: its plan, and the track of each of its tasks.
struct Version {
  bool present = false;
  Plan plan;
  std::vector<std::size_t> tracks;
  std::string bytes;  // what `plan` was read from
};

/// A status change counted by the status it reaches, and as an advance when it moves forward.
void count_status_change(ChangeTally& tally, Status from, Status to) {
  if (rank(to) > rank(from)) ++tally.advanced;
  switch (to) {
    case Status::Done:
      ++tally.done;
      break;
    case Status::InProgress:
      ++tally.started;
      break;
    case Status::Cancelled:
      ++tally.cancelled;
      break;
    case Status::Blocked:
      ++tally.blocked;
      break;
    default:
      ++tally.reopened;
      break;
  }
}

/// The boxes a loop writes, whose change never changes the Markdown's structure.
bool plain_box(char c) {
  return c == ' ' || c == 'x' || c == 'X' || c == '/' || c == '-' || c == '!';
}

/// `was` with some boxes changed, when `bytes` differs from `was.bytes` in task boxes only (the
/// loop's usual edit: a task marked started or done), else none. Such a version reads as `was`
/// does but for those tasks' statuses, so it is not parsed again (a third of the time of a long
/// history went to parsing). Only the tasks and phases are kept: history reads no more.
std::optional<Plan> boxes_changed(const Version& was, std::string_view bytes,
                                  const StatusMap& map) {
  if (!was.present || bytes.size() != was.bytes.size()) return std::nullopt;
  std::optional<Plan> out;
  std::size_t from = 0;
  for (std::size_t i = 0; i < was.plan.tasks.size(); ++i) {
    const Task& t = was.plan.tasks[i];
    if (t.box_span.size() != 3) return std::nullopt;
    const std::size_t at = t.box_span.begin + 1;
    if (at < from || at >= bytes.size()) return std::nullopt;
    if (bytes.compare(from, at - from, std::string_view(was.bytes).substr(from, at - from)) != 0)
      return std::nullopt;
    from = at + 1;
    if (bytes[at] == t.box) continue;
    if (!plain_box(t.box) || !plain_box(bytes[at]) || map[bytes[at]] == Status::Other)
      return std::nullopt;
    if (!out) {  // what history reads of a plan: its tasks and phases
      out.emplace();
      out->phases = was.plan.phases;
      out->tasks = was.plan.tasks;
    }
    out->tasks[i].box = bytes[at];
    out->tasks[i].status = map[bytes[at]];
  }
  if (bytes.compare(from, std::string_view::npos, std::string_view(was.bytes).substr(from)) != 0)
    return std::nullopt;
  return out;
}

class Builder {
 public:
  Builder(History& h, const HistoryRequest& req) : h_(h), req_(req) {}

  void visit(const FileVersion& v);
  void finish();

 private:
  /// The version `v` hands over, read: parsed, or `was` with its boxes changed.
  Version read(const FileVersion& v, const Version& was) const;
  const Version& before(const FileVersion& v) const;
  void keep(const FileVersion& v, Version&& version);
  void changed_version(const FileVersion& v, HistoryEntry& e);
  void record(HistoryEntry& e, const PlanDiff& d, const Version& was, Version& now);
  void set_state(TaskTrack& t, std::size_t entry, Status s);

  History& h_;
  const HistoryRequest& req_;
  Version last_;  // the version before, on first parents
  // With every parent: each version by its blob id, since a commit is compared with its first
  // parent's version, which need not be the last one seen.
  std::unordered_map<std::string, Version> by_blob_;
  Version none_;       // no file
  bool seen_ = false;  // a version was seen (the base counts)
  std::optional<std::int64_t> base_time_;
};

Version Builder::read(const FileVersion& v, const Version& was) const {
  Version out;
  out.present = v.present;
  if (!v.present) return out;
  out.bytes = std::string(v.bytes);
  if (auto plan = boxes_changed(was, v.bytes, req_.statuses)) {
    out.plan = std::move(*plan);
  } else {
    const Source src(h_.file, out.bytes);
    out.plan = std::move(*parse_plan(src, std::nullopt, ParseOptions{req_.statuses}).value);
  }
  return out;
}

const Version& Builder::before(const FileVersion& v) const {
  if (!req_.all_parents) return last_;
  const auto it = by_blob_.find(std::string(v.before));
  return it == by_blob_.end() ? none_ : it->second;  // none: a parent below --since
}

void Builder::keep(const FileVersion& v, Version&& version) {
  if (req_.all_parents) {
    if (v.present) by_blob_.insert_or_assign(std::string(v.blob), version);
  }
  last_ = std::move(version);
}

void Builder::set_state(TaskTrack& t, std::size_t entry, Status s) {
  if (!t.states.empty() && t.states.back().first == entry) {
    t.states.back().second = s;
  } else {
    t.states.emplace_back(entry, s);
  }
  if (s == Status::InProgress && t.status != Status::InProgress) t.started = entry;
  if (s == Status::Done) {
    if (t.status != Status::Done) t.done = entry;
  } else {
    t.done.reset();
  }
  t.status = s;
}

void Builder::visit(const FileVersion& v) {
  if (v.base) {
    base_time_ = v.time;
    h_.since = std::string(v.commit);
    Version base = read(v, none_);
    for (const Task& t : base.plan.tasks) {
      base.tracks.push_back(h_.tasks.size());
      TaskTrack& track = h_.tasks.emplace_back();
      track.id = t.id, track.title = t.title;
      set_state(track, 0, t.status);
    }
    seen_ = v.present;
    keep(v, std::move(base));
    return;
  }
  if (!v.changed && !seen_) return;  // an iteration before the file existed
  HistoryEntry e;
  e.commit = std::string(v.commit);
  e.subject = std::string(v.message.substr(0, v.message.find('\n')));
  e.time = v.time;
  e.offset = v.offset;
  e.session = detail::trailer(v.message, "Wild-Session");
  if (const auto it = detail::trailer(v.message, "Wild-Iteration")) {
    std::int64_t n = 0;
    const auto r = std::from_chars(it->data(), it->data() + it->size(), n);
    if (r.ec == std::errc() && r.ptr == it->data() + it->size() && n >= 0) e.iteration = n;
  }
  if (v.changed) {
    changed_version(v, e);
  } else {
    e.file = FileDelta::Unchanged;
    e.counts = before(v).plan.counts();
  }
  h_.entries.push_back(std::move(e));
}

void Builder::changed_version(const FileVersion& v, HistoryEntry& e) {
  const Version& was = before(v);
  const bool existed = !v.before.empty();
  e.file = !v.present ? FileDelta::Deleted : existed ? FileDelta::Modified : FileDelta::Added;
  Version now = read(v, was);
  const PlanDiff d = diff_plans(was.plan, now.plan);
  now.tracks.resize(now.plan.tasks.size());
  record(e, d, was, now);
  const ChangeTally& t = e.tally;
  const std::size_t rewritten = t.added + t.removed + t.reworded;
  e.replan = existed && v.present && t.removed + t.reworded > 0 &&
             rewritten >= std::max<std::size_t>(3, (was.plan.tasks.size() + 3) / 4);
  e.counts = now.plan.counts();
  seen_ = true;
  keep(v, std::move(now));
}

void Builder::record(HistoryEntry& e, const PlanDiff& d, const Version& was, Version& now) {
  const std::size_t entry = h_.entries.size();
  const Plan& old_plan = was.plan;
  const Plan& cur = now.plan;
  for (std::size_t j = 0; j < cur.tasks.size(); ++j) {
    if (const auto m = d.match_of_after[j]) {
      now.tracks[j] = was.tracks[*m];
    } else {
      now.tracks[j] = h_.tasks.size();
      TaskTrack& track = h_.tasks.emplace_back();
      track.added = entry;
      track.status = cur.tasks[j].status;
      track.states.emplace_back(entry, cur.tasks[j].status);
      if (cur.tasks[j].status == Status::InProgress) track.started = entry;
      if (cur.tasks[j].status == Status::Done) track.done = entry;
    }
  }
  ChangeTally& tally = e.tally;
  const auto phase = [](const Plan& p, const Task& t) {
    return t.phase ? p.phases[*t.phase].number : std::string("-");
  };
  for (const Change& c : d.changes) {
    const Task* a = c.before ? &old_plan.tasks[*c.before] : nullptr;
    const Task* b = c.after ? &cur.tasks[*c.after] : nullptr;
    HistoryChange& hc = e.changes.emplace_back();
    hc.kind = c.kind;
    hc.task = b ? now.tracks[*c.after] : was.tracks[*c.before];
    hc.id = (b ? b : a)->id;
    hc.title = (b ? b : a)->title;
    if (a) hc.old_line = a->pos.line;
    if (b) hc.new_line = b->pos.line;
    TaskTrack& track = h_.tasks[hc.task];
    switch (c.kind) {
      case ChangeKind::Added:
        ++tally.added;
        if (rank(b->status) > 0) ++tally.advanced;
        break;
      case ChangeKind::Removed:
        ++tally.removed;
        if (!closed(a->status)) ++tally.dropped;
        track.removed = entry;
        break;
      case ChangeKind::StatusChanged:
        hc.from_status = a->status, hc.to_status = b->status;
        count_status_change(tally, a->status, b->status);
        set_state(track, entry, b->status);
        break;
      case ChangeKind::Renumbered:
        ++tally.renumbered;
        hc.old_id = a->id;
        break;
      case ChangeKind::Reworded:
        ++tally.reworded;
        hc.old_title = a->title;
        break;
      case ChangeKind::Moved:
        ++tally.moved;
        hc.from_phase = phase(old_plan, *a), hc.to_phase = phase(cur, *b);
        break;
      case ChangeKind::FieldsChanged:
        ++tally.fields;
        break;
    }
  }
  for (std::size_t j = 0; j < cur.tasks.size(); ++j) {
    TaskTrack& track = h_.tasks[now.tracks[j]];
    track.id = cur.tasks[j].id;
    track.title = cur.tasks[j].title;
  }
}

}  // namespace

const char* to_string(FileDelta c) {
  switch (c) {
    case FileDelta::Added:
      return "added";
    case FileDelta::Modified:
      return "modified";
    case FileDelta::Deleted:
      return "deleted";
    case FileDelta::Unchanged:
      return "unchanged";
  }
  return "modified";
}

std::size_t HistoryEntry::total() const {
  std::size_t n = 0;
  for (std::size_t c : counts) n += c;
  return n;
}

bool TaskTrack::open() const { return !removed && !closed(status); }
bool TaskTrack::vanished() const { return removed && !closed(status); }

namespace detail {
void finish_history(History& h);  // summary.cpp
}

History history(const HistoryRequest& req) {
  const Repository repo(req.repo);
  History h;
  h.repository = repo.info().workdir;
  h.file = path_in_work_tree(req.file, h.repository);
  h.session = req.session;
  h.all_parents = req.all_parents;
  Builder b(h, req);
  FileWalk walk;
  walk.path = h.file;
  walk.since = req.since;
  walk.all_parents = req.all_parents;
  walk.keep_unchanged = [&req](std::string_view message) {
    if (!detail::trailer(message, "Wild-Iteration")) return false;
    return !req.session || detail::trailer(message, "Wild-Session") == *req.session;
  };
  h.commits_walked = repo.walk_file(walk, [&b](const FileVersion& v) { b.visit(v); });
  b.finish();
  if (req.stalled) h.stall = check_stalled(h, *req.stalled);
  return h;
}

namespace {

void Builder::finish() {
  // The file's session, when none was asked for: its latest commit's that names one.
  if (!h_.session) {
    for (auto it = h_.entries.rbegin(); it != h_.entries.rend(); ++it) {
      if (it->file != FileDelta::Unchanged && it->session) {
        h_.session = it->session;
        break;
      }
    }
  }
  // Iteration commits of other sessions (or of none) that left the file alone are not its
  // entries. They changed no track, so only the tracks' entry numbers move.
  std::vector<std::size_t> renumber(h_.entries.size());
  std::vector<HistoryEntry> kept;
  for (std::size_t i = 0; i < h_.entries.size(); ++i) {
    HistoryEntry& e = h_.entries[i];
    renumber[i] = kept.size();
    if (e.file == FileDelta::Unchanged && (!h_.session || e.session != h_.session)) continue;
    kept.push_back(std::move(e));
  }
  h_.entries = std::move(kept);
  if (h_.entries.empty()) {
    // Only the --since version, or iterations of another session: nothing happened to a task.
    h_.tasks.clear();
  }
  // The tracks refer to the entries that changed the file, and to entry 0 (the --since
  // version's tasks), which were all kept.
  const auto at = [&](std::size_t i) { return i < renumber.size() ? renumber[i] : i; };
  for (TaskTrack& t : h_.tasks) {
    t.added = at(t.added);
    for (auto* o : {&t.started, &t.done, &t.removed}) {
      if (*o) *o = at(**o);
    }
    for (auto& s : t.states) s.first = at(s.first);
  }
  for (std::size_t i = 0; i < h_.entries.size(); ++i) {
    if (i > 0) {
      h_.entries[i].since_previous = h_.entries[i].time - h_.entries[i - 1].time;
    } else if (base_time_) {
      h_.entries[i].since_previous = h_.entries[i].time - *base_time_;
    }
  }
  detail::finish_history(h_);
}

}  // namespace

}  // namespace wildplan
