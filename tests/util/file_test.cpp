// SPDX-License-Identifier: Apache-2.0
// The durable writer: the new bytes replace the file whole, with the mode asked whatever the
// umask, no temporary file is left behind, and a failure leaves the old file as it was.
#include "util/file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace elink {
namespace {

namespace fs = std::filesystem;

class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("elink-file-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    fs::permissions(dir_, fs::perms::owner_all);
    fs::remove_all(dir_);
  }
  static std::string Read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  [[nodiscard]] std::size_t Entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), {}));
  }
  fs::path dir_;
};

TEST_F(FileTest, ReplacesTheFileWholeWithTheModeAskedAndLeavesNoTemporaryFile) {
  const fs::path p = dir_ / "keys";
  ASSERT_TRUE(WriteWholeFile(p.string(), "old contents, longer than the new ones").ok());
  const mode_t old_mask = ::umask(0);
  const Status s = WriteFileAtomically(p.string(), std::string("new\0bytes", 9), 0600);
  ::umask(old_mask);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Read(p), std::string("new\0bytes", 9));
  struct stat st {};
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  EXPECT_EQ(Entries(), 1U);
}

TEST_F(FileTest, AFailedRenameLeavesWhatWasThereAndNoTemporaryFile) {
  // A folder in the way: the temporary file is written, the rename fails (EISDIR), and the
  // temporary file is removed. (A read-only folder would not stop root, who runs CI.)
  const fs::path p = dir_ / "graph";
  fs::create_directories(p / "inside");
  int error = 0;
  const Status s = WriteFileAtomically(p.string(), "new", 0644, &error);
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  EXPECT_EQ(error, EISDIR);
  EXPECT_NE(s.message().find("cannot rename into place " + p.string() + ".tmp."), std::string::npos)
      << s.message();
  EXPECT_TRUE(fs::is_directory(p / "inside"));
  EXPECT_EQ(Entries(), 1U);
}

TEST_F(FileTest, AMissingFolderIsAnErrorNotACrash) {
  const Status s = WriteFileAtomically((dir_ / "no" / "such" / "file").string(), "x", 0644);
  EXPECT_EQ(s.code(), StatusCode::kIOError);
}

TEST_F(FileTest, WriteAllWritesEveryByteAndReportsTheErrno) {
  const fs::path p = dir_ / "big";
  const std::string big(3 << 20, 'x');
  const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(WriteAll(fd, big), 0);
  ::close(fd);
  EXPECT_EQ(fs::file_size(p), big.size());
  const int ro = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(ro, 0);
  EXPECT_EQ(WriteAll(ro, "x"), EBADF);
  ::close(ro);
}

}  // namespace
}  // namespace elink
