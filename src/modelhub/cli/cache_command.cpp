#include "modelhub/cli/cache_command.h"

#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "modelhub/cli/download_command.h"
#include "modelhub/client/cache_admin.h"
#include "modelhub/client/hf_cache.h"
#include "modelhub/client/progress.h"

namespace modelhub::cli {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

struct CacheFlags {
  std::string cache_dir;
  bool json = false;
  bool remove = false;
  bool dry_run = false;
  int keep_last = -1;
  std::string older_than;
  bool detached = false;

  fs::path Dir() const {
    return cache_dir.empty() ? client::DefaultCacheDir() : fs::path(cache_dir);
  }
};

std::string Date(std::time_t when) {
  char text[32];
  std::tm tm{};
  gmtime_r(&when, &tm);
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &tm);
  return text;
}

int RunScan(const CacheFlags& flags) {
  std::vector<client::CachedRepo> repos = client::ScanCache(flags.Dir());
  if (flags.json) {
    json out = json::array();
    for (const client::CachedRepo& repo : repos) {
      json revisions = json::array();
      for (const client::CachedRevision& revision : repo.revisions) {
        revisions.push_back({{"commit", revision.commit},
                             {"refs", revision.refs},
                             {"files", revision.files},
                             {"size", revision.size},
                             {"modified", revision.modified}});
      }
      out.push_back({{"repo", repo.id},
                     {"repo_type", std::string(core::RepoTypeName(repo.type))},
                     {"path", repo.path.string()},
                     {"size_on_disk", repo.size_on_disk},
                     {"revisions", revisions}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::printf("%-40s %-8s %10s %5s %-17s %s\n", "REPO ID", "TYPE", "SIZE", "REVS", "LAST MODIFIED",
              "REFS");
  uint64_t total = 0;
  for (const client::CachedRepo& repo : repos) {
    std::string refs;
    std::time_t last = 0;
    for (const client::CachedRevision& revision : repo.revisions) {
      for (const std::string& ref : revision.refs) refs += (refs.empty() ? "" : ", ") + ref;
      last = std::max(last, revision.modified);
    }
    std::printf("%-40s %-8s %10s %5zu %-17s %s\n", repo.id.c_str(),
                std::string(core::RepoTypeName(repo.type)).c_str(),
                client::FormatBytes(static_cast<double>(repo.size_on_disk)).c_str(),
                repo.revisions.size(), Date(last).c_str(), refs.c_str());
    total += repo.size_on_disk;
  }
  std::printf("\n%zu repo(s), %s on disk in %s\n", repos.size(),
              client::FormatBytes(static_cast<double>(total)).c_str(), flags.Dir().c_str());
  return 0;
}

int RunVerify(const CacheFlags& flags) {
  bool remove = flags.remove && !flags.dry_run;
  std::vector<client::BlobProblem> problems = client::VerifyCache(flags.Dir(), remove);
  for (const client::BlobProblem& problem : problems) {
    std::cout << problem.reason << ": " << problem.blob.string()
              << (remove         ? " (removed)"
                  : flags.remove ? " (would remove)"
                                 : "")
              << "\n";
  }
  std::cout << (problems.empty() ? "all blobs match their hashes"
                                 : std::to_string(problems.size()) + " corrupt blob(s)")
            << "\n";
  // Corruption found and left in place is a failure a script must notice.
  return problems.empty() || remove ? 0 : 6;
}

int RunPrune(const CacheFlags& flags) {
  client::PrunePolicy policy;
  if (flags.keep_last >= 0) policy.keep_last = flags.keep_last;
  if (!flags.older_than.empty()) {
    std::tm tm{};
    const char* end = strptime(flags.older_than.c_str(), "%Y-%m-%d", &tm);
    if (end == nullptr || *end != '\0') {
      std::cerr << "modelhub: error: --older-than takes a date YYYY-MM-DD\n";
      return 2;
    }
    policy.older_than = timegm(&tm);
  }
  policy.detached = flags.detached;
  if (!policy.keep_last && !policy.older_than && !policy.detached) {
    std::cerr << "modelhub: error: give --keep-last N, --older-than DATE or --detached\n";
    return 2;
  }
  client::PrunePlan plan = client::PlanPrune(flags.Dir(), policy);
  for (const auto& item : plan.revisions) {
    std::cout << (flags.dry_run ? "would delete " : "deleting ") << item.repo.filename().string()
              << " " << item.commit << "\n";
  }
  std::cout << (flags.dry_run ? "would free " : "freed ")
            << client::FormatBytes(static_cast<double>(plan.freed_bytes)) << " ("
            << plan.blobs.size() << " blob(s))\n";
  if (flags.dry_run) return 0;
  if (auto done = client::ExecutePrune(plan); !done) return ReportClientError(done.error(), false);
  return 0;
}

}  // namespace

void RegisterCacheCommands(CLI::App& app) {
  auto flags = std::make_shared<CacheFlags>();
  CLI::App* cache = app.add_subcommand("cache", "Inspect, verify and prune the Hugging Face cache");
  cache->require_subcommand(1);
  cache->add_option("--cache-dir", flags->cache_dir, "Cache folder (default HF_HUB_CACHE)");
  CLI::App* scan = cache->add_subcommand("scan", "Repos, revisions and sizes in the cache");
  scan->add_flag("--json", flags->json, "JSON output");
  scan->callback([flags] { throw CLI::RuntimeError(RunScan(*flags)); });
  CLI::App* verify = cache->add_subcommand("verify", "Re-hash every blob; exit 6 on corruption");
  verify->add_flag("--remove", flags->remove, "Delete corrupt blobs (refetched on next download)");
  verify->add_flag("--dry-run", flags->dry_run, "Only report what --remove would delete");
  verify->callback([flags] { throw CLI::RuntimeError(RunVerify(*flags)); });
  CLI::App* prune = cache->add_subcommand("prune", "Delete old or detached revisions");
  prune->add_option("--keep-last", flags->keep_last, "Keep the N newest revisions per repo")
      ->check(CLI::NonNegativeNumber);
  prune->add_option("--older-than", flags->older_than, "Delete revisions older than YYYY-MM-DD");
  prune->add_flag("--detached", flags->detached, "Delete revisions no ref points to");
  prune->add_flag("--dry-run", flags->dry_run, "Only show what would be deleted");
  prune->callback([flags] { throw CLI::RuntimeError(RunPrune(*flags)); });
}

}  // namespace modelhub::cli
