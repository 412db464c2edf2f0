// The fast path of wildplan.compat.v2_prompts: one extraction, the six answers the loop's parsers
// give, as plain Python values. The reply's bytes are viewed, not copied (the caller's str or
// bytes outlives the call), and nothing but the six answers is built on the Python side.
#include <string_view>

#include "common.hpp"

namespace wildplan::python {
namespace {

std::string_view view_of(const py::handle& text, std::string& storage) {
  if (PyUnicode_Check(text.ptr())) {
    Py_ssize_t n = 0;
    if (const char* p = PyUnicode_AsUTF8AndSize(text.ptr(), &n)) return {p, size_t(n)};
    PyErr_Clear();
  } else if (PyBytes_Check(text.ptr())) {
    return {PyBytes_AS_STRING(text.ptr()), size_t(PyBytes_GET_SIZE(text.ptr()))};
  }
  storage = text_bytes(text);  // lone surrogates, bytearray, memoryview
  return storage;
}

std::string_view trimmed(std::string_view s) {
  const auto blank = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

/// The six answers: (plan, promise, summary, reflection, continue, memories as (tag, text)).
struct Answers {
  std::optional<std::string> plan, promise, summary, reflection;
  std::optional<bool> continue_;
  std::optional<std::vector<Memory>> memories;
};

py::tuple signals(const py::handle& text, const py::handle& prompt) {
  std::string storage;
  const std::string_view bytes = view_of(text, storage);
  std::shared_ptr<Source> prompt_src;
  if (!prompt.is_none()) prompt_src = prompt.cast<std::shared_ptr<Source>>();
  Answers a;
  {
    py::gil_scoped_release release;
    const Source reply("<reply>", bytes, nullptr);
    ExtractOptions options;
    options.prompt = prompt_src.get();
    options.selection = Selection::ChosenOnly;  // the answers alone: no diagnostic is read
    Reply r = extract_reply(reply, options);
    // The chosen plan's range (plan_body()), stripped: what range_markdown() gives, stripped.
    if (r.plan) a.plan = std::string(trimmed(r.plan->src().text(r.plan->range)));
    a.promise = std::move(r.signals.promise);
    a.summary = std::move(r.signals.summary);
    a.reflection = std::move(r.signals.reflection);
    a.continue_ = r.signals.continue_;
    a.memories = std::move(r.signals.memories);
  }
  py::list memories;
  if (a.memories) {
    for (const Memory& m : *a.memories)
      memories.append(py::make_tuple(to_str(m.tag), to_str(m.text)));
  }
  return py::make_tuple(to_str_or_none(a.plan), to_str_or_none(a.promise),
                        to_str_or_none(a.summary), to_str_or_none(a.reflection),
                        a.continue_.value_or(false), memories);
}

}  // namespace

void bind_compat(py::module_& m) {
  m.def("compat_signals", &signals, py::arg("text"), py::arg("prompt"),
        "(plan, promise, summary, reflection, continue, [(tag, text)]) of one reply");
}

}  // namespace wildplan::python
