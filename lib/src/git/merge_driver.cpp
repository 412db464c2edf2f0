// Registering the merge driver (merge.hpp): two settings of the repository's configuration,
// written with libgit2's configuration API, and `<pattern> merge=wildplan` attribute lines.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <filesystem>

#include "git/libgit2.hpp"
#include "wildplan/edit.hpp"
#include "wildplan/merge.hpp"

namespace wildplan {
namespace {

using detail::check;
using detail::lg2;

namespace fs = std::filesystem;

constexpr const char* kNameKey = "merge.wildplan.name";
constexpr const char* kDriverKey = "merge.wildplan.driver";
constexpr const char* kName = "wildplan: task files merged task by task";
constexpr std::string_view kAttribute = "merge=wildplan";

struct ConfigEntry {
  git_config_entry* e = nullptr;
  ~ConfigEntry() {
    if (e) lg2().git_config_entry_free(e);
  }
};

/// The repository's own configuration file, opened alone (not the global or system ones).
detail::Config open_config(const std::string& path) {
  git_config* c = nullptr;
  check(lg2().git_config_open_ondisk(&c, path.c_str()), "cannot open '" + path + "'");
  return detail::Config(c);
}

std::optional<std::string> get(git_config* c, const char* key) {
  ConfigEntry entry;
  const int rc = lg2().git_config_get_entry(&entry.e, c, key);
  if (rc == GIT_ENOTFOUND) {
    lg2().git_error_clear();
    return std::nullopt;
  }
  check(rc, std::string("cannot read ") + key);
  return std::string(entry.e->value ? entry.e->value : "");
}

RegistrationEntry set(git_config* c, const std::string& file, const char* key,
                      const std::string& value) {
  const auto now = get(c, key);
  RegistrationEntry e{file, key, value, RegistrationOutcome::Unchanged};
  if (now == value) return e;
  check(lg2().git_config_set_string(c, key, value.c_str()),
        std::string("cannot set ") + key + " in '" + file + "'");
  e.outcome = now ? RegistrationOutcome::Updated : RegistrationOutcome::Added;
  return e;
}

RegistrationEntry unset(git_config* c, const std::string& file, const char* key) {
  const auto now = get(c, key);
  RegistrationEntry e{file, key, now.value_or(""), RegistrationOutcome::Absent};
  if (!now) return e;
  check(lg2().git_config_delete_entry(c, key),
        std::string("cannot remove ") + key + " from '" + file + "'");
  e.outcome = RegistrationOutcome::Removed;
  return e;
}

/// The lines of `text`, each without its line end.
std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view l = text.substr(i, nl - i);
    if (l.ends_with('\r')) l.remove_suffix(1);
    out.push_back(l);
    i = nl + 1;
  }
  return out;
}

/// The pattern of an attribute line that is a pattern and `merge=wildplan` alone, else empty.
std::string_view our_pattern(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  if (!line.ends_with(kAttribute)) return {};
  std::string_view rest = line.substr(0, line.size() - kAttribute.size());
  if (rest.empty() || (rest.back() != ' ' && rest.back() != '\t')) return {};
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.remove_suffix(1);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  if (rest.empty() || rest.front() == '#') return {};
  // one pattern: a quoted one may hold blanks, an unquoted one may not
  if (rest.front() != '"' && rest.find_first_of(" \t") != std::string_view::npos) return {};
  return rest;
}

/// The line end the file uses (CRLF when its first line has one).
std::string_view line_end(std::string_view text) {
  const std::size_t nl = text.find('\n');
  return nl != std::string_view::npos && nl > 0 && text[nl - 1] == '\r' ? "\r\n" : "\n";
}

void add_attribute_lines(const std::string& file, const std::vector<std::string>& patterns,
                         std::vector<RegistrationEntry>& out) {
  update_file(
      file,
      [&](const Source& src) -> std::optional<std::string> {
        const std::string_view text = src.bytes();
        std::vector<std::string> have;
        for (std::string_view l : lines_of(text)) {
          if (const auto p = our_pattern(l); !p.empty()) have.emplace_back(p);
        }
        std::string next(text);
        for (const std::string& p : patterns) {
          const std::string line = p + " " + std::string(kAttribute);
          const bool there = std::find(have.begin(), have.end(), p) != have.end();
          out.push_back(
              {file, p, line, there ? RegistrationOutcome::Unchanged : RegistrationOutcome::Added});
          if (there) continue;
          if (!next.empty() && next.back() != '\n') next += line_end(text);
          next += line;
          next += line_end(text);
          have.push_back(p);
        }
        if (next == text) return std::nullopt;
        return next;
      },
      LockOptions{std::chrono::milliseconds(5000), true});
}

