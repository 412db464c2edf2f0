#pragma once
// Document: the one representation every stage reads. A Source (the bytes and their name, shared),
// the range of it that was parsed, the Plan parsed from that range and the parse's diagnostics. A
// plan never exists apart from its bytes: the Plan's spans point into `source`, which the
// Document keeps alive, so that a later stage (validate, diff, edit, apply, a renderer) can show
// a task's line or patch its box without parsing the text again.
//
// tasks.md, a staged blob, a blob at a revision and the plan a reply holds are all Documents; a
// reply's plan is parsed in the reply's own positions (its range is the <plan> block's body), so
// every position in it names the reply's line and column.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wildplan/diagnostic.hpp"
#include "wildplan/plan.hpp"
#include "wildplan/source.hpp"

namespace wildplan {

struct Document {
  /// The bytes; never null (a default Document holds an empty, unnamed Source).
  std::shared_ptr<const Source> source = std::make_shared<const Source>("", std::string());
  Span range;                           ///< the part of `source` parsed (all of it for a file)
  Plan plan;                            ///< spans and positions refer to `source`
  std::vector<Diagnostic> diagnostics;  ///< the parse's (an unknown box...), in source order

  const Source& src() const { return *source; }
  /// The source's name, as the user named it ("tasks.md", "HEAD:tasks.md", "<stdin>").
  const std::string& name() const { return source->name(); }
};

/// Parses `range` of `source` (all of it by default) as a Markdown task list. Never throws on
/// input: problems are the Document's diagnostics.
Document parse_document(std::shared_ptr<const Source> source, std::optional<Span> range = {},
                        const ParseOptions& options = {});

/// The Markdown of `doc`'s range as a file of its own: without leading blank lines and trailing
/// whitespace, ending in one line end of the kind it uses (what `apply` writes to tasks.md from
/// a reply's plan). Empty when the range holds only whitespace.
std::string range_markdown(const Document& doc);

/// Reads the file at `path` (read_source(): "-" is standard input) and parses it. Throws Error
/// when the file cannot be read.
Document read_document(const std::string& path, const ParseOptions& options = {});

}  // namespace wildplan
