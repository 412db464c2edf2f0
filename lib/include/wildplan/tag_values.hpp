#pragma once
// Tags whose body is data: the loop's newer tags carry JSON (`<evo_sweep>`) or `key: value` lines
// (`<experiments>` with `- goal:` records, `<spawn_research>`, `<steer_child>`, `<stop_child>`).
// A tag asked for with a format (ExtractOptions::formats: `--tag NAME --tag-format json|fields`,
// or the configuration's `tags`) has its signal's body read into a typed value, the block chosen
// by the signal policy (select_signals: the last closed block that is the agent's own); a body
// that does not parse is error `tag-value-invalid` at the place it stops.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wildplan {

enum class TagFormat {
  Text,    ///< the trimmed body (Signals::others), nothing more
  Json,    ///< one JSON value; a body that is one fenced block (```json) is read inside it
  Fields,  ///< `key: value` lines; a line `- key: value` starts another record
};

/// "text", "json", "fields"; and back (nullopt for anything else).
const char* to_string(TagFormat f);
std::optional<TagFormat> tag_format_from_string(std::string_view s);

/// One record of a `fields` body: its keys and values in order (a value trimmed, one pair of
/// matching quotes around it removed, as the loop reads them).
struct TagRecord {
  std::vector<std::pair<std::string, std::string>> fields;
};

struct TagValue {
  std::string name;  ///< lower-cased
  TagFormat format = TagFormat::Text;
  bool found = false;  ///< a block of the tag is the signal
  bool valid = false;  ///< and its body parsed
  std::string json;    ///< Json: the value, written compactly (keys in the order written)
  std::vector<TagRecord> records;  ///< Fields
};

}  // namespace wildplan
