#include "git/worktree_scan.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "test_util.hpp"

namespace wildplan::detail {
namespace {

namespace fs = std::filesystem;
using Paths = std::vector<std::string>;

class Scan : public testing::Test {
 protected:
  void SetUp() override {
    root_ =
        test::scratch_dir(testing::UnitTest::GetInstance()->current_test_info()->name()).string() +
        "/";
  }
  void write(const std::string& path, const std::string& text) const {
    fs::create_directories(fs::path(root_ + path).parent_path());
    test::write_file(root_ + path, text);
  }
  /// An index entry as git would record the file now.
  IndexStat entry(const std::string& path, std::uint32_t mode = 0100644) const {
    struct stat st {};
    EXPECT_EQ(::lstat((root_ + path).c_str(), &st), 0) << path;
    return {path,
            static_cast<std::int32_t>(st.st_ctim.tv_sec),
            static_cast<std::uint32_t>(st.st_ctim.tv_nsec),
            static_cast<std::int32_t>(st.st_mtim.tv_sec),
            static_cast<std::uint32_t>(st.st_mtim.tv_nsec),
            static_cast<std::uint32_t>(st.st_ino),
            st.st_uid,
            st.st_gid,
            static_cast<std::uint32_t>(st.st_size),
            mode,
            false};
  }
  WorkTreeScan scan(std::vector<IndexStat> index, unsigned threads = 2) const {
    // The index was written well after every file: nothing is racily clean unless said so.
    return scan_work_tree(root_, std::move(index), std::int64_t{1} << 40, 0, threads);
  }
  std::string root_;
};

TEST_F(Scan, SortsTheWorkTreeIntoWhatChangedAndWhatIsNew) {
  write("same.txt", "s\n");
  write("mod.txt", "m\n");
  write("gone.txt", "g\n");
  write("dir/deep/kept.txt", "k\n");
  write("dir/deep/edited.txt", "e\n");
  std::vector<IndexStat> index = {entry("same.txt"), entry("mod.txt"), entry("gone.txt"),
                                  entry("dir/deep/kept.txt"), entry("dir/deep/edited.txt")};
  write("mod.txt", "changed size\n");
  write("dir/deep/edited.txt", "E\n");  // same size: the times tell
  ::utimensat(AT_FDCWD, (root_ + "dir/deep/edited.txt").c_str(), nullptr, 0);
  fs::remove(root_ + "gone.txt");
  write("new.txt", "n\n");
  write("dir/new-in-tracked.txt", "n\n");
  write("fresh/a/b.txt", "untracked directory\n");
  write(".git/HEAD", "never looked into\n");
  for (unsigned threads : {1u, 2u, 4u}) {
    const WorkTreeScan s = scan(index, threads);
    EXPECT_EQ(s.maybe_changed, (Paths{"dir/deep/edited.txt", "mod.txt"})) << threads;
    EXPECT_EQ(s.deleted, (Paths{"gone.txt"}));
    EXPECT_EQ(s.untracked, (Paths{"dir/new-in-tracked.txt", "new.txt"}));
    EXPECT_EQ(s.untracked_dirs, (Paths{"fresh/"}));
    EXPECT_TRUE(s.type_changed.empty());
  }
}

TEST_F(Scan, AFileModifiedAsTheIndexWasWrittenIsRacy) {
  write("a.txt", "a\n");
  struct stat st {};
  ::lstat((root_ + "a.txt").c_str(), &st);
  const std::vector<IndexStat> index = {entry("a.txt")};
  // Index written in the same instant as the file: its stat data proves nothing.
  EXPECT_EQ(scan_work_tree(root_, index, st.st_mtim.tv_sec,
                           static_cast<std::uint32_t>(st.st_mtim.tv_nsec), 1)
                .maybe_changed,
            (Paths{"a.txt"}));
  EXPECT_TRUE(scan(index).maybe_changed.empty());
}

TEST_F(Scan, TypesChangesSubmodulesAndOddFiles) {
  write("was-file", "f\n");
  write("was-dir/x.txt", "x\n");
  write("target.txt", "t\n");
  write("sub/inside.txt", "a submodule's work tree\n");
  std::vector<IndexStat> index = {entry("was-file"),
                                  entry("was-dir/x.txt"),
                                  entry("target.txt"),
                                  {"sub", 0, 0, 0, 0, 0, 0, 0, 0, 0160000, false},
                                  {"link", 0, 0, 0, 0, 0, 0, 0, 0, 0120000, false}};
  fs::remove(root_ + "was-file");
  write("was-file/inner.txt", "i\n");
  fs::remove_all(root_ + "was-dir");
  write("was-dir", "now a file\n");
  fs::create_symlink("target.txt", root_ + "link");
  fs::remove(root_ + "target.txt");
  fs::create_symlink("link", root_ + "target.txt");  // a tracked file now a symlink
  ASSERT_EQ(::mkfifo((root_ + "pipe").c_str(), 0600), 0);
  const WorkTreeScan s = scan(index);
  EXPECT_EQ(s.deleted, (Paths{"was-dir/x.txt", "was-file"}));
  EXPECT_EQ(s.type_changed, (Paths{"target.txt"}));
  EXPECT_EQ(s.maybe_changed, (Paths{"link"}));  // a symlink still, its stat data unknown
  EXPECT_EQ(s.untracked, (Paths{"was-dir"}));
  EXPECT_EQ(s.untracked_dirs, (Paths{"was-file/"}));  // the submodule is not looked into
  EXPECT_EQ(s.submodules, (Paths{"sub"}));             // but reported, for its HEAD
}

// git add -A records a submodule whose directory is gone as deleted (an uninitialised one, an
// empty directory, is reported with the others and its HEAD decides).
TEST_F(Scan, ASubmoduleWhoseDirectoryIsGoneIsDeleted) {
  write("kept.txt", "k\n");
  std::vector<IndexStat> index = {entry("kept.txt"),
                                  {"gone-sub", 0, 0, 0, 0, 0, 0, 0, 0, 0160000, false},
                                  {"empty-sub", 0, 0, 0, 0, 0, 0, 0, 0, 0160000, false}};
  fs::create_directories(root_ + "empty-sub");
  const WorkTreeScan s = scan(index);
  EXPECT_EQ(s.deleted, (Paths{"gone-sub"}));
  EXPECT_EQ(s.submodules, (Paths{"empty-sub"}));
}

TEST_F(Scan, UntrackedDirectoriesAreListedWithoutRepositoriesOfTheirOwn) {
  write("fresh/a.txt", "a\n");
  write("fresh/skip/b.txt", "b\n");
  write("fresh/deeper/c.txt", "c\n");
  write("fresh/repo/.git/HEAD", "x\n");
  write("fresh/repo/d.txt", "d\n");
  write("fresh/deeper/worktree/.git", "gitdir: /elsewhere\n");  // a linked worktree's .git file
  const Untracked u =
      list_untracked(root_, "fresh/", [](const std::string& p) { return p == "fresh/skip/"; });
  EXPECT_EQ(u.files, (Paths{"fresh/a.txt", "fresh/deeper/c.txt"}));
  EXPECT_EQ(u.repositories, (Paths{"fresh/deeper/worktree", "fresh/repo"}));
  // the directory asked about may be a repository itself
  EXPECT_EQ(list_untracked(root_, "fresh/repo/", [](const std::string&) { return false; })
                .repositories,
            (Paths{"fresh/repo"}));
}

}  // namespace
}  // namespace wildplan::detail
