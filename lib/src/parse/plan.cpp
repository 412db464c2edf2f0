// The Plan model's own functions: status and id-kind names, the status map, counts, and the
// lookup of a section by title. parse.cpp builds Plans; this is what a Plan answers by itself.
#include <array>
#include <optional>
#include <string_view>

#include "source/prompt_texts.hpp"
#include "source/strings.hpp"
#include "wildplan/plan.hpp"

namespace wildplan {

const char* to_string(Status s) {
  static constexpr const char* kNames[] = {"todo",      "done",    "in_progress",
                                           "cancelled", "blocked", "other"};
  return kNames[static_cast<int>(s)];
}

std::optional<Status> status_from_string(std::string_view name) {
  for (int i = 0; i < kStatusCount; ++i) {
    if (name == to_string(static_cast<Status>(i))) return static_cast<Status>(i);
  }
  return std::nullopt;
}

StatusMap::StatusMap() : preferred_{' ', 'x', '/', '-', '!', '\0'} {
  map_.fill(Status::Other);
  map_[' '] = Status::Todo;
  map_['x'] = map_['X'] = Status::Done;
  map_['/'] = Status::InProgress;
  map_['-'] = Status::Cancelled;
  map_['!'] = Status::Blocked;
}

void StatusMap::set(char box, Status s) {
  map_[static_cast<unsigned char>(box)] = s;
  named_[static_cast<unsigned char>(box)] = true;
  names_a_letter_ |= detail::is_alnum_ascii(box);
  if (s != Status::Other) preferred_[static_cast<int>(s)] = box;
}

std::optional<char> StatusMap::box_for(Status s) const {
  const char c = preferred_[static_cast<int>(s)];
  if (c != '\0' && (*this)[c] == s) return c;
  for (int i = 1; i < 256; ++i) {  // another character still mapped to it
    if (map_[static_cast<std::size_t>(i)] == s && s != Status::Other) return static_cast<char>(i);
  }
  return std::nullopt;
}

const char* to_string(IdKind k) {
  static constexpr const char* kNames[] = {"none", "word", "phased", "speckit", "number", "key"};
  return kNames[static_cast<int>(k)];
}

std::string task_id_key(std::string_view id) {
  std::string k = detail::to_lower(detail::trim(id));
  if (k.size() >= 2 && k.front() == '[' && k.back() == ']') k = k.substr(1, k.size() - 2);
  if (k.starts_with("#")) k.erase(0, 1);
  if (k.starts_with("task ")) k = std::string(detail::trim(std::string_view(k).substr(5)));
  if (k.size() > 5 && k.starts_with("task-")) k.erase(0, 5);
  while (k.size() > 1 && k.back() == '.') k.pop_back();  // Kiro's "1."
  return k;
}

std::array<std::size_t, kStatusCount> Plan::counts() const {
  std::array<std::size_t, kStatusCount> c{};
  for (const Task& t : tasks) ++c[static_cast<int>(t.status)];
  return c;
}

namespace {

/// `n` is a normalised title.
bool is_placeholder_title(std::string_view n) {
  // The seed's example ends in a "..." line, which Markdown joins to the last task.
  for (std::string_view tail : {" ...", " \xE2\x80\xA6"}) {
    if (n.size() > tail.size() && n.ends_with(tail)) n.remove_suffix(tail.size());
  }
  for (std::string_view p : detail::kTaskPlaceholders) {
    if (n == p) return true;
  }
  // `<first concrete step>`, `[describe the task]`: one bracketed phrase and nothing else.
  return n.size() >= 2 &&
         ((n.front() == '<' && n.back() == '>') ||
          (n.front() == '[' && n.back() == ']' && n.find(' ') != std::string_view::npos));
}

}  // namespace

bool is_placeholder_task(const Task& task) {
  std::string norm;
  detail::append_normalised(norm, task.title.empty() ? task.text : task.title);
  return is_placeholder_title(norm);
}

std::string_view phase_number(const Plan& plan, const Task& task) {
  return task.phase ? std::string_view(plan.phases[*task.phase].number) : std::string_view();
}

const Section* Plan::section(std::string_view title) const {
  for (const Section& s : sections) {
    if (s.level >= 2 && detail::to_lower(s.title) == detail::to_lower(title)) return &s;
  }
  return nullptr;
}

}  // namespace wildplan
