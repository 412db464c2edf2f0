#pragma once
// One JSON line, read for a few of its values. A format names the paths it reads
// ("message.content[].text"); the line is parsed with nlohmann_json's SAX parser, keeping only
// those values, and the parse stops as soon as a value shows the line is of no use (a `user`
// line, a tool's output): the bulk of a transcript, tool results, is then never decoded.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace wildplan::detail {

/// The paths a format reads, as a tree of keys.
class FieldPaths {
 public:
  /// Adds `path` as field `id`: keys apart by '.', "[]" after a key for the elements of its
  /// array ("message.content[].text"). A key may be both a value and an array ("content").
  void add(std::string_view path, int id);

  struct Node {
    std::vector<std::pair<std::string, int>> keys;  // key -> node
    int element = -1;                               // the node of an array's elements
    int field = -1;                                 // the field read here
  };
  const Node& node(int n) const { return nodes_[static_cast<std::size_t>(n)]; }
  /// The node under `n` for `key`, or -1.
  int child(int n, std::string_view key) const;

 private:
  std::vector<Node> nodes_{1};  // nodes_[0]: the line's object
};

/// A value read from a line.
struct Field {
  enum class Kind : std::uint8_t { String, Number, True, False, Null, Object, Array };
  int id = -1;
  std::uint32_t index = 0;  ///< the element of the innermost array on its path (0 outside one)
  std::uint32_t outer = 0;  ///< the element of the array around that one (0 outside one)
  Kind kind = Kind::Null;
  std::string value;  ///< a string's text, a number's digits; empty otherwise

  bool is(std::string_view s) const { return kind == Kind::String && value == s; }
};

enum class LineResult {
  Read,       ///< parsed to its end: `fields` holds every value of the paths
  Skipped,    ///< stopped early: a value showed the line is of no use
  NotJson,    ///< not JSON (a line cut short, text)
  NotObject,  ///< JSON, but not an object
};

/// Reads `line` for the values of `paths` into `fields` (cleared first). `keep` is asked about
/// each value read: false stops the parse (LineResult::Skipped).
LineResult read_record(std::string_view line, const FieldPaths& paths, std::vector<Field>& fields,
                       const std::function<bool(const Field&)>& keep);

}  // namespace wildplan::detail
