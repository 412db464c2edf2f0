#include "transcripts/todos.hpp"

#include <algorithm>
#include <cctype>

namespace wildplan::detail {
namespace {

/// `word` lower-cased, without a `TODO_STATUS_` prefix, `-` and ` ` read as `_`.
std::string normalise(std::string_view word) {
  std::string w;
  for (char c : word) {
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    w += l == '-' || l == ' ' ? '_' : l;
  }
  if (w.starts_with("todo_status_")) w.erase(0, 12);
  return w;
}

}  // namespace

Status todo_status(std::string_view word) {
  const std::string w = normalise(word);
  if (w == "pending" || w == "todo" || w == "open" || w == "not_started") return Status::Todo;
  if (w == "in_progress" || w == "inprogress" || w == "active") return Status::InProgress;
  if (w == "completed" || w == "complete" || w == "done" || w == "resolved") return Status::Done;
  if (w == "cancelled" || w == "canceled") return Status::Cancelled;
  if (w == "blocked") return Status::Blocked;
  return Status::Other;
}

bool is_deleted(std::string_view word) { return normalise(word) == "deleted"; }

std::vector<TodoItem> todo_items(const std::vector<Field>& fields, const TodoFields& which) {
  struct Slot {
    std::uint32_t index = 0;
    TodoItem item;
    bool has_text = false;
  };
  // Fields come in document order, so an item's fields are next to each other: a sparse array
  // (`[1, 1, ..., {"content": "x"}]`) costs one slot per item, not one per element.
  std::vector<Slot> slots;
  for (const Field& f : fields) {
    if (which.outer && f.outer != *which.outer) continue;
    if (f.id != which.text && f.id != which.status && f.id != which.id) continue;
    if (slots.empty() || slots.back().index != f.index) slots.push_back({f.index, {}, false});
    Slot& s = slots.back();
    if (f.id == which.text && f.kind == Field::Kind::String) {
      s.item.text = f.value;
      s.has_text = true;
    } else if (f.id == which.status) {
      if (f.kind == Field::Kind::String) s.item.status = todo_status(f.value);
      if (f.kind == Field::Kind::True) s.item.status = Status::Done;
      if (f.kind == Field::Kind::False) s.item.status = Status::Todo;
    } else if (f.id == which.id && (f.kind == Field::Kind::String || f.kind == Field::Kind::Number)) {
      s.item.id = f.value;
    }
  }
  std::vector<TodoItem> items;
  for (Slot& s : slots) {
    if (s.has_text) items.push_back(std::move(s.item));
  }
  return items;
}

TodoList& TodoState::touch(std::string_view source, std::uint32_t line, bool counted) {
  if (!list_) list_.emplace();
  list_->source.assign(source);
  list_->line = line;
  if (counted || list_->updates == 0) ++list_->updates;
  return *list_;
}

void TodoState::replace(std::string_view source, std::uint32_t line, std::vector<TodoItem> items) {
  touch(source, line).items = std::move(items);
}

void TodoState::create(std::string_view source, std::uint32_t line, TodoItem item) {
  TodoList& l = touch(source, line);
  auto it = std::find_if(l.items.begin(), l.items.end(),
                         [&](const TodoItem& t) { return !item.id.empty() && t.id == item.id; });
  if (it != l.items.end()) {
    *it = std::move(item);
  } else {
    l.items.push_back(std::move(item));
  }
}

void TodoState::rename(std::string_view from, std::string_view to) {
  if (!list_) return;
  for (TodoItem& t : list_->items) {
    if (t.id == from) t.id.assign(to);
  }
}

void TodoState::update(std::string_view source, std::uint32_t line, std::string_view id,
                       std::optional<std::string_view> status, std::optional<std::string> text,
                       bool counted) {
  TodoList& l = touch(source, line, counted);
  auto it = std::find_if(l.items.begin(), l.items.end(),
                         [&](const TodoItem& t) { return t.id == id; });
  if (it == l.items.end()) {
    it = std::find_if(l.items.begin(), l.items.end(), [&](const TodoItem& t) {
      return t.id.size() == id.size() + 1 && t.id[0] == '#' && t.id.ends_with(id);
    });
  }
  if (status && is_deleted(*status)) {
    if (it != l.items.end()) l.items.erase(it);
    return;
  }
  if (it == l.items.end()) {
    l.items.push_back({std::string(), Status::Todo, std::string(id)});
    it = l.items.end() - 1;
  }
  if (status) it->status = todo_status(*status);
  if (text) it->text = std::move(*text);
}

std::optional<TodoList> TodoState::take() {
  if (!list_) return std::nullopt;
  std::vector<TodoItem>& items = list_->items;
  // An item without text (a TaskUpdate of a task never created, a blank `content`) says nothing
  // a plan can hold.
  std::erase_if(items, [](const TodoItem& t) {
    return std::all_of(t.text.begin(), t.text.end(),
                       [](char c) { return static_cast<unsigned char>(c) <= ' '; });
  });
  for (TodoItem& t : items) {
    if (t.id.starts_with('#')) t.id.erase(0, 1);
  }
  return std::move(list_);
}

}  // namespace wildplan::detail
