#pragma once
// The answer text of a transcript, put together as its lines are read. Text comes in parts
// (a Claude content item, an OpenCode text part, a Codex agent message), each of one message;
// a part's text may grow (deltas) or be replaced by a later, fuller state, and a part can be
// removed. Parts keep the order in which they first appeared. Only the parts of messages known
// to be the assistant's are kept; at the end they are joined, a blank line between messages.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "wildplan/transcript.hpp"

namespace wildplan::detail {

class AnswerText {
 public:
  /// Whose words `message` holds: the assistant's or another speaker's.
  void set_role(std::string_view message, bool assistant);
  /// Adds `text`, read from `line`, to the end of the part.
  void append(std::string_view message, std::string_view part, std::uint32_t line,
              std::string text);
  /// The part's text becomes `text`: a later state of it replaces every earlier one.
  void replace(std::string_view message, std::string_view part, std::uint32_t line,
               std::string text);
  void remove(std::string_view message, std::string_view part);
  void remove_message(std::string_view message);
  /// True when no assistant text was read.
  bool empty() const;

  /// Joins the parts into `t.text` (named `name`) and `t.pieces`.
  void finish(const std::string& name, Transcript& t);

 private:
  struct Piece {
    std::uint32_t line;
    std::string text;
  };
  struct Part {
    std::size_t message;  // index into messages_
    std::vector<Piece> pieces;
  };
  struct Message {
    int role = -1;  // 1 assistant, 0 another speaker, -1 not known
    bool removed = false;
  };

  Part& part(std::string_view message, std::string_view part);
  std::size_t message(std::string_view message);

  std::vector<Part> parts_;
  std::vector<Message> messages_;
  std::unordered_map<std::string, std::size_t> part_index_, message_index_;
  std::string key_;  // scratch
};

}  // namespace wildplan::detail
