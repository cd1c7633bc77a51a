#include "modelhub/core/sha256.h"

#include <gtest/gtest.h>

namespace modelhub::core {
namespace {

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, IncrementalEqualsOneShot) {
  Sha256 digest;
  digest.Update("a");
  digest.Update("bc");
  EXPECT_EQ(digest.FinishHex(), Sha256Hex("abc"));
  digest.Update("abc");  // reusable after Finish
  EXPECT_EQ(digest.FinishHex(), Sha256Hex("abc"));
}

TEST(GitBlobTest, MatchesGitHashObject) {
  // `printf 'hello\n' | git hash-object --stdin`
  EXPECT_EQ(GitBlobSha1("hello\n"), "ce013625030ba8dba906f756967f9e9ca394464a");
  EXPECT_EQ(GitBlobSha1(""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
}

}  // namespace
}  // namespace modelhub::core
