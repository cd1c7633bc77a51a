// `modelhub admin generate-catalogue`: a synthetic, Hub-shaped catalogue for benchmarks and demos.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "modelhub/cli/admin_command.h"
#include "modelhub/hub/catalogue_generator.h"
#include "modelhub/storage/blobstore/blob_store.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::cli {
namespace {

struct GenerateFlags {
  std::string data;
  size_t models = 0;
  size_t datasets = 0;
  size_t spaces = 0;
  uint64_t seed = 1;
  size_t batch = 256;
  int cache_mib = 1024;
};

std::string Duration(double seconds) {
  auto total = static_cast<long long>(seconds);
  char buffer[32];
  if (total >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%lldh%02lldm", total / 3600, total % 3600 / 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lldm%02llds", total / 60, total % 60);
  }
  return buffer;
}

int RunGenerate(const GenerateFlags& flags) {
  std::error_code ec;
  std::filesystem::create_directories(flags.data, ec);
  if (ec) {
    std::fprintf(stderr, "generate-catalogue: cannot create %s: %s\n", flags.data.c_str(),
                 ec.message().c_str());
    return 1;
  }
  // No fsync per commit: the catalogue is regenerated from its seed if the machine crashes.
  auto metastore = storage::Metastore::OpenSqlite(
      flags.data + "/modelhub.db",
      storage::SqliteOptions{.durable = false, .cache_mib = flags.cache_mib});
  if (!metastore) {
    std::fprintf(stderr, "generate-catalogue: %s\n", metastore.error().message.c_str());
    return 1;
  }
  auto blobs = storage::OpenFsBlobStore(flags.data + "/blobs");
  if (!blobs) {
    std::fprintf(stderr, "generate-catalogue: %s\n", blobs.error().message.c_str());
    return 1;
  }
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  auto last_report = start;
  hub::CatalogueOptions options;
  options.repos_per_transaction = flags.batch;
  options.progress = [&](size_t done, size_t total) {
    auto now = Clock::now();
    if (done < total && now - last_report < std::chrono::seconds(5)) return;
    last_report = now;
    double elapsed = std::chrono::duration<double>(now - start).count();
    double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
    std::fprintf(stderr, "generate-catalogue: %zu/%zu repos (%.1f%%), %.0f repos/s, ETA %s\n", done,
                 total, 100.0 * static_cast<double>(done) / static_cast<double>(total), rate,
                 Duration(eta).c_str());
  };
  hub::CatalogueSpec spec{flags.seed, flags.models, flags.datasets, flags.spaces};
  auto stats = hub::GenerateCatalogue(**metastore, **blobs, spec, options);
  if (!stats) {
    std::fprintf(stderr, "generate-catalogue: %s\n", stats.error().message.c_str());
    return 1;
  }
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::fprintf(stderr,
               "generate-catalogue: %zu repos (%zu distinct LFS objects) in %.1f s, %.0f repos/s\n",
               stats->repos, stats->lfs_objects, elapsed,
               static_cast<double>(stats->repos) / std::max(elapsed, 1e-9));
  return 0;
}

}  // namespace

void RegisterGenerateCatalogueCommand(CLI::App& admin) {
  auto flags = std::make_shared<GenerateFlags>();
  CLI::App* command = admin.add_subcommand(
      "generate-catalogue",
      "Create a deterministic synthetic catalogue (Hub-like models, datasets, spaces) in a data "
      "directory, for benchmarks and demos");
  command->add_option("--data", flags->data, "Data directory, as for `serve` (new or empty)")
      ->required();
  command->add_option("--models", flags->models, "Number of models")->required();
  command
      ->add_option("--seed", flags->seed, "Seed: the same seed and counts give the same catalogue")
      ->capture_default_str();
  command->add_option("--datasets", flags->datasets, "Number of datasets")->capture_default_str();
  command->add_option("--spaces", flags->spaces, "Number of spaces")->capture_default_str();
  command->add_option("--batch", flags->batch, "Repos per database transaction")
      ->capture_default_str();
  command->add_option("--cache-mib", flags->cache_mib, "SQLite page cache in MiB")
      ->capture_default_str();
  command->callback([flags] { throw CLI::RuntimeError(RunGenerate(*flags)); });
}

}  // namespace modelhub::cli
