#include "modelhub/server/lfs/signed_action.h"

#include <gtest/gtest.h>

namespace modelhub::server::lfs {
namespace {

SignedAction Sample() {
  return {"part", "model/alice/bert", std::string(64, 'a'), 1000, "0123abcd", 2, 512, 5000};
}

TEST(SignedActionTest, RoundTrips) {
  const std::string query = SignedQuery("secret", Sample());
  auto action = VerifySignedQuery("secret", query, "part", 4000);
  ASSERT_TRUE(action.has_value()) << action.error().message;
  EXPECT_EQ(action->repo, "model/alice/bert");
  EXPECT_EQ(action->part, 2u);
  EXPECT_EQ(action->chunk_size, 512u);
  EXPECT_EQ(action->upload_id, "0123abcd");
}

TEST(SignedActionTest, RejectsTamperingExpiryWrongVerbAndForeignSecret) {
  const std::string query = SignedQuery("secret", Sample());
  auto code = [](const core::Result<SignedAction>& result) {
    return result.has_value() ? core::ErrorCode::kInternal : result.error().code;
  };
  std::string bigger = query;
  bigger.replace(bigger.find("size=1000"), 9, "size=9000");
  EXPECT_EQ(code(VerifySignedQuery("secret", bigger, "part", 4000)), core::ErrorCode::kForbidden);
  EXPECT_EQ(code(VerifySignedQuery("secret", query, "part", 6000)), core::ErrorCode::kForbidden);
  EXPECT_EQ(code(VerifySignedQuery("secret", query, "upload", 4000)), core::ErrorCode::kForbidden);
  EXPECT_EQ(code(VerifySignedQuery("other", query, "part", 4000)), core::ErrorCode::kForbidden);
  EXPECT_EQ(code(VerifySignedQuery("secret", "verb=part&size=1", "part", 4000)),
            core::ErrorCode::kBadRequest);
}

TEST(SignedActionTest, SignatureCoversEveryField) {
  const std::string base = SignAction("k", Sample());
  SignedAction other = Sample();
  other.repo = "dataset/alice/bert";
  EXPECT_NE(SignAction("k", other), base);
  other = Sample();
  other.part = 3;
  EXPECT_NE(SignAction("k", other), base);
  other = Sample();
  other.expires = 5001;
  EXPECT_NE(SignAction("k", other), base);
}

}  // namespace
}  // namespace modelhub::server::lfs
