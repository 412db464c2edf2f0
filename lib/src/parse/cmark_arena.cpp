#include "parse/cmark_arena.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <utility>

namespace wildplan::detail {
namespace {

thread_local CmarkArena* t_current = nullptr;

// Each block is preceded by its size, and blocks are aligned as malloc's are.
constexpr std::size_t kHeader = 16;
constexpr std::size_t kMinMapping = std::size_t{1} << 20;
constexpr std::size_t kHugePage = std::size_t{2} << 20;
// Mappings of a huge page or more are advised huge pages: with the first mapping at 6x the input,
// a 1 MB plan's arena starts at 6.8 MB, and below 8 MB (the old threshold) its 4 KiB faults cost
// 12% of parsing 10,000 tasks.
constexpr std::size_t kHugeFrom = kHugePage;

std::size_t round_up(std::size_t n) { return (n + kHeader - 1) & ~(kHeader - 1); }

// One mapping of the smallest size kept per thread between parses, cleared where it was used: a
// program that parses small documents one after another (diff, check, the fuzzers) would map,
// fault in and unmap a fresh one each time, which costs more than the parse.
struct Spare {
  char* base = nullptr;
  ~Spare() {
    if (base) munmap(base, kMinMapping);
  }
};
thread_local Spare t_spare;

[[noreturn]] void out_of_memory() {
  // cmark-gfm cannot report a failed allocation (its own allocator aborts): end as git's
  // die("Out of memory") does, with the CLI's exit status for a failure of the environment,
  // instead of an abort and a core.
  static constexpr char kMessage[] = "wildplan: error: out of memory (parsing Markdown)\n";
  (void)!::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  std::_Exit(2);
}

}  // namespace

CmarkArena::CmarkArena(std::size_t input_size)
    // cmark-gfm takes about twenty bytes per byte of input (measured on 10,000 tasks): the
    // first mapping is a quarter of that, and each next one twice the last, so that what is
    // mapped stays within about twice what is used.
    : next_size_(std::max(kMinMapping, round_up(input_size) * 6)), outer_(t_current) {
  t_current = this;
}

void CmarkArena::close_mapping() {
  if (!mappings_.empty())
    mappings_.back().used = static_cast<std::size_t>(next_ - mappings_.back().base);
}

CmarkArena::~CmarkArena() {
  t_current = outer_;
  close_mapping();
  for (const Mapping& m : mappings_) {
    if (m.size == kMinMapping && !t_spare.base) {
      std::memset(m.base, 0, m.used);  // zero again, as a fresh mapping is
      t_spare.base = m.base;
    } else {
      munmap(m.base, m.size);
    }
  }
}

void CmarkArena::add_mapping(std::size_t at_least) {
  std::size_t size = std::max(next_size_, round_up(at_least));
  if (size >= kHugeFrom) size = (size + kHugePage - 1) & ~(kHugePage - 1);
  close_mapping();
  void* p = nullptr;
  if (size == kMinMapping && t_spare.base) {
    p = std::exchange(t_spare.base, nullptr);
  } else {
    p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) out_of_memory();
  }
  // A big parse touches tens of megabytes: one fault per 2 MiB page instead of one per 4 KiB
  // (where the system allows transparent huge pages; advice, not a requirement).
  if (size >= kHugeFrom) ::madvise(p, size, MADV_HUGEPAGE);
  mappings_.push_back({static_cast<char*>(p), size, 0});
  next_ = static_cast<char*>(p);
  end_ = next_ + size;
  if (next_size_ < std::numeric_limits<std::size_t>::max() / 4) next_size_ *= 2;
}

void* CmarkArena::allocate(std::size_t n) {
  if (n > std::numeric_limits<std::size_t>::max() / 2) out_of_memory();
  const std::size_t need = kHeader + round_up(n);
  if (static_cast<std::size_t>(end_ - next_) < need) add_mapping(need);
  char* block = next_ + kHeader;
  std::memcpy(block - sizeof(std::size_t), &n, sizeof n);
  next_ += need;
  last_ = block;
  return block;  // never handed out before, so still zero
}

void* CmarkArena::reallocate(void* p, std::size_t n) {
  if (!p) return allocate(n);
  char* block = static_cast<char*>(p);
  std::size_t old = 0;
  std::memcpy(&old, block - sizeof(std::size_t), sizeof old);
  if (n <= old) return p;
  if (block == last_ && n <= static_cast<std::size_t>(end_ - block)) {
    // The buffer being grown is the latest block (cmark-gfm's string buffers usually are).
    next_ = block + round_up(n);
    std::memcpy(block - sizeof(std::size_t), &n, sizeof n);
    return p;
  }
  void* fresh = allocate(n);
  std::memcpy(fresh, p, old);
  return fresh;
}

void* CmarkArena::c_calloc(std::size_t count, std::size_t size) {
  if (size && count > std::numeric_limits<std::size_t>::max() / size) out_of_memory();
  return t_current->allocate(count * size);
}
void* CmarkArena::c_realloc(void* p, std::size_t n) { return t_current->reallocate(p, n); }
void CmarkArena::c_free(void*) {}  // everything goes when the arena does

cmark_mem* CmarkArena::allocator() {
  static cmark_mem mem{&c_calloc, &c_realloc, &c_free};
  return &mem;
}

}  // namespace wildplan::detail
