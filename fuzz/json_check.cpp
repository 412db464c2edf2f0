// Whether text is valid JSON. Built without coverage instrumentation: the checker is not what is
// fuzzed, and its instrumented lexer cost more than the code under test.
#include <nlohmann/json.hpp>

#include "fuzz_util.hpp"

bool is_valid_json(std::string_view text) { return nlohmann::json::accept(text); }
