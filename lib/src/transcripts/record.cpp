// read_record: nlohmann_json's SAX parser over one line, following the paths of a FieldPaths.
#include "transcripts/record.hpp"

#include <nlohmann/json.hpp>

namespace wildplan::detail {

void FieldPaths::add(std::string_view path, int id) {
  int n = 0;
  while (!path.empty()) {
    const std::size_t dot = path.find('.');
    std::string_view key = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    const bool array = key.ends_with("[]");
    if (array) key.remove_suffix(2);
    int next = child(n, key);
    if (next < 0) {
      next = static_cast<int>(nodes_.size());
      nodes_[static_cast<std::size_t>(n)].keys.emplace_back(std::string(key), next);
      nodes_.emplace_back();
    }
    n = next;
    if (array) {
      if (nodes_[static_cast<std::size_t>(n)].element < 0) {
        nodes_[static_cast<std::size_t>(n)].element = static_cast<int>(nodes_.size());
        nodes_.emplace_back();
      }
      n = nodes_[static_cast<std::size_t>(n)].element;
    }
  }
  nodes_[static_cast<std::size_t>(n)].field = id;
}

int FieldPaths::child(int n, std::string_view key) const {
  for (const auto& [k, c] : nodes_[static_cast<std::size_t>(n)].keys) {
    if (k == key) return c;
  }
  return -1;
}

namespace {

using json = nlohmann::json;
using Kind = Field::Kind;

/// The SAX handler (nlohmann calls these by name; no virtual base needed).
class Handler {
 public:
  Handler(const FieldPaths& paths, std::vector<Field>& out,
          const std::function<bool(const Field&)>& keep)
      : paths_(paths), out_(out), keep_(keep) {}

  bool null() { return scalar(Kind::Null, {}); }
  bool boolean(bool v) { return scalar(v ? Kind::True : Kind::False, {}); }
  bool number_integer(json::number_integer_t v) { return scalar(Kind::Number, std::to_string(v)); }
  bool number_unsigned(json::number_unsigned_t v) {
    return scalar(Kind::Number, std::to_string(v));
  }
  bool number_float(json::number_float_t, const json::string_t& s) {
    return scalar(Kind::Number, std::string(s));
  }
  bool string(json::string_t& s) { return scalar(Kind::String, std::move(s)); }
  bool binary(json::binary_t&) { return scalar(Kind::Null, {}); }

  bool start_object(std::size_t) { return open(Kind::Object); }
  bool start_array(std::size_t) { return open(Kind::Array); }
  bool key(json::string_t& k) {
    Frame& f = stack_.back();
    f.pending = f.node >= 0 ? paths_.child(f.node, k) : -1;
    return true;
  }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }

  bool not_object = false, skipped = false;

 private:
  struct Frame {
    int node;                 // this object's or array's node, or -1 (nothing read below)
    bool array;
    std::uint32_t index = 0;  // arrays: the element being read
    int pending = -1;         // objects: the node of the value after the last key
  };

  /// The node of the value about to start.
  int value_node() const {
    if (stack_.empty()) return 0;
    const Frame& f = stack_.back();
    if (!f.array) return f.pending;
    return f.node >= 0 ? paths_.node(f.node).element : -1;
  }

  /// The element indexes of the innermost array on the path and of the one around it.
  std::pair<std::uint32_t, std::uint32_t> array_indexes() const {
    std::uint32_t found[2] = {0, 0};
    int n = 0;
    for (auto it = stack_.rbegin(); it != stack_.rend() && n < 2; ++it) {
      if (it->array) found[n++] = it->index;
    }
    return {found[0], found[1]};
  }

  bool capture(int node, Kind kind, std::string&& value) {
    const int field = paths_.node(node).field;
    if (field < 0) return true;
    const auto [index, outer] = array_indexes();
    out_.push_back({field, index, outer, kind, std::move(value)});
    if (keep_(out_.back())) return true;
    skipped = true;
    return false;
  }

  bool scalar(Kind kind, std::string&& value) {
    if (stack_.empty()) {  // the line is a bare value
      not_object = true;
      return false;
    }
    const int node = value_node();
    if (node >= 0 && !capture(node, kind, std::move(value))) return false;
    next_element();
    return true;
  }

  bool open(Kind kind) {
    if (stack_.empty() && kind != Kind::Object) {
      not_object = true;
      return false;
    }
    const int node = value_node();
    if (node > 0 && !capture(node, kind, {})) return false;
    stack_.push_back({node, kind == Kind::Array});
    return true;
  }

  bool close() {
    stack_.pop_back();
    next_element();
    return true;
  }

  void next_element() {
    if (!stack_.empty() && stack_.back().array) ++stack_.back().index;
  }

  const FieldPaths& paths_;
  std::vector<Field>& out_;
  const std::function<bool(const Field&)>& keep_;
  std::vector<Frame> stack_;
};

}  // namespace

LineResult read_record(std::string_view line, const FieldPaths& paths, std::vector<Field>& fields,
                       const std::function<bool(const Field&)>& keep) {
  fields.clear();
  Handler h(paths, fields, keep);
  bool ok = false;
  try {
    ok = json::sax_parse(line.data(), line.data() + line.size(), &h,
                         json::input_format_t::json, /*strict=*/true);
  } catch (const json::exception&) {
    ok = false;
  }
  if (h.not_object) return LineResult::NotObject;
  if (h.skipped) return LineResult::Skipped;
  return ok ? LineResult::Read : LineResult::NotJson;
}

}  // namespace wildplan::detail
