// The extension module wildplan._wildplan: text conversion, the exception translator, and the
// module's init. The public names are re-exported, typed and documented by wildplan/__init__.py.
#include <cerrno>
#include <system_error>

#include "common.hpp"

namespace wildplan::python {
namespace {

// Set once in the module's init, with the GIL held; leaked on purpose (they live as long as the
// interpreter, and a destructor run at exit after the interpreter is gone would crash).
PyObject* g_status = nullptr;  // wildplan._enums.Status
PyObject* g_error = nullptr;   // wildplan.Error
PyObject* g_config_error = nullptr;
PyObject* g_lock_timeout = nullptr;
PyObject* g_git_error = nullptr;
PyObject* g_hook_failed = nullptr;

/// Raises `cls(message)` with `errno` set from `code` (None when there is none).
void raise(PyObject* cls, const Error& e, py::object diagnostics = py::none()) {
  py::object exc = py::reinterpret_borrow<py::object>(cls)(to_str(e.what()));
  exc.attr("errno") = e.code() ? py::object(py::int_(e.code().value())) : py::none();
  if (!diagnostics.is_none()) exc.attr("diagnostics") = diagnostics;
  PyErr_SetObject(cls, exc.ptr());
}

void translate(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const ConfigError& e) {
    py::list ds;
    for (const Diagnostic& d : e.diagnostics()) ds.append(py::cast(d));
    raise(g_config_error, e, ds);
  } catch (const HookFailed& e) {
    raise(g_hook_failed, e);
  } catch (const GitError& e) {
    raise(g_git_error, e);
  } catch (const Error& e) {
    // A held lock (tasks.md's, the index's) is the one Error with EWOULDBLOCK (update_file).
    const bool held = e.code() == std::error_code(EWOULDBLOCK, std::generic_category());
    raise(held ? g_lock_timeout : g_error, e);
  }
}

PyObject* import_attr(const char* module, const char* name) {
  return py::object(py::module_::import(module).attr(name)).release().ptr();
}

}  // namespace

py::str to_str(std::string_view s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
  if (!o) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

py::object to_str_or_none(const std::optional<std::string>& s) {
  if (!s) return py::none();
  return to_str(*s);
}

std::string text_bytes(const py::handle& text) {
  if (PyUnicode_Check(text.ptr())) {
    Py_ssize_t n = 0;
    if (const char* p = PyUnicode_AsUTF8AndSize(text.ptr(), &n)) return std::string(p, size_t(n));
    PyErr_Clear();  // lone surrogates: as surrogateescape wrote them, else as UTF-8 would
    PyObject* b = PyUnicode_AsEncodedString(text.ptr(), "utf-8", "surrogateescape");
    if (!b) {
      PyErr_Clear();
      b = PyUnicode_AsEncodedString(text.ptr(), "utf-8", "surrogatepass");
    }
    if (!b) throw py::error_already_set();
    py::bytes owned = py::reinterpret_steal<py::bytes>(b);
    return std::string(owned);
  }
  if (PyBytes_Check(text.ptr())) return std::string(py::reinterpret_borrow<py::bytes>(text));
  if (PyObject_CheckBuffer(text.ptr()))
    return std::string(py::bytes(py::reinterpret_borrow<py::object>(text)));
  throw py::type_error("expected str or bytes, got " +
                       std::string(py::str(py::type::handle_of(text).attr("__name__"))));
}

std::shared_ptr<const Source> source_of(const py::handle& text, const std::string& name) {
  static const py::handle path_like =
      py::object(py::module_::import("os").attr("PathLike")).release();
  if (py::isinstance(text, path_like)) {
    const std::string path = py::str(py::module_::import("os").attr("fspath")(text));
    py::gil_scoped_release release;
    return std::make_shared<const Source>(read_source(path));
  }
  return std::make_shared<const Source>(name, text_bytes(text));
}

py::object status_enum(Status s) {
  return py::reinterpret_borrow<py::object>(g_status)(to_string(s));
}

Status status_of(const py::handle& value) {
  py::object v = py::reinterpret_borrow<py::object>(value);
  if (py::isinstance(v, py::reinterpret_borrow<py::object>(g_status))) v = v.attr("value");
  if (py::isinstance<py::str>(v)) {
    if (auto s = status_from_string(std::string(py::str(v)))) return *s;
  }
  throw py::value_error("not a status: " + std::string(py::repr(value)) +
                        " (todo, done, in_progress, cancelled, blocked)");
}

void bind_errors(py::module_& m) {
  g_status = import_attr("wildplan._enums", "Status");
  g_error = import_attr("wildplan._errors", "Error");
  g_config_error = import_attr("wildplan._errors", "ConfigError");
  g_lock_timeout = import_attr("wildplan._errors", "LockTimeout");
  g_git_error = import_attr("wildplan._errors", "GitError");
  g_hook_failed = import_attr("wildplan._errors", "HookFailed");
  py::register_exception_translator(&translate);
  m.attr("__version__") = wildplan::version();
}

}  // namespace wildplan::python

PYBIND11_MODULE(_wildplan, m) {
  using namespace wildplan::python;
  m.doc() = "wildplan's C++ library; use the wildplan package, which types and documents it";
  bind_results(m);  // Diagnostic first: the translator casts ConfigError's diagnostics
  bind_errors(m);
  bind_outcomes(m);
  bind_calls(m);
  bind_compat(m);
}
