#include "wildplan/source.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <string>

#include "test_util.hpp"
#include "wildplan/diagnostic.hpp"

namespace wildplan {
namespace {

TEST(Source, MapsOffsetsToLinesAndByteColumns) {
  const Source src("a.md", "ab\ncd\n");
  EXPECT_EQ(src.position(0), (SourcePos{1, 1}));
  EXPECT_EQ(src.position(1), (SourcePos{1, 2}));
  EXPECT_EQ(src.position(2), (SourcePos{1, 3}));  // the line end itself
  EXPECT_EQ(src.position(3), (SourcePos{2, 1}));
  EXPECT_EQ(src.position(6), (SourcePos{3, 1}));  // the end of input
  EXPECT_EQ(src.line_count(), 3u);
}

TEST(Source, CountsCrlfAndLoneCrAsOneLineEndEach) {
  const Source src("a.md", "a\r\nb\rc\nd");
  EXPECT_EQ(src.position(3), (SourcePos{2, 1}));
  EXPECT_EQ(src.position(5), (SourcePos{3, 1}));
  EXPECT_EQ(src.position(7), (SourcePos{4, 1}));
  EXPECT_EQ(src.line_text(1), "a");
  EXPECT_EQ(src.line_text(2), "b");
  EXPECT_EQ(src.line_text(4), "d");
}

TEST(Source, KeepsEveryByte) {
  const std::string bytes("\xEF\xBB\xBF- [ ] a\0b \xFF\xC0\x80\r\n", 17);
  const Source src("a.md", bytes);
  EXPECT_EQ(src.bytes(), bytes);
  EXPECT_TRUE(src.has_bom());
  EXPECT_EQ(src.line_count(), 2u);
  EXPECT_EQ(src.position(9), (SourcePos{1, 10}));  // columns count bytes, the BOM included
}

TEST(Source, ColumnsCountBytesNotCharacters) {
  const Source src("a.md", "\xC3\xA9x");  // é is two bytes
  EXPECT_EQ(src.position(2), (SourcePos{1, 3}));
}

/// Line and column the slow, obvious way.
SourcePos naive_position(std::string_view s, std::size_t offset) {
  SourcePos p{1, 1};
  for (std::size_t i = 0; i < offset; ++i) {
    const bool end = s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'));
    if (end) {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

TEST(Source, AgreesWithACountFromTheStartAcrossBlocksAndLineEnds) {
  // Long lines across the 4 KiB blocks of the index, CRLF split by a block boundary, lone CRs.
  std::uint32_t seed = 7;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  for (int round = 0; round < 20; ++round) {
    std::string bytes;
    while (bytes.size() < 20000) {
      const std::uint32_t r = next() % 100;
      bytes += r < 3 ? "\r\n" : r < 5 ? "\r" : r < 8 ? "\n" : r < 9 ? std::string(5000, 'x') : "a";
    }
    const Source src("a.md", bytes);
    for (std::size_t off = 0; off <= bytes.size(); off += 1 + next() % 97) {
      ASSERT_EQ(src.position(off), naive_position(bytes, off)) << "offset " << off;
    }
    ASSERT_EQ(src.position(bytes.size()), naive_position(bytes, bytes.size()));
  }
}

TEST(Source, PositionsOnOneLongLineCostNoMoreThanABlockEach) {
  // Regression: each query walked back to the line's start, so 50,000 tags on one 4 MB line
  // took minutes. A hang guard, not a benchmark: a second is a thousand times the need.
  const std::string bytes(std::size_t{4} << 20, 'x');
  const Source src("a.md", bytes);
  const std::clock_t start = std::clock();
  std::size_t sum = 0;
  for (std::size_t off = 0; off < bytes.size(); off += bytes.size() / 50000) {
    sum += src.position(off).column;
  }
  EXPECT_GT(sum, 0u);
  EXPECT_EQ(src.position(bytes.size()), (SourcePos{1, static_cast<std::uint32_t>(bytes.size() + 1)}));
  EXPECT_LT(test::cpu_seconds_since(start), 1.0);
}

TEST(ReadSource, ReportsAMissingFileWithItsPath) {
  try {
    read_source("/nonexistent/tasks.md");
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot open '/nonexistent/tasks.md': No such file or directory");
  }
}

TEST(ReadSource, RefusesADirectory) { EXPECT_THROW(read_source("/tmp"), Error); }

TEST(ReadSource, ReadsAnEmptyFile) {
  const Source src = read_source("/dev/null");
  EXPECT_EQ(src.size(), 0u);
  EXPECT_EQ(src.position(0), (SourcePos{1, 1}));
}

}  // namespace
}  // namespace wildplan
