#pragma once
// A streaming JSON writer (private): keys come out in the order they are written, strings are
// escaped so that any input bytes give valid JSON (invalid UTF-8 becomes U+FFFD; the byte spans
// next to the text keep the exact position), and a 100,000-task plan needs no tree in memory.

#include <charconv>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace wildplan::detail {

class JsonWriter {
 public:
  /// Writes into a buffer, handed to `flush` whenever it holds more than kFlushAt bytes.
  using Flush = std::function<void(std::string_view)>;
  explicit JsonWriter(Flush flush) : flush_(std::move(flush)) {}

  /// A container opened `flat` is written on one line, and so is everything inside it: a task
  /// is one line of the plan document, which keeps a 100,000-task document readable and small.
  JsonWriter& begin_object(bool flat = false) { return open('{', flat); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array(bool flat = false) { return open('[', flat); }
  JsonWriter& end_array() { return close(']'); }

  /// `k` is one of wildplan's own key names: plain ASCII, written without escaping.
  JsonWriter& key(std::string_view k) {
    separate();
    out_ += '"';
    out_ += k;
    out_ += "\": ";
    after_key_ = true;
    return *this;
  }
  /// A key that comes from the input (a path): escaped like a string value.
  JsonWriter& text_key(std::string_view k) {
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
  JsonWriter& value(std::uint64_t n) { return number(n); }
  JsonWriter& value(std::int64_t n) { return number(n); }
  JsonWriter& value(int n) { return number(n); }
  JsonWriter& value(unsigned n) { return number(n); }
  JsonWriter& null() { return raw("null"); }
  /// A value that is already JSON text (compact, valid): written as it is.
  JsonWriter& json_text(std::string_view text) { return raw(text); }

  /// Ends the document with a newline and hands over what is left.
  void finish() {
    out_ += '\n';
    flush_(out_);
    out_.clear();
  }

  static void escape(std::string_view s, std::string& out);

 private:
  struct Level {
    std::uint32_t count = 0;  // values written so far
    bool flat = false;
  };

  template <typename N>
  JsonWriter& number(N n) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    return raw(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
  }
  JsonWriter& raw(std::string_view text) {
    separate();
    out_ += text;
    return *this;
  }
  JsonWriter& open(char c, bool flat) {
    separate();
    out_ += c;
    levels_.push_back({0, flat || (!levels_.empty() && levels_.back().flat)});
    return *this;
  }
  JsonWriter& close(char c) {
    const Level level = levels_.back();
    levels_.pop_back();
    if (level.count > 0 && !level.flat) newline();
    out_ += c;
    return *this;
  }
  void separate() {
    if (out_.size() > kFlushAt) {
      flush_(out_);
      out_.clear();
    }
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (levels_.empty()) return;
    Level& level = levels_.back();
    if (level.count++ > 0) out_ += level.flat ? ", " : ",";
    if (!level.flat) newline();
  }
  void newline() {
    out_ += '\n';
    out_.append(2 * levels_.size(), ' ');
  }
  void write_string(std::string_view s) {
    out_ += '"';
    escape(s, out_);
    out_ += '"';
  }

  static constexpr std::size_t kFlushAt = 1 << 16;
  Flush flush_;
  std::string out_;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

}  // namespace wildplan::detail
