#pragma once
// The agent's todo list as its tool calls build it, for the readers: whole lists (TodoWrite,
// update_plan, write_todos, todowrite, a codex `todo_list` item) replace it; TaskCreate and
// TaskUpdate (and Cursor's merge) change one item by id. Calls are replayed in file order.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "transcripts/record.hpp"
#include "wildplan/transcript.hpp"

namespace wildplan::detail {

/// A tool's status word as wildplan's status: pending/todo/open -> todo, in_progress (and
/// in-progress, TODO_STATUS_IN_PROGRESS) -> in_progress, completed/done/resolved -> done,
/// cancelled/canceled -> cancelled, blocked -> blocked, anything else -> other. Deleted is not a
/// status: is_deleted() says so.
Status todo_status(std::string_view word);
bool is_deleted(std::string_view word);

/// Which fields of a line hold a todo list's items: each item is the element of the innermost
/// array (Field::index); `outer`, when given, keeps only the fields of that element of the array
/// around it (a tool call among a message's content items).
struct TodoFields {
  int text = -1, status = -1, id = -1;
  std::optional<std::uint32_t> outer;
};

/// The items the fields describe, in order. A status field may be a string (todo_status()) or a
/// boolean (`completed`: done or todo); an item without text is left out.
std::vector<TodoItem> todo_items(const std::vector<Field>& fields, const TodoFields& which);

class TodoState {
 public:
  /// A whole list from `source`'s call at `line`.
  void replace(std::string_view source, std::uint32_t line, std::vector<TodoItem> items);
  /// A new item (TaskCreate). An id already in the list is replaced in place.
  void create(std::string_view source, std::uint32_t line, TodoItem item);
  /// Changes the item `id` (or `#id`, the id-th TaskCreate whose result was not read): its status
  /// (a deleted one leaves the list) and its text when given. An unknown id is added, so that
  /// nothing the agent said is lost.
  /// `counted`: this change is a call of its own (false for the second and later items of one
  /// call that changes several, Cursor's merge).
  void update(std::string_view source, std::uint32_t line, std::string_view id,
              std::optional<std::string_view> status, std::optional<std::string> text,
              bool counted = true);
  /// The item `from` is known as `to` from now on (TaskCreate's number, once its result says it).
  void rename(std::string_view from, std::string_view to);
  bool empty() const { return !list_; }
  /// The list; items still known by a provisional id (`#N`, a TaskCreate whose result was not
  /// read) are given `N`, items that never got a text are left out.
  std::optional<TodoList> take();

 private:
  TodoList& touch(std::string_view source, std::uint32_t line, bool counted = true);
  std::optional<TodoList> list_;
};

}  // namespace wildplan::detail
