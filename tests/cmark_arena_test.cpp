#include "parse/cmark_arena.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "wildplan/plan.hpp"

namespace wildplan {
namespace {

using detail::CmarkArena;

bool all_zero(const void* p, std::size_t n) {
  const auto* b = static_cast<const unsigned char*>(p);
  for (std::size_t i = 0; i < n; ++i)
    if (b[i]) return false;
  return true;
}

TEST(CmarkArena, CallocIsZeroAndBlocksDoNotOverlap) {
  CmarkArena arena(100);
  cmark_mem* mem = CmarkArena::allocator();
  std::vector<char*> blocks;
  for (std::size_t n : {1u, 7u, 16u, 100u, 4096u, 3u << 20}) {  // the last needs a new mapping
    auto* p = static_cast<char*>(mem->calloc(1, n));
    ASSERT_TRUE(all_zero(p, n));
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % 16, 0u);
    std::memset(p, 0xab, n);
    blocks.push_back(p);
  }
  // Writing each block in full left the others' first bytes as they were written.
  for (char* p : blocks) EXPECT_EQ(static_cast<unsigned char>(*p), 0xab);
}

TEST(CmarkArena, ReallocKeepsTheBytesWhetherItGrowsInPlaceOrMoves) {
  CmarkArena arena(0);
  cmark_mem* mem = CmarkArena::allocator();
  auto* a = static_cast<char*>(mem->realloc(nullptr, 10));
  std::memcpy(a, "0123456789", 10);
  auto* grown = static_cast<char*>(mem->realloc(a, 1000));  // the latest block: in place
  EXPECT_EQ(grown, a);
  auto* b = static_cast<char*>(mem->calloc(1, 8));
  std::memcpy(b, "abcdefgh", 8);
  auto* moved = static_cast<char*>(mem->realloc(grown, 5000));  // not the latest: a copy
  EXPECT_NE(moved, grown);
  EXPECT_EQ(std::string(moved, 10), "0123456789");
  EXPECT_EQ(std::string(b, 8), "abcdefgh");
  EXPECT_EQ(mem->realloc(moved, 3), moved);  // shrinking keeps the block
  mem->free(moved);                          // a no-op until the arena goes
}

TEST(CmarkArena, NestedArenasAllocateFromTheInnermost) {
  CmarkArena outer(0);
  cmark_mem* mem = CmarkArena::allocator();
  auto* kept = static_cast<char*>(mem->calloc(1, 32));
  std::memcpy(kept, "outer", 6);
  {
    CmarkArena inner(0);
    auto* p = static_cast<char*>(mem->calloc(1, 32));
    std::memcpy(p, "inner", 6);
  }  // the inner arena's memory is gone; the outer one's is not
  auto* again = static_cast<char*>(mem->calloc(1, 32));
  EXPECT_TRUE(all_zero(again, 32));
  EXPECT_STREQ(kept, "outer");
}

TEST(CmarkArena, ParsesOnSeveralThreadsAtOnceAgreeWithOneThread) {
  std::string text = "# Tasks\n\n## Tasks\n";
  for (int i = 1; i <= 2000; ++i)
    text += "- [" + std::string(i % 3 ? " " : "x") + "] Task " + std::to_string(i) + ": do " +
            std::to_string(i) + "\n  - [ ] sub " + std::to_string(i) + "\n";
  const Source src("tasks.md", text);
  const Plan expected = *parse_plan(src).value;
  ASSERT_EQ(expected.tasks.size(), 4000u);
  std::vector<std::thread> threads;
  std::vector<int> agree(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        const Plan p = *parse_plan(src).value;
        bool same = p.tasks.size() == expected.tasks.size();
        for (std::size_t i = 0; same && i < p.tasks.size(); ++i)
          same = p.tasks[i].text == expected.tasks[i].text &&
                 p.tasks[i].box == expected.tasks[i].box &&
                 p.tasks[i].parent == expected.tasks[i].parent;
        agree[static_cast<std::size_t>(t)] += same;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int a : agree) EXPECT_EQ(a, 5);
}

}  // namespace
}  // namespace wildplan

namespace wildplan {
namespace {

// Each thread keeps one small mapping for its next parse, cleared where the last one wrote: what
// the next arena hands out is zero again, and the mapping is the same one.
TEST(CmarkArena, TheSpareMappingComesBackZero) {
  char* first = nullptr;
  {
    CmarkArena arena(100);
    auto* p = static_cast<char*>(CmarkArena::allocator()->calloc(1, 200000));
    std::memset(p, 0xcd, 200000);
    first = p;
  }
  {
    CmarkArena arena(100);
    auto* p = static_cast<char*>(CmarkArena::allocator()->calloc(1, 300000));
    EXPECT_EQ(p, first);  // the spare, reused
    EXPECT_TRUE(all_zero(p, 300000));
  }
  // A parse that outgrew the small mapping into a second one: the small one is cleared in full.
  {
    CmarkArena arena(100);
    cmark_mem* mem = CmarkArena::allocator();
    auto* a = static_cast<char*>(mem->calloc(1, 1000000));
    std::memset(a, 0xef, 1000000);
    auto* b = static_cast<char*>(mem->calloc(1, 500000));  // does not fit: a new mapping
    std::memset(b, 0xef, 500000);
  }
  {
    CmarkArena arena(100);
    auto* p = static_cast<char*>(CmarkArena::allocator()->calloc(1, 1000000));
    EXPECT_TRUE(all_zero(p, 1000000));
  }
  // Many small parses in a row agree with the first.
  const Source src("tasks.md", "# Tasks\n\n## Tasks\n- [ ] one\n- [x] two\n  - [ ] three\n");
  const Plan expected = *parse_plan(src).value;
  for (int i = 0; i < 100; ++i) {
    const Plan p = *parse_plan(src).value;
    ASSERT_EQ(p.tasks.size(), expected.tasks.size());
    for (std::size_t k = 0; k < p.tasks.size(); ++k)
      EXPECT_EQ(p.tasks[k].text, expected.tasks[k].text);
  }
}

}  // namespace
}  // namespace wildplan
