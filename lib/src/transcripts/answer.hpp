#pragma once
// The answer text of a transcript, put together as its lines are read. Text comes in parts
// (a Claude content item, a Codex agent message, an OpenCode text part), each of one message.
// A part may be final when it arrives (add), or grow (deltas) and be replaced by a later, fuller
// state until it is final; a part can be removed. Parts keep the order in which they first
// appeared, and only the parts of messages known to be the assistant's are kept, joined with a
// blank line between messages.
//
// Memory: the text is joined as it comes. Final parts at the front go straight into the answer
// text and are not kept apart, so a transcript whose parts arrive final (Claude, Codex, `opencode
// run`) holds the answer text and nothing per part; parts that may still change wait, with the
// parts behind them, until they are final or the transcript ends.

#include <cstdint>
#include <deque>
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
  /// Adds a final part of the assistant's `message`, read from `line`.
  void add(std::string_view message, std::uint32_t line, std::string text);
  /// Adds `text`, read from `line`, to the end of a part that may still change.
  void append(std::string_view message, std::string_view part, std::uint32_t line,
              std::string text);
  /// The part's text becomes `text` (a later state replaces every earlier one); `final` when no
  /// later state can come.
  void replace(std::string_view message, std::string_view part, std::uint32_t line,
               std::string text, bool final);
  /// Drops the part's text (a final, empty part).
  void remove(std::string_view message, std::string_view part);
  void remove_message(std::string_view message);
  /// True when no assistant text was read.
  bool empty() const;

  /// Joins what is left into `t.text` (named `name`) and `t.pieces`.
  void finish(const std::string& name, Transcript& t);

 private:
  struct Piece {
    std::uint32_t line;
    std::string text;
  };
  struct Part {
    std::size_t message;  // index into messages_
    bool final = false;
    std::vector<Piece> pieces;
  };
  struct Message {
    std::string key;
    int role = -1;  // 1 assistant, 0 another speaker, -1 not known yet
    bool removed = false;
  };

  Part* part(std::string_view message, std::string_view part, bool create);
  std::size_t message(std::string_view message);
  void put(std::string_view message_key, std::uint32_t line, std::string_view text);
  /// Moves the final parts at the front into the answer text; all of them when `all`.
  void flush(bool all);

  std::string out_;                 // the answer text so far
  std::vector<TextPiece> pieces_;   // its pieces
  std::string last_key_;            // the message of the last piece put, for the blank line
  bool any_ = false;                // a piece was put
  std::deque<Part> waiting_;        // parts not yet in out_, in order
  std::size_t waiting_base_ = 0;    // the number of the part at waiting_.front()
  std::vector<Message> messages_;
  std::unordered_map<std::string, std::size_t> part_index_, message_index_;
  std::string key_;  // scratch
};

}  // namespace wildplan::detail
