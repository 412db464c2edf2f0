#pragma once
// What the binding's files share: text in (str or bytes, never rejected), text out (invalid UTF-8
// replaced by U+FFFD, as the CLI's JSON does), the holders that keep a result's bytes alive, and
// the Python enums the results hand out.
//
// Lifetimes: every result object holds a shared_ptr to the C++ value it came from; a Task, Block
// or Change holds its parent and an index, so that nothing is copied and nothing dangles.
// Threads: C++ work runs with the GIL released (py::gil_scoped_release), inputs are converted to
// C++ values before and results to Python objects after.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "wildplan/wildplan.hpp"

namespace wildplan::python {

namespace py = pybind11;

/// `s` as a Python str; invalid UTF-8 becomes U+FFFD.
py::str to_str(std::string_view s);
/// The same, None when empty.
py::object to_str_or_none(const std::optional<std::string>& s);

/// The UTF-8 bytes of a str (lone surrogates written as `surrogateescape` wrote them, so that
/// text decoded with it round-trips) or the bytes of a bytes-like object. Raises TypeError for
/// anything else.
std::string text_bytes(const py::handle& text);

/// A Source of `text` named `name`, or of the file at a path when `text` is an os.PathLike.
/// Reading a file throws wildplan::Error.
std::shared_ptr<const Source> source_of(const py::handle& text, const std::string& name);

/// The Python enum member of `s` (wildplan.Status).
py::object status_enum(Status s);
/// The Status a Python value names: a wildplan.Status, or its name ("done"). ValueError else.
Status status_of(const py::handle& value);

/// Calls `sink`-style renderer `write` and gives the document as a str.
template <typename Write>
py::str render_json(Write&& write) {
  std::string out;
  {
    py::gil_scoped_release release;
    write([&](std::string_view s) { out.append(s); });
  }
  return to_str(out);
}

/// A task of a plan that something keeps alive.
struct TaskRef {
  std::shared_ptr<const Document> doc;
  std::size_t index = 0;
  const Task& task() const { return doc->plan.tasks[index]; }
};

/// A block of a reply.
struct BlockRef {
  std::shared_ptr<const Reply> reply;
  std::size_t index = 0;
  const Block& block() const { return reply->blocks[index]; }
};

/// A validation of a document, with the document it judged (its to_json names the source).
struct ValidationResult {
  std::shared_ptr<const Document> doc;
  Validation validation;
};

/// A comparison's change, with the comparison.
struct ChangeRef {
  std::shared_ptr<const Comparison> comparison;
  std::size_t index = 0;
  const Change& change() const { return comparison->diff.changes[index]; }
};

void bind_errors(py::module_& m);
void bind_results(py::module_& m);
void bind_outcomes(py::module_& m);
void bind_calls(py::module_& m);
void bind_compat(py::module_& m);

}  // namespace wildplan::python
