// The calls: extract, read_reply, parse, read_tasks, validate, diff, apply, the status edits and
// add. Each converts its arguments, releases the GIL for the library call, and wraps the result.
// wildplan/__init__.py gives them their public signatures (keyword arguments, paths or text).
#include <chrono>

#include "common.hpp"

namespace wildplan::python {
namespace {

using SourcePtr = std::shared_ptr<const Source>;

/// The configuration named, else the defaults (never looked up from the current directory: a
/// library call does not depend on where the process happens to stand).
Config config_named(const std::optional<std::string>& path) {
  if (!path) return Config{};
  py::gil_scoped_release release;
  return load_config(path, ".").config;
}

/// A Source from a Source object, str, bytes or os.PathLike.
SourcePtr source_arg(const py::handle& text, const std::string& name) {
  if (py::isinstance<Source>(text)) return text.cast<std::shared_ptr<Source>>();
  return source_of(text, name);
}

InputFormat format_named(const std::string& name) {
  if (auto f = input_format_from_string(name)) return *f;
  throw py::value_error("input_format must be 'auto', 'text' or 'jsonl', not '" + name + "'");
}

std::optional<Profile> profile_named(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  if (auto p = profile_from_string(*name)) return p;
  throw py::value_error("unknown profile '" + *name + "' (auto, v2-planning, v2-phased, generic)");
}

/// What extract() and read_reply_at() read a reply with: the configuration's tags and status
/// map, the tags asked for, the format, the prompt (may be null).
ExtractOptions extract_options(const Config& cfg, const Source* prompt,
                               const std::vector<std::string>& tags, const std::string& format) {
  ExtractOptions options;
  options.format = format_named(format);
  options.tags = cfg.tags;
  options.tags.insert(options.tags.end(), tags.begin(), tags.end());
  options.parse.statuses = cfg.statuses;
  options.prompt = prompt;
  return options;
}

std::shared_ptr<Reply> extract(const py::handle& text, const py::handle& prompt,
                               const std::vector<std::string>& tags, const std::string& format,
                               const std::string& name, const std::optional<std::string>& config) {
  const Config cfg = config_named(config);
  const SourcePtr reply = source_arg(text, name);
  const SourcePtr prompt_src = prompt.is_none() ? nullptr : source_arg(prompt, "<prompt>");
  const ExtractOptions options = extract_options(cfg, prompt_src.get(), tags, format);
  py::gil_scoped_release release;
  return std::make_shared<Reply>(extract_reply(reply, options));
}

std::shared_ptr<Reply> read_reply_at(const std::string& path, const py::handle& prompt,
                                     const std::vector<std::string>& tags,
                                     const std::string& format,
                                     const std::optional<std::string>& config) {
  const Config cfg = config_named(config);
  const SourcePtr prompt_src = prompt.is_none() ? nullptr : source_arg(prompt, "<prompt>");
  const ExtractOptions options = extract_options(cfg, prompt_src.get(), tags, format);
  py::gil_scoped_release release;
  return std::make_shared<Reply>(read_reply(path, options));
}

std::shared_ptr<Document> parse_text(const py::handle& text, const std::string& name,
                                     const std::optional<std::string>& config) {
  const Config cfg = config_named(config);
  const SourcePtr src = source_arg(text, name);
  py::gil_scoped_release release;
  return std::make_shared<Document>(parse_document(src, std::nullopt, ParseOptions{cfg.statuses}));
}

/// The task file as the CLI finds it (locate(): named, session, $WILDPLAN_TASKS, ./tasks.md...)
/// with its configuration (found upward from it, unless named).
Workspace workspace(const std::optional<std::string>& file,
                    const std::optional<std::string>& session,
                    const std::optional<std::string>& config, const std::string& dir) {
  LocateRequest request;
  request.task_file = file;
  request.session = session;
  request.config = config;
  request.dir = dir;
  py::gil_scoped_release release;
  return locate(request);
}

std::shared_ptr<Document> read_tasks(const std::optional<std::string>& file,
                                     const std::optional<std::string>& session,
                                     const std::optional<std::string>& config,
                                     const std::string& dir) {
  const Workspace w = workspace(file, session, config, dir);
  py::gil_scoped_release release;
  return std::make_shared<Document>(read_document(w.task_file, ParseOptions{w.config.statuses}));
}

std::shared_ptr<ValidationResult> validate_doc(const std::shared_ptr<Document>& doc,
                                               const std::optional<std::string>& profile,
                                               const std::optional<std::string>& config,
                                               const std::optional<std::string>& goal) {
  const Config cfg = config_named(config);
  ValidateOptions options;
  options.config = &cfg;
  options.profile = profile_named(profile);
  options.goal = goal;
  py::gil_scoped_release release;
  return std::make_shared<ValidationResult>(ValidationResult{doc, validate(*doc, options)});
}

std::shared_ptr<Comparison> diff_docs(const std::shared_ptr<Document>& before,
                                      const std::shared_ptr<Document>& after) {
  py::gil_scoped_release release;
  return std::make_shared<Comparison>(compare(*before, *after));
}

std::shared_ptr<ApplyOutcome> apply(const py::kwargs& kw) {
  ApplyRequest r;
  r.reply = kw["reply"].cast<std::string>();
  auto opt = [&](const char* key) -> std::optional<std::string> {
    if (!kw.contains(key) || kw[key].is_none()) return std::nullopt;
    return kw[key].cast<std::string>();
  };
  auto flag = [&](const char* key) { return kw.contains(key) && kw[key].cast<bool>(); };
  r.prompt = opt("prompt");
  r.input_format = format_named(opt("input_format").value_or("auto"));
  r.tasks = opt("tasks");
  r.session = opt("session");
  r.repo = opt("repo").value_or(".");
  r.config = opt("config");
  r.profile = profile_named(opt("profile"));
  r.goal = opt("goal");
  r.author = opt("author");
  if (kw.contains("iteration")) r.iteration = kw["iteration"].cast<int>();
  r.replan = flag("replan");
  r.commit = flag("commit");
  r.from_snapshot = flag("from_snapshot");
  r.fail_on_error = flag("fail_on_error");
  if (kw.contains("exclude")) r.exclude = kw["exclude"].cast<std::vector<std::string>>();
  if (kw.contains("lock_timeout"))
    r.lock_timeout =
        std::chrono::milliseconds(static_cast<long>(kw["lock_timeout"].cast<double>() * 1000));
  py::gil_scoped_release release;
  return std::make_shared<ApplyOutcome>(apply_reply(r));
}

/// What a status edit is asked (the CLI's check/start/uncheck/cancel/block/set).
struct EditArgs {
  std::optional<std::string> file, session, config;
  std::vector<std::string> ids, matches;
  Status target = Status::Done;
  std::optional<std::string> reason;
  bool force = false, dry_run = false;
  double lock_timeout = 5.0;
};

LockOptions lock_of(double seconds) {
  LockOptions lock;
  lock.timeout = std::chrono::milliseconds(static_cast<long>(seconds * 1000));
  return lock;
}

std::shared_ptr<EditOutcome> edit_status(const EditArgs& a) {
  const Workspace w = workspace(a.file, a.session, a.config, ".");
  auto outcome = std::make_shared<EditOutcome>();
  outcome->file = w.task_file;
  outcome->dry_run = a.dry_run;
  py::gil_scoped_release release;
  auto change = [&](const Source& src) -> std::optional<std::string> {
    const Parsed<Plan> plan = parse_plan(src, std::nullopt, ParseOptions{w.config.statuses});
    StatusRequest request{a.ids, a.matches, a.target, a.reason, a.force};
    StatusEdit e = status_edit(src, *plan.value, request, w.config.statuses);
    outcome->changes = std::move(e.changes);
    outcome->refused = std::move(e.refused);
    outcome->warnings = std::move(e.warnings);
    if (e.edits.empty()) return std::nullopt;
    return apply_edits(src.bytes(), std::move(e.edits));
  };
  const FileChange done = change_file(w.task_file, change, a.dry_run, lock_of(a.lock_timeout));
  outcome->written = done.written;
  outcome->diff = done.diff;
  return outcome;
}

/// Where `add` puts the task: `phase`, `after` or `under` (references as resolve_task reads).
Placement placement_of(const Plan& plan, const std::optional<std::string>& phase,
                       const std::optional<std::string>& after,
                       const std::optional<std::string>& under) {
  Placement where;
  where.phase = phase;
  for (auto [ref, slot] : {std::pair{&after, &where.after}, std::pair{&under, &where.under}}) {
    if (!*ref) continue;
    const Resolution r = resolve_task(plan, **ref);
    if (!r.index) throw Error(r.error);
    *slot = r.index;
  }
  return where;
}

std::shared_ptr<AddOutcome> add(const std::string& text, const std::optional<std::string>& file,
                                const std::optional<std::string>& session,
                                const std::optional<std::string>& config,
                                const std::optional<std::string>& phase,
                                const std::optional<std::string>& after,
                                const std::optional<std::string>& under,
                                const std::vector<std::pair<std::string, std::string>>& fields,
                                bool force, bool dry_run, double lock_timeout) {
  if (text.find_first_of("\r\n") != std::string::npos)
    throw py::value_error("a task is one line: text holds a line break");
  if (text.find_first_not_of(" \t") == std::string::npos)
    throw py::value_error("a task needs text: text is empty");
  std::vector<FieldValue> values;
  for (const auto& [k, v] : fields) {
    if (!is_field_key(k)) throw py::value_error("not a field key: '" + k + "'");
    values.push_back({k, v});
  }
  const Workspace w = workspace(file, session, config, ".");
  auto outcome = std::make_shared<AddOutcome>();
  outcome->file = w.task_file;
  outcome->dry_run = dry_run;
  py::gil_scoped_release release;
  NewTask added;
  auto change = [&](const Source& src) -> std::optional<std::string> {
    const Parsed<Plan> parsed = parse_plan(src, std::nullopt, ParseOptions{w.config.statuses});
    const Plan& plan = *parsed.value;
    const Placement where = placement_of(plan, phase, after, under);
    const bool subtask = where.under || (where.after && plan.tasks[*where.after].parent);
    std::string missing;
    for (const std::string& key :
         subtask ? std::vector<std::string>{} : required_fields(plan, w.config)) {
      bool has = false;
      for (const FieldValue& f : values) has = has || f.key == key;
      if (!has) missing += " " + key;
    }
    if (!missing.empty() && !force) {
      outcome->refused =
          "a task of this phased plan (v2-phased) needs its deliverable and "
          "done-when: give fields" +
          missing + " (or force=True to add it without)";
      return std::nullopt;
    }
    added = add_task(src, plan, text, where, values);
    return apply_edits(src.bytes(), {added.edit});
  };
  const FileChange done = change_file(w.task_file, change, dry_run, lock_of(lock_timeout));
  outcome->written = done.written;
  outcome->diff = done.diff;
  outcome->id = added.id;
  outcome->line = added.line;
  return outcome;
}

}  // namespace

void bind_calls(py::module_& m) {
  using namespace py::literals;
  py::class_<Source, std::shared_ptr<Source>>(
      m, "Source", "Bytes and the name diagnostics give them; Source(os.PathLike) reads a file.")
      .def(py::init([](const py::handle& data, const std::string& name) {
             return std::const_pointer_cast<Source>(source_of(data, name));
           }),
           "data"_a, "name"_a = "<string>")
      .def_property_readonly("name", [](const Source& s) { return to_str(s.name()); })
      .def("__len__", &Source::size)
      .def("__bytes__", [](const Source& s) { return py::bytes(std::string(s.bytes())); })
      .def("__repr__", [](const Source& s) {
        return to_str("<Source " + s.name() + ": " + std::to_string(s.size()) + " bytes>");
      });
  m.def("extract", &extract, "text"_a, "prompt"_a, "tags"_a, "input_format"_a, "name"_a,
        "config"_a);
  m.def("read_reply", &read_reply_at, "path"_a, "prompt"_a, "tags"_a, "input_format"_a, "config"_a);
  m.def("parse", &parse_text, "text"_a, "name"_a, "config"_a);
  m.def("read_tasks", &read_tasks, "file"_a, "session"_a, "config"_a, "dir"_a);
  m.def("validate", &validate_doc, "plan"_a, "profile"_a, "config"_a, "goal"_a);
  m.def("diff", &diff_docs, "before"_a, "after"_a);
  m.def("apply", &apply);
  m.def(
      "edit_status",
      [](const std::optional<std::string>& file, const std::optional<std::string>& session,
         const std::optional<std::string>& config, const std::vector<std::string>& ids,
         const std::vector<std::string>& matches, const py::handle& target,
         const std::optional<std::string>& reason, bool force, bool dry_run, double lock_timeout) {
        EditArgs a{file,   session, config,  ids,         matches, status_of(target),
                   reason, force,   dry_run, lock_timeout};
        return edit_status(a);
      },
      "file"_a, "session"_a, "config"_a, "ids"_a, "matches"_a, "target"_a, "reason"_a, "force"_a,
      "dry_run"_a, "lock_timeout"_a);
  m.def("add", &add, "text"_a, "file"_a, "session"_a, "config"_a, "phase"_a, "after"_a, "under"_a,
        "fields"_a, "force"_a, "dry_run"_a, "lock_timeout"_a);
}

}  // namespace wildplan::python
