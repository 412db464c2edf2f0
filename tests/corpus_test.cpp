// The shared corpus: real task lists and agent outputs from public repositories, with what a
// correct parse counts in truth.tsv. Every row is a test.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_util.hpp"
#include "wildplan/extract.hpp"
#include "wildplan/plan.hpp"

namespace wildplan {
namespace {

const std::filesystem::path kCorpus = WILDPLAN_CORPUS_DIR;

struct TruthRow {
  std::string file;
  std::size_t items = 0, checked = 0, in_progress = 0, plan_count = 0, bytes = 0;
};

std::vector<TruthRow> truth_rows() {
  std::vector<TruthRow> rows;
  std::ifstream in(kCorpus / "truth.tsv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, '\t');) cols.push_back(c);
    if (cols.size() < 13) continue;
    // set file items checked in_progress other_marks plan_block plan_count items_in_plan
    // fenced_items line_endings traps bytes sha256
    rows.push_back({cols[1], std::stoul(cols[2]), std::stoul(cols[3]), std::stoul(cols[4]),
                    std::stoul(cols[7]), std::stoul(cols[12])});
  }
  return rows;
}

class Corpus : public testing::TestWithParam<TruthRow> {};

TEST_P(Corpus, CountsMatchTruth) {
  const TruthRow& row = GetParam();
  const Source src = read_source((kCorpus / row.file).string());
  ASSERT_EQ(src.size(), row.bytes) << "the corpus file changed";
  const auto parsed = parse_plan(src);
  const auto counts = parsed.value->counts();
  EXPECT_EQ(parsed.value->tasks.size(), row.items);
  EXPECT_EQ(counts[static_cast<int>(Status::Done)], row.checked);
  EXPECT_EQ(counts[static_cast<int>(Status::InProgress)], row.in_progress);
  if (row.file.starts_with("outputs/")) {
    const Reply reply = extract_reply(src);
    // truth.tsv counts a placeholder inside a code fence as "a template, not a block"
    // (research-agent__wild-v2-planning-prompt.md: "1 <plan> tag(s) inside code fences
    // (template, not a block)", plan_count 0). wildplan keeps every block and marks the
    // placeholder, so the comparable number is the count of non-placeholder blocks.
    std::size_t real = 0;
    for (const Block& b : reply.blocks) real += b.tag == Tag::Plan && !b.placeholder;
    EXPECT_EQ(real, row.plan_count);
  }
}

std::string row_name(const testing::TestParamInfo<TruthRow>& info) {
  std::string name = info.param.file;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Truth, Corpus, testing::ValuesIn(truth_rows()), row_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Corpus);

TEST(CorpusPresence, TheCorpusIsThere) {
  // CI has ../shared beside the checkout (and sets WILDPLAN_REQUIRE_SHARED=1): there the rows
  // above must not silently vanish. A clone without it skips, saying why.
  WILDPLAN_NEEDS_SHARED(kCorpus / "truth.tsv");
  EXPECT_GE(truth_rows().size(), 49u);
}

}  // namespace
}  // namespace wildplan
