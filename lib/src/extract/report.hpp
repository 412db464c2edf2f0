#pragma once
// Diagnostics of the extraction that can come in any number: more than kMaxPerRule of one rule
// are summed up in one note, so that a reply with a million mentions gets a readable report and
// memory does not grow with the diagnostics.

#include <string>
#include <utility>
#include <vector>

#include "wildplan/diagnostic.hpp"

namespace wildplan::detail {

inline constexpr std::size_t kMaxPerRule = 20;

class CappedReport {
 public:
  /// `out` null: nothing is reported (a caller that wants the choice alone).
  CappedReport(const Source& src, std::vector<Diagnostic>* out) : src_(src), out_(out) {}

  /// Adds a diagnostic of `rule` (its default severity) at `at` unless kMaxPerRule of it were
  /// added; `message()` builds its text only when it is kept.
  template <typename Message>
  void add(const char* rule, Span at, Message&& message) {
    if (!out_) return;
    std::size_t& n = count(rule);
    if (++n <= kMaxPerRule) out_->push_back(make_diagnostic(src_, at, rule, message()));
  }

  /// The note "N more <what> not listed" for each rule past its cap.
  void summarise(const char* rule, const char* what) {
    if (!out_) return;
    const std::size_t n = count(rule);
    if (n <= kMaxPerRule) return;
    Diagnostic d;
    d.file = src_.name();
    d.severity = Severity::Note;
    d.rule = rule;
    d.message = std::to_string(n - kMaxPerRule) + " more " + what + " not listed";
    out_->push_back(std::move(d));
  }

 private:
  std::size_t& count(const char* rule) {
    for (auto& [r, n] : counts_) {
      if (r == rule) return n;
    }
    return counts_.emplace_back(rule, 0).second;
  }

  const Source& src_;
  std::vector<Diagnostic>* out_;
  std::vector<std::pair<std::string, std::size_t>> counts_;
};

}  // namespace wildplan::detail
