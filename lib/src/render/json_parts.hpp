#pragma once
// Pieces that several JSON documents share (private): one shape for diagnostics and signals in
// every document that carries them.

#include <optional>
#include <string>
#include <vector>

#include "render/json_writer.hpp"
#include "wildplan/diagnostic.hpp"
#include "wildplan/diff.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/git.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/todos.hpp"

namespace wildplan::detail {

/// The string, or null.
void write_optional(JsonWriter& w, const std::optional<std::string>& s);
/// `"signals": {summary, promise, reflection, continue, memories}`, each null when absent.
void write_signals(JsonWriter& w, const Signals& signals);
/// `"diagnostics": [{file, line, column, end_line, end_column, severity, rule, message}]`.
void write_diagnostics(JsonWriter& w, const std::vector<Diagnostic>& diagnostics);

/// A task of the task-state documents, one line: {ordinal, id, status, marker, title, phase,
/// depth, line}.
void write_task(JsonWriter& w, const Plan& plan, const Task& t);
/// The members of a commit object, {committed, id, branch, first, detached, staged, left_out,
/// left_out_reasons}, inside an object the caller opened (and closes, after its own members).
void write_commit_members(JsonWriter& w, const CommitResult& c);
/// `"changes": [{kind, id, title, old_line, new_line, from?, to?}]`: a comparison's change list,
/// the one shape `diff` and `apply` print (a task outside phases is in phase "-").
void write_changes(JsonWriter& w, const Comparison& c);
/// `"todos": {source, line, updates, items[{text, status, id}]}`, or null (render_todos.cpp).
void write_todos(JsonWriter& w, const TodoList* todos);
/// `"values": {name: {format, found, valid, value}}`: the tags read as data (Reply::values).
void write_tag_values(JsonWriter& w, const Reply& r);
/// `"todo_sync": {mode, changed[], kept[], unmatched[]}`, or null.
void write_todo_sync(JsonWriter& w, const TodoSync* sync);
/// The apply report's lines for a todo sync (nothing without one).
void append_todo_sync_text(std::string& out, const TodoSync* sync);

/// `"version": 1, "kind": kind`, the first members of every document.
void write_header(JsonWriter& w, std::string_view kind);

}  // namespace wildplan::detail
