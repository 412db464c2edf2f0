#include "transcripts/answer.hpp"

#include <algorithm>

namespace wildplan::detail {

std::size_t AnswerText::message(std::string_view m) {
  key_.assign(m);
  const auto [it, added] = message_index_.try_emplace(key_, messages_.size());
  if (added) messages_.emplace_back();
  return it->second;
}

AnswerText::Part& AnswerText::part(std::string_view m, std::string_view p) {
  const std::size_t msg = message(m);
  key_.assign(m).append(1, '\x1f').append(p);
  const auto [it, added] = part_index_.try_emplace(key_, parts_.size());
  if (added) parts_.push_back({msg, {}});
  return parts_[it->second];
}

void AnswerText::set_role(std::string_view m, bool assistant) {
  messages_[message(m)].role = assistant ? 1 : 0;
}

void AnswerText::append(std::string_view m, std::string_view p, std::uint32_t line,
                        std::string text) {
  Part& to = part(m, p);
  if (!text.empty()) to.pieces.push_back({line, std::move(text)});
}

void AnswerText::replace(std::string_view m, std::string_view p, std::uint32_t line,
                         std::string text) {
  Part& to = part(m, p);
  to.pieces.clear();
  if (!text.empty()) to.pieces.push_back({line, std::move(text)});
}

void AnswerText::remove(std::string_view m, std::string_view p) {
  key_.assign(m).append(1, '\x1f').append(p);
  if (const auto it = part_index_.find(key_); it != part_index_.end())
    parts_[it->second].pieces.clear();
}

void AnswerText::remove_message(std::string_view m) { messages_[message(m)].removed = true; }

bool AnswerText::empty() const {
  return std::none_of(parts_.begin(), parts_.end(), [&](const Part& p) {
    return !p.pieces.empty() && messages_[p.message].role == 1 && !messages_[p.message].removed;
  });
}

void AnswerText::finish(const std::string& name, Transcript& t) {
  std::string out;
  std::size_t last_message = SIZE_MAX;
  for (Part& p : parts_) {
    const Message& m = messages_[p.message];
    if (m.role != 1 || m.removed || p.pieces.empty()) continue;
    if (p.message != last_message && !out.empty()) {  // a blank line between messages
      while (!out.ends_with("\n\n")) out += '\n';
    }
    last_message = p.message;
    for (Piece& piece : p.pieces) {
      t.pieces.push_back({out.size(), piece.text.size(), piece.line});
      out += piece.text;
      std::string().swap(piece.text);  // freed as it is copied
    }
  }
  parts_.clear();
  t.text = Source(name, std::move(out));
}

}  // namespace wildplan::detail
