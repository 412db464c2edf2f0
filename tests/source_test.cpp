#include "wildplan/source.hpp"

#include <gtest/gtest.h>

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
