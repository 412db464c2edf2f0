#pragma once
// A streaming JSON writer (private): keys come out in the order they are written, strings are
// escaped so that any input bytes give valid JSON (invalid UTF-8 becomes U+FFFD; the byte spans
// next to the text keep the exact position), and a 100,000-task plan needs no tree in memory.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wildplan::detail {

class JsonWriter {
 public:
  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }

  JsonWriter& key(std::string_view k) {
    separate();
    write_string(k);
    out_ += ": ";
    after_key_ = true;
    return *this;
  }
  JsonWriter& value(std::string_view s) {
    separate();
    write_string(s);
    return *this;
  }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b) { return raw(b ? "true" : "false"); }
  JsonWriter& value(std::uint64_t n) { return raw(std::to_string(n)); }
  JsonWriter& value(std::int64_t n) { return raw(std::to_string(n)); }
  JsonWriter& value(int n) { return raw(std::to_string(n)); }
  JsonWriter& value(unsigned n) { return raw(std::to_string(n)); }
  JsonWriter& null() { return raw("null"); }

  /// The document, ending in a newline.
  std::string finish() {
    out_ += '\n';
    return std::move(out_);
  }

  static void escape(std::string_view s, std::string& out);

 private:
  JsonWriter& raw(std::string_view text) {
    separate();
    out_ += text;
    return *this;
  }
  JsonWriter& open(char c) {
    separate();
    out_ += c;
    counts_.push_back(0);
    return *this;
  }
  JsonWriter& close(char c) {
    const bool empty = counts_.back() == 0;
    counts_.pop_back();
    if (!empty) newline();
    out_ += c;
    return *this;
  }
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (counts_.empty()) return;
    if (counts_.back()++ > 0) out_ += ',';
    newline();
  }
  void newline() {
    out_ += '\n';
    out_.append(2 * counts_.size(), ' ');
  }
  void write_string(std::string_view s) {
    out_ += '"';
    escape(s, out_);
    out_ += '"';
  }

  std::string out_;
  std::vector<std::uint32_t> counts_;  // values written so far in each open container
  bool after_key_ = false;
};

}  // namespace wildplan::detail
