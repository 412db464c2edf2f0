#pragma once
// The memory of one cmark-gfm parse: a bump allocator over fresh anonymous mappings, released
// all at once when the parse's tree is no longer needed.
//
// Why not cmark-gfm's own arena: it is one global (so parses had to take turns), and its first
// slab is a 4 MiB calloc. glibc serves the first such calloc with a fresh mapping, but after it
// is freed the mmap threshold rises and every later one comes from the heap and is cleared by
// memset: 4 MiB written per parse, whatever the input's size. Fresh mappings are already zero,
// and memory that is never touched costs nothing, so only what a parse used is ever cleared: the
// part of the one small mapping each thread keeps for its next parse.

#include <cmark-gfm.h>

#include <cstddef>
#include <vector>

namespace wildplan::detail {

class CmarkArena {
 public:
  /// `input_size` sizes the first mapping (cmark-gfm needs a few times its input).
  explicit CmarkArena(std::size_t input_size);
  ~CmarkArena();
  CmarkArena(const CmarkArena&) = delete;
  CmarkArena& operator=(const CmarkArena&) = delete;

  /// The allocator to hand cmark-gfm. It allocates from the innermost live CmarkArena of the
  /// calling thread, so everything cmark-gfm allocates for a tree (parser, nodes, iterators) must
  /// happen while this arena is alive, on this thread.
  static cmark_mem* allocator();

 private:
  struct Mapping {
    char* base;
    std::size_t size;
    std::size_t used;  // set when the next mapping starts, and at the end
  };
  void* allocate(std::size_t n);
  void* reallocate(void* p, std::size_t n);
  void add_mapping(std::size_t at_least);
  /// Records how much of the current mapping was handed out.
  void close_mapping();

  static void* c_calloc(std::size_t count, std::size_t size);
  static void* c_realloc(void* p, std::size_t n);
  static void c_free(void* p);

  std::vector<Mapping> mappings_;
  char* next_ = nullptr;
  char* end_ = nullptr;
  char* last_ = nullptr;  // the latest block, which can grow in place
  std::size_t next_size_;
  CmarkArena* outer_;
};

}  // namespace wildplan::detail
