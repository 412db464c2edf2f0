// .wildplan.json: parsed with nlohmann_json, checked key by key. Every problem names its JSON
// path and is positioned at the key in the file.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

#include "wildplan/extract.hpp"
#include "wildplan/git.hpp"
#include "wildplan/rules.hpp"

namespace wildplan {
namespace {

using nlohmann::json;

constexpr const char* kLimitNames[] = {"min_tasks",  "max_tasks",       "min_phases",
                                       "max_phases", "min_phase_tasks", "max_phase_tasks",
                                       "min_words"};

class ConfigReader {
 public:
  explicit ConfigReader(const Source& src) : src_(src) {}

  void error(const std::vector<std::string>& path, const std::string& message) {
    std::string p = "$";
    for (const auto& k : path) p += "." + k;
    // Position: each key of the path, searched for in turn after the previous one.
    std::size_t at = 0;
    bool found = !path.empty();
    for (const auto& k : path) {
      const std::size_t hit = src_.bytes().find("\"" + k + "\"", at);
      if (hit == std::string_view::npos) {
        found = false;
        break;
      }
      at = hit;
    }
    Diagnostic d = found ? make_diagnostic(src_, {at, at + path.back().size() + 2}, Severity::Error,
                                           "config-invalid", p + ": " + message)
                         : Diagnostic{src_.name(),       {}, {}, Severity::Error, "config-invalid",
                                      p + ": " + message, {}, {}};
    out_.diagnostics.push_back(std::move(d));
  }

  /// An error about the element `index` of the array at `path`, positioned at the element when
  /// it is written as nlohmann_json writes it (else at the array's key).
  void element_error(const std::vector<std::string>& path, std::size_t index, const json& element,
                     const std::string& message) {
    std::vector<std::string> element_path = path;
    element_path.back() += "[" + std::to_string(index) + "]";
    error(element_path, message);
    Diagnostic& d = out_.diagnostics.back();
    std::size_t at = 0;
    for (const auto& k : path) {
      at = src_.bytes().find("\"" + k + "\"", at);
      if (at == std::string_view::npos) return;
    }
    const std::string written = element.dump();
    const std::size_t hit = src_.bytes().find(written, at);
    if (hit != std::string_view::npos) {
      d = make_diagnostic(src_, {hit, hit + written.size()}, Severity::Error, "config-invalid",
                          d.message);
    }
  }

  Parsed<Config> read() {
    json doc;
    const auto not_json = [&](std::size_t at, const std::string& msg) {
      out_.diagnostics.push_back(make_diagnostic(src_, {at, at}, Severity::Error, "config-invalid",
                                                 "not valid JSON: " + msg));
      return std::move(out_);
    };
    try {
      doc = json::parse(src_.bytes().begin(), src_.bytes().end());
    } catch (const json::parse_error& e) {
      std::string msg = e.what();
      if (auto p = msg.find("syntax error"); p != std::string::npos) msg = msg.substr(p);
      return not_json(e.byte > 0 ? std::min<std::size_t>(e.byte - 1, src_.size()) : 0, msg);
    } catch (const json::exception& e) {
      // Read but not representable: a number beyond a double, `1e999` (found by fuzzing: it
      // escaped as an exception and aborted the run).
      std::string msg = e.what();
      if (auto p = msg.find("] "); p != std::string::npos) msg = msg.substr(p + 2);
      return not_json(0, msg);
    }
    if (!doc.is_object()) {
      error({}, "the configuration is a JSON object");
      return std::move(out_);
    }
    Config c;
    for (auto& [key, value] : doc.items()) read_key(key, value, c);
    if (out_.diagnostics.empty()) out_.value = std::move(c);
    // nlohmann_json orders keys by name; report in the file's order.
    std::stable_sort(
        out_.diagnostics.begin(), out_.diagnostics.end(), [](const auto& a, const auto& b) {
          return std::tie(a.begin.line, a.begin.column) < std::tie(b.begin.line, b.begin.column);
        });
    return std::move(out_);
  }

 private:
  /// One top-level key of the configuration, read into `c`.
  void read_key(const std::string& key, const json& value, Config& c) {
    if (key == "$schema") return;
    if (key == "profile") {
      const auto p =
          value.is_string() ? profile_from_string(value.get<std::string>()) : std::nullopt;
      if (!p) {
        error({key}, "expected one of \"auto\", \"v2-planning\", \"v2-phased\", \"v2-compact\", "
                     "\"generic\"");
      } else {
        c.profile = *p;
      }
    } else if (key == "rules") {
      read_rules(value, c);
    } else if (key == "limits") {
      read_limits(value, c);
    } else if (key == "experiment_words" || key == "task_files") {
      auto list = read_strings(key, value);
      if (key == "experiment_words") {
        c.experiment_words = std::move(list);
      } else {
        c.task_files = std::move(list);
      }
    } else if (key == "statuses") {
      read_statuses(value, c);
    } else if (key == "commit") {
      read_commit(value, c);
    } else if (key == "tags") {
      read_tags(value, c);
    } else {
      error({key},
            "unknown key (known: profile, rules, limits, experiment_words, statuses, task_files, "
            "tags, commit)");
    }
  }

