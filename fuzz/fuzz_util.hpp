#pragma once
// What the fuzz targets share: a failed property aborts, so libFuzzer keeps the input.

#include <cstdio>
#include <cstdlib>
#include <string_view>

#define FUZZ_ASSERT(cond)                                                               \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "property failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)

// nlohmann::json::accept, compiled apart (json_check.cpp).
bool is_valid_json(std::string_view text);
