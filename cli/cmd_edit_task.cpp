// wildplan edit ID [--text TEXT...] [--field K=V]... [--depends IDS]: a task's title, fields
// and dependencies, on its own line.
#include <memory>

#include "task_edit_cmd.hpp"
#include "words.hpp"

namespace wildplan::cli {
namespace {

struct EditTaskOptions {
  TaskEditOptions edit;
  std::vector<std::string> text;    // the words after --text, up to the next option
  std::vector<std::string> fields;  // K=V; K= removes
  std::optional<std::string> depends;
};

/// `T1, T2 T3` as ids.
std::vector<std::string> id_list(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : std::string(text) + ",") {
    if (c == ',' || c == ' ' || c == '\t') {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  return out;
}

int run_edit_task(const EditTaskOptions& o, Terminal& term) {
  TaskChange change;
  if (!o.text.empty()) change.text = join_words(o.text);
  change.fields = field_values(o.fields, true);
  if (o.depends) change.depends = id_list(*o.depends);
  if (!change.text && change.fields.empty() && !change.depends)
    throw OptionError("nothing to change: give --text, --field or --depends");
  return run_task_edit(
      o.edit, term, "task-edit", "edited",
      [&](const Source& src, const Plan& plan, std::size_t index, const Config& config,
          TaskEditOutcome& out) -> std::optional<std::string> {
        std::string bytes = apply_edits(src.bytes(), edit_task(src, plan, index, change));
        const Plan after = parse_tasks(Source(src.name(), bytes), config);
        out.tasks.push_back(summarize(after, index));
        if (bytes == src.bytes()) return std::nullopt;
        return bytes;
      });
}

}  // namespace

Command make_edit_task(CLI::App& app) {
  auto o = std::make_shared<EditTaskOptions>();
  CLI::App* sub =
      app.add_subcommand("edit", "change a task's text, fields or dependencies on its line");
  sub->add_option("--text", o->text,
                  "the new title (id, tags and fields stay): the words up to the next option")
      ->expected(1, -1);
  sub->add_option("--field", o->fields, "KEY=VALUE sets a field, KEY= removes it (repeatable)")
      ->allow_extra_args(false);
  sub->add_option("--depends", o->depends,
                  "the ids it depends on, by commas or spaces ('' removes the field)");
  add_task_edit_options(sub, o->edit);
  sub->footer(
      "Examples:\n  wildplan edit P2-T1 --text Create the learning-rate sweep\n"
      "  wildplan edit 4 --field 'done-when=curves plotted' --field owner=\n"
      "  wildplan edit T005 --depends T002,T003\n");
  return {sub, [o](Terminal& term) { return run_edit_task(*o, term); }};
}

}  // namespace wildplan::cli
