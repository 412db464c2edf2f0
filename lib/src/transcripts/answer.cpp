#include "transcripts/answer.hpp"

#include <algorithm>

namespace wildplan::detail {

std::size_t AnswerText::message(std::string_view m) {
  key_.assign(m);
  const auto [it, added] = message_index_.try_emplace(key_, messages_.size());
  if (added) messages_.push_back({key_, -1, false});
  return it->second;
}

AnswerText::Part* AnswerText::part(std::string_view m, std::string_view p, bool create) {
  key_.assign(m).append(1, '\x1f').append(p);
  auto it = part_index_.find(key_);
  if (it == part_index_.end()) {
    if (!create) return nullptr;
    const std::string key = key_;
    const std::size_t msg = message(m);
    it = part_index_.emplace(key, waiting_base_ + waiting_.size()).first;
    waiting_.push_back({msg, false, {}});
  }
  if (it->second < waiting_base_) return nullptr;  // already in the answer text: final
  return &waiting_[it->second - waiting_base_];
}

void AnswerText::set_role(std::string_view m, bool assistant) {
  messages_[message(m)].role = assistant ? 1 : 0;
  flush(false);
}

void AnswerText::put(std::string_view message_key, std::uint32_t line, std::string_view text) {
  if (text.empty()) return;
  if (any_ && message_key != last_key_) {  // a blank line between messages
    while (!out_.ends_with("\n\n")) out_ += '\n';
  }
  pieces_.push_back({out_.size(), text.size(), line});
  out_ += text;
  last_key_.assign(message_key);
  any_ = true;
}

void AnswerText::add(std::string_view m, std::uint32_t line, std::string text) {
  if (waiting_.empty()) {  // nothing before it waits: straight into the answer text
    put(m, line, text);
    return;
  }
  const std::size_t msg = message(m);
  messages_[msg].role = 1;
  waiting_.push_back({msg, true, {}});
  if (!text.empty()) waiting_.back().pieces.push_back({line, std::move(text)});
}

void AnswerText::append(std::string_view m, std::string_view p, std::uint32_t line,
                        std::string text) {
  Part* to = part(m, p, true);
  if (to && !text.empty()) to->pieces.push_back({line, std::move(text)});
}

void AnswerText::replace(std::string_view m, std::string_view p, std::uint32_t line,
                         std::string text, bool final) {
  Part* to = part(m, p, true);
  if (!to) return;
  to->pieces.clear();
  if (!text.empty()) to->pieces.push_back({line, std::move(text)});
  to->final = final;
  if (final) flush(false);
}

void AnswerText::remove(std::string_view m, std::string_view p) {
  if (Part* to = part(m, p, false)) {
    to->pieces.clear();
    to->final = true;
    flush(false);
  }
}

void AnswerText::remove_message(std::string_view m) { messages_[message(m)].removed = true; }

bool AnswerText::empty() const {
  return !any_ && std::none_of(waiting_.begin(), waiting_.end(), [&](const Part& p) {
    return !p.pieces.empty() && messages_[p.message].role == 1 && !messages_[p.message].removed;
  });
}

void AnswerText::flush(bool all) {
  while (!waiting_.empty()) {
    Part& p = waiting_.front();
    const Message& m = messages_[p.message];
    if (!all && (!p.final || m.role < 0)) break;  // may still change, or whose it is unknown
    if (m.role == 1 && !m.removed) {
      for (const Piece& piece : p.pieces) put(m.key, piece.line, piece.text);
    }
    waiting_.pop_front();
    ++waiting_base_;
  }
}

void AnswerText::finish(const std::string& name, Transcript& t) {
  flush(true);
  t.text = Source(name, std::move(out_));
  t.pieces = std::move(pieces_);
}

}  // namespace wildplan::detail
