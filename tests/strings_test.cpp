// The private string helpers and FirstIndex the rules are built on.
#include "source/strings.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

#include "rules/first_index.hpp"
#include "rules/check.hpp"
#include "wildplan/diff.hpp"

namespace wildplan::detail {
namespace {

TEST(Strings, FoldedComparisons) {
  EXPECT_TRUE(equals_folded("Done-When", "done-when"));
  EXPECT_FALSE(equals_folded("done-whe", "done-when"));
  EXPECT_FALSE(equals_folded("DONE-WHEN!", "done-when"));
  EXPECT_TRUE(starts_with_folded("TASK 12", "task "));
  EXPECT_FALSE(starts_with_folded("TAS", "task "));
  EXPECT_TRUE(contains_folded("Midpoint REFLECTION on the loss", "reflect"));
  EXPECT_TRUE(contains_folded("reflect", "reflect"));
  EXPECT_FALSE(contains_folded("reflec", "reflect"));
  EXPECT_FALSE(contains_folded("", "reflect"));
  // Only ASCII folds: bytes above 0x7F are compared as they are.
  EXPECT_FALSE(equals_folded("\xC3\x89t\xC3\xA9", "\xC3\xA9t\xC3\xA9"));
}

TEST(Strings, IsAlnumAsciiIsIsalnumInTheCLocale) {
  for (int c = 0; c < 256; ++c) {
    EXPECT_EQ(is_alnum_ascii(static_cast<char>(c)), std::isalnum(c) != 0) << c;
  }
}

TEST(Strings, ConcatTextsAndNumbers) {
  const std::string id = "[P2-T3]";
  EXPECT_EQ(concat("'", id, "' follows 'P", std::string_view("2"), "-T", 1L, "'"),
            "'[P2-T3]' follows 'P2-T1'");
  EXPECT_EQ(concat("#", std::size_t{18446744073709551615u}, " and ", -42, "."),
            "#18446744073709551615 and -42.");
  EXPECT_EQ(concat(""), "");
}

TEST(Strings, AssignLowerReusesTheBuffer) {
  std::string out;
  assign_lower(out, "A Much Longer Text Than The Next One, To Size The Buffer");
  const std::size_t capacity = out.capacity();
  assign_lower(out, "Short TEXT");
  EXPECT_EQ(out, "short text");
  EXPECT_EQ(out.capacity(), capacity);
}

TEST(Strings, AppendNormalisedMatchesNormaliseTaskText) {
  std::string all = "prefix|";
  for (const char* text : {"  **Write**  the\tmodel\n class ", "", "   ", "_A_ b", "x"}) {
    const std::size_t at = all.size();
    append_normalised(all, text);
    EXPECT_EQ(all.substr(at), normalise_task_text(text)) << text;
    EXPECT_LE(all.size() - at, std::string_view(text).size());
  }
  EXPECT_EQ(normalise_task_text("  **Write**  the\tmodel\n class "), "write the model class");
  EXPECT_TRUE(all.starts_with("prefix|write the model class"));
}

TEST(FirstIndex, TheFirstIndexWinsAndTheTableGrows) {
  std::vector<std::string> texts;
  for (int i = 0; i < 5000; ++i) texts.push_back("task " + std::to_string(i % 1000));
  FirstIndex index(3);  // far too small: it must grow
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(index.add(texts[i], i), i % 1000) << i;
  }
  EXPECT_EQ(index.find("task 999"), 999u);
  EXPECT_EQ(index.find("task 1000"), std::nullopt);
  EXPECT_EQ(index.find(""), std::nullopt);
  EXPECT_EQ(index.add("", 7), 7u);
  EXPECT_EQ(index.add("", 8), 7u);
  EXPECT_EQ(index.find(""), 7u);
}

}  // namespace
}  // namespace wildplan::detail