  void read_rules(const json& value, Config& c) {
    if (!value.is_object()) return error({"rules"}, "expected an object of rule ids");
    for (auto& [id, sev] : value.items()) {
      if (!find_rule(id)) {
        error({"rules", id}, "unknown rule");
        continue;
      }
      const std::string s = sev.is_string() ? sev.get<std::string>() : "";
      if (s == "off") {
        c.rules[id] = std::nullopt;
      } else if (s == "note") {
        c.rules[id] = Severity::Note;
      } else if (s == "warning") {
        c.rules[id] = Severity::Warning;
      } else if (s == "error") {
        c.rules[id] = Severity::Error;
      } else {
        error({"rules", id}, "expected \"off\", \"note\", \"warning\" or \"error\"");
      }
    }
  }

  void read_limits(const json& value, Config& c) {
    if (!value.is_object()) return error({"limits"}, "expected an object of limits");
    for (auto& [name, n] : value.items()) {
      if (std::find(std::begin(kLimitNames), std::end(kLimitNames), name) ==
          std::end(kLimitNames)) {
        error({"limits", name},
              "unknown limit (known: min_tasks, max_tasks, min_phases, max_phases, "
              "min_phase_tasks, max_phase_tasks, min_words)");
      } else if (!n.is_number_integer() || n.get<long long>() < 0 ||
                 n.get<long long>() > 1'000'000) {
        error({"limits", name}, "expected a whole number from 0 to 1000000");
      } else {
        c.limits[name] = n.get<int>();
      }
    }
  }

  /// `"tags"`: names, or `{"name": ..., "format": "text"|"json"|"fields"}` objects.
  void read_tags(const json& value, Config& c) {
    if (!value.is_array()) return error({"tags"}, "expected an array of tag names or objects");
    for (const json& t : value) {
      std::string name;
      std::optional<TagFormat> format;
      if (t.is_string()) {
        name = t.get<std::string>();
      } else if (t.is_object() && t.contains("name") && t["name"].is_string()) {
        name = t["name"].get<std::string>();
        for (const auto& [k, v] : t.items()) {
          if (k == "name") continue;
          if (k != "format") {
            error({"tags", k}, "unknown key (known: name, format)");
            continue;
          }
          format = v.is_string() ? tag_format_from_string(v.get<std::string>()) : std::nullopt;
          if (!format) error({"tags", k}, "expected text, json or fields");
        }
      } else {
        error({"tags"}, "expected a tag name or {\"name\": ..., \"format\": ...}");
        continue;
      }
      if (!tag_name_is_valid(name)) {
        error({"tags"}, "'" + name + "' is not a tag name");
        continue;
      }
      c.tags.push_back(name);
      if (format) c.tag_formats.emplace_back(name, *format);
    }
  }

  std::vector<std::string> read_strings(const std::string& key, const json& value) {
    std::vector<std::string> out;
    if (!value.is_array()) {
      error({key}, "expected an array of strings");
      return out;
    }
    for (const auto& s : value) {
      if (!s.is_string() || s.get<std::string>().empty()) {
        error({key}, "expected an array of non-empty strings");
        return {};
      }
      out.push_back(s.get<std::string>());
    }
    return out;
  }

  void read_commit(const json& value, Config& c) {
    if (!value.is_object()) return error({"commit"}, "expected an object: {\"exclude\": [...]}");
    for (auto& [key, setting] : value.items()) {
      if (key != "exclude") {
        error({"commit", key}, "unknown key (known: exclude)");
        continue;
      }
      if (!setting.is_array()) {
        error({"commit", key}, "expected an array of patterns");
        continue;
      }
      for (std::size_t i = 0; i < setting.size(); ++i) {
        const json& pattern = setting[i];
        const auto why = pattern.is_string() ? exclude_pattern_error(pattern.get<std::string>())
                                             : std::optional<std::string>("expected a string");
        if (why) {
          element_error(
              {"commit", key}, i, pattern,
              pattern.is_string() ? "'" + pattern.get<std::string>() + "': " + *why : *why);
        } else {
          c.commit_exclude.push_back(pattern.get<std::string>());
        }
      }
    }
  }

  void read_statuses(const json& value, Config& c) {
    if (!value.is_object())
      return error({"statuses"}, "expected an object mapping a box character to a status");
    for (auto& [ch, status] : value.items()) {
      const auto s =
          status.is_string() ? status_from_string(status.get<std::string>()) : std::nullopt;
      if (ch.size() != 1) {
        error({"statuses", ch}, "a box holds exactly one character");
      } else if (!s) {
        error({"statuses", ch},
              "expected \"todo\", \"done\", \"in_progress\", \"cancelled\", \"blocked\" or "
              "\"other\"");
      } else {
        c.statuses.set(ch[0], *s);
      }
    }
  }

  const Source& src_;
  Parsed<Config> out_;
};

}  // namespace

Parsed<Config> parse_config(const Source& json_source) { return ConfigReader(json_source).read(); }

void apply_rule_settings(const Config& config, std::vector<Diagnostic>& diagnostics) {
  if (config.rules.empty()) return;
  std::erase_if(diagnostics, [&](Diagnostic& d) {
    const auto it = config.rules.find(d.rule);
    if (it == config.rules.end()) return false;
    if (!it->second) return true;
    d.severity = *it->second;
    return false;
  });
}

}  // namespace wildplan
