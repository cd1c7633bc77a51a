// `modelhub admin reindex`: rebuilds the catalogue index from the repos
// (hub::RepoService::Reindex).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "modelhub/cli/admin_command.h"
#include "modelhub/hub/repo_service.h"
#include "modelhub/storage/blobstore/blob_store.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::cli {
namespace {

int RunReindex(const std::string& data) {
  auto metastore = OpenDataMetastore(data, "reindex");
  if (!metastore) return 1;
  auto blobs = storage::OpenFsBlobStore(data + "/blobs");
  if (!blobs) {
    std::fprintf(stderr, "reindex: %s\n", blobs.error().message.c_str());
    return 1;
  }
  hub::RepoService service(*metastore, **blobs);
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto last_report = start;
  auto progress = [&](size_t done, size_t total) {
    const auto now = Clock::now();
    if (done < total && now - last_report < std::chrono::seconds(5)) return;
    last_report = now;
    const double elapsed = std::chrono::duration<double>(now - start).count();
    std::fprintf(stderr, "reindex: %zu/%zu repos, %.0f repos/s\n", done, total,
                 elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0);
  };
  auto indexed = service.Reindex(progress);
  if (!indexed) {
    std::fprintf(stderr,
                 "reindex: stopped: %s (the repos indexed so far keep their new rows; "
                 "run it again)\n",
                 indexed.error().message.c_str());
    return 1;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("reindexed %zu repos in %.1f s\n", *indexed, seconds);
  return 0;
}

}  // namespace

void RegisterReindexCommand(CLI::App& admin) {
  auto data = std::make_shared<std::string>("./data");
  CLI::App* command = admin.add_subcommand(
      "reindex",
      "Rebuild the search index of every repo from main's head, as commits maintain it. Safe "
      "while `modelhub serve` runs on the same data directory (one repo per transaction).");
  command->add_option("--data", *data, "Data directory of `modelhub serve`")->capture_default_str();
  command->callback([data] { throw CLI::RuntimeError(RunReindex(*data)); });
}

}  // namespace modelhub::cli