void remove_attribute_lines(const std::string& file, std::vector<RegistrationEntry>& out) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return;
  bool empty = false;
  update_file(file, [&](const Source& src) -> std::optional<std::string> {
    const std::string_view text = src.bytes();
    std::string next;
    for (std::size_t i = 0; i < text.size();) {
      std::size_t nl = text.find('\n', i);
      const std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
      std::string_view l = text.substr(i, end - i);
      i = end;
      std::string_view bare = l;
      while (!bare.empty() && (bare.back() == '\n' || bare.back() == '\r')) bare.remove_suffix(1);
      if (const auto p = our_pattern(bare); !p.empty()) {
        out.push_back({file, std::string(p), std::string(bare), RegistrationOutcome::Removed});
        continue;
      }
      next += l;
    }
    if (next.size() == text.size()) return std::nullopt;
    empty = next.empty();
    return next;
  });
  if (empty && ::unlink(file.c_str()) != 0)
    throw Error("cannot remove the empty '" + file + "'",
                std::error_code(errno, std::generic_category()));
}

/// Removes a `[merge "wildplan"]` header that no setting follows any more (libgit2, as git,
/// leaves a section's header when its last setting goes), so that uninstall leaves the file as
/// it was before install.
void remove_empty_section(const std::string& file) {
  update_file(file, [](const Source& src) -> std::optional<std::string> {
    const std::string_view text = src.bytes();
    std::size_t at = 0;
    while (at < text.size()) {
      std::size_t nl = text.find('\n', at);
      const std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
      std::string_view line = text.substr(at, end - at);
      while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
        line.remove_suffix(1);
      while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front())))
        line.remove_prefix(1);
      if (line == "[merge \"wildplan\"]") {
        // empty when only blank lines come before the next section or the end
        std::size_t next = end;
        bool empty = true;
        while (next < text.size()) {
          const std::size_t nl2 = text.find('\n', next);
          const std::size_t end2 = nl2 == std::string_view::npos ? text.size() : nl2 + 1;
          const std::string_view l = text.substr(next, end2 - next);
          const std::size_t first = l.find_first_not_of(" \t\r\n");
          if (first != std::string_view::npos) {
            empty = l[first] == '[';
            break;
          }
          next = end2;
        }
        if (!empty) return std::nullopt;
        return std::string(text.substr(0, at)) + std::string(text.substr(end));
      }
      at = end;
    }
    return std::nullopt;
  });
}

std::string attributes_file(const RepositoryInfo& repo, bool local) {
  if (local) return repo.commondir + "info/attributes";
  if (repo.workdir.empty())
    throw Error("a bare repository has no work tree for .gitattributes: use --local");
  return repo.workdir + ".gitattributes";
}

}  // namespace

const char* to_string(RegistrationOutcome o) {
  switch (o) {
    case RegistrationOutcome::Added:
      return "added";
    case RegistrationOutcome::Unchanged:
      return "unchanged";
    case RegistrationOutcome::Updated:
      return "updated";
    case RegistrationOutcome::Removed:
      return "removed";
    case RegistrationOutcome::Absent:
      return "absent";
  }
  return "absent";
}

std::string merge_driver_command(const std::string& program) {
  return program + " merge-driver --marker-size=%L %O %A %B %P";
}

std::string attribute_pattern(std::string_view glob) {
  std::string p;
  if (glob.find('/') == std::string_view::npos) p = "/";
  for (std::size_t i = 0; i < glob.size(); ++i) {
    if (glob[i] == '*' && !p.empty() && p.back() == '*' && i > 0 && glob[i - 1] == '*') continue;
    p += glob[i];
  }
  if (p.starts_with('!') || p.starts_with('#')) p.insert(0, "\\");
  if (p.find_first_of(" \t\"") == std::string::npos) return p;
  std::string q = "\"";
  for (char c : p) {
    if (c == '"' || c == '\\') q += '\\';
    if (c == '\t') {
      q += "\\t";
      continue;
    }
    q += c;
  }
  return q + "\"";
}

MergeDriverRegistration install_merge_driver(const RepositoryInfo& repo,
                                             const std::vector<std::string>& task_files,
                                             const std::string& command, bool local) {
  MergeDriverRegistration r;
  const std::string attributes = attributes_file(repo, local);
  const std::string config_file = repo.commondir + "config";
  {
    const detail::Config c = open_config(config_file);
    r.config.push_back(set(c.get(), config_file, kNameKey, kName));
    r.config.push_back(set(c.get(), config_file, kDriverKey, command));
  }
  std::vector<std::string> patterns;
  for (const std::string& g : task_files) {
    const std::string p = attribute_pattern(g);
    if (std::find(patterns.begin(), patterns.end(), p) == patterns.end()) patterns.push_back(p);
  }
  add_attribute_lines(attributes, patterns, r.attributes);
  return r;
}

MergeDriverRegistration uninstall_merge_driver(const RepositoryInfo& repo) {
  MergeDriverRegistration r;
  const std::string config_file = repo.commondir + "config";
  {
    const detail::Config c = open_config(config_file);
    r.config.push_back(unset(c.get(), config_file, kNameKey));
    r.config.push_back(unset(c.get(), config_file, kDriverKey));
  }
  remove_empty_section(config_file);
  if (!repo.workdir.empty()) remove_attribute_lines(repo.workdir + ".gitattributes", r.attributes);
  remove_attribute_lines(repo.commondir + "info/attributes", r.attributes);
  return r;
}

}  // namespace wildplan
