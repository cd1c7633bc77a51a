// Test support for the hub's tests of accounts and gating: a real SQLite metastore and blob store
// in a fresh temporary directory per test, the RepoService, Access and Accounts over them, and
// callers authenticated the way the server authenticates them (a token created by Accounts, then
// Access::Authenticate). Included by *_test.cpp only.
#ifndef MODELHUB_HUB_HUB_TEST_FIXTURE_H_
#define MODELHUB_HUB_HUB_TEST_FIXTURE_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "modelhub/core/error.h"
#include "modelhub/core/result.h"
#include "modelhub/hub/access.h"
#include "modelhub/hub/accounts.h"
#include "modelhub/hub/audit.h"
#include "modelhub/hub/caller.h"
#include "modelhub/hub/repo_service.h"
#include "modelhub/storage/blobstore/blob_store.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::core {

// Error codes by name in test failures.
inline void PrintTo(ErrorCode code, std::ostream* out) { *out << ErrorCodeName(code); }

}  // namespace modelhub::core

namespace modelhub::hub {

// The error code of `result`, or nullopt when it succeeded, so that a test expecting an error
// fails cleanly instead of reading an error that is not there.
template <typename T>
std::optional<core::ErrorCode> ErrorOf(const core::Result<T>& result) {
  if (result.has_value()) return std::nullopt;
  return result.error().code;
}

class HubFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "-" + info->name();
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    dir_ = std::filesystem::temp_directory_path() /
           ("modelhub-hub-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto metastore = storage::Metastore::OpenSqlite((dir_ / "db.sqlite").string());
    ASSERT_TRUE(metastore.has_value()) << metastore.error().message;
    metastore_ = std::move(*metastore);
    auto blobs = storage::OpenFsBlobStore((dir_ / "blobs").string());
    ASSERT_TRUE(blobs.has_value()) << blobs.error().message;
    blobs_ = std::move(*blobs);
    service_ = std::make_unique<RepoService>(*metastore_, *blobs_);
    access_ = std::make_unique<Access>(*metastore_);
    accounts_ = std::make_unique<Accounts>(*metastore_, Operator());
  }

  void TearDown() override {
    accounts_.reset();
    access_.reset();
    service_.reset();
    blobs_.reset();
    metastore_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Who the audit log names for account changes: an operator at the CLI.
  static Caller Operator() {
    Caller caller = SystemCaller();
    caller.name = "ops";
    caller.address = "10.0.0.1";
    return caller;
  }

  // A new token of `user`; "write" or "read", fine-grained with scopes.
  std::string NewToken(const std::string& user, const std::string& role = "write",
                       std::vector<TokenScope> scopes = {}) {
    TokenRequest request;
    request.user = user;
    request.role = role;
    request.scopes = std::move(scopes);
    auto created = accounts_->CreateToken(request);
    EXPECT_TRUE(created.has_value()) << created.error().message;
    return created ? created->token : std::string();
  }

  Caller Authenticate(const std::string& token) {
    auto caller = access_->Authenticate("Bearer " + token);
    EXPECT_TRUE(caller.has_value()) << caller.error().message;
    return caller ? *caller : Caller{};
  }

  // Adds user `name` and returns it authenticated with a new token of `role`.
  Caller AddUser(const std::string& name, const std::string& role = "write") {
    auto added = accounts_->AddUser(name, "", name + "@example.com", false);
    EXPECT_TRUE(added.has_value()) << added.error().message;
    return Authenticate(NewToken(name, role));
  }

  void CommitFile(const Caller& caller, const RepoKey& key, const std::string& path,
                  const std::string& content) {
    CommitRequest request;
    request.summary = "add " + path;
    request.operations.push_back({CommitOperation::Kind::kFile, path, content, "", std::nullopt});
    auto result = service_->Commit(caller, key, request);
    ASSERT_TRUE(result.has_value()) << result.error().message;
  }

  std::vector<AuditEntry> Audit(AuditQuery query = {}) {
    auto entries = ReadAudit(*metastore_, query);
    EXPECT_TRUE(entries.has_value()) << entries.error().message;
    return entries ? *entries : std::vector<AuditEntry>{};
  }

  // The audit entries with `action`, newest first.
  std::vector<AuditEntry> AuditOf(const std::string& action) {
    std::vector<AuditEntry> found;
    for (AuditEntry& entry : Audit()) {
      if (entry.action == action) found.push_back(std::move(entry));
    }
    return found;
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Metastore> metastore_;
  std::unique_ptr<storage::BlobStore> blobs_;
  std::unique_ptr<RepoService> service_;
  std::unique_ptr<Access> access_;
  std::unique_ptr<Accounts> accounts_;
  Caller anonymous_;
};

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_HUB_TEST_FIXTURE_H_
