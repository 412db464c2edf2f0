// one_of(): the options whose values are a fixed list, and that list for the completions.
#include "command.hpp"

#include <map>
#include <utility>

namespace wildplan::cli {
namespace {

/// The lists one_of() gave, by option. The command table is built once, on one thread.
std::map<const CLI::Option*, std::vector<std::string>>& choices() {
  static std::map<const CLI::Option*, std::vector<std::string>> by_option;
  return by_option;
}

}  // namespace

CLI::Option* one_of(CLI::Option* opt, std::vector<std::string> values) {
  opt->check(CLI::IsMember(values));
  choices()[opt] = std::move(values);
  return opt;
}

const std::vector<std::string>& choices_of(const CLI::Option& opt) {
  static const std::vector<std::string> kAny;
  const auto it = choices().find(&opt);
  return it == choices().end() ? kAny : it->second;
}

}  // namespace wildplan::cli
