#include "modelhub/cli/download_command.h"

#include <cstdio>
#include <iostream>
#include <memory>

#include "modelhub/cli/repo_args.h"
#include "modelhub/client/downloader.h"
#include "modelhub/client/hf_cache.h"

namespace modelhub::cli {
namespace {
namespace fs = std::filesystem;
using core::ErrorCode;

struct DownloadFlags {
  std::string repo;
  std::vector<std::string> files;
  std::string revision = "main";
  std::string repo_type = "model";
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::string local_dir;
  std::string cache_dir;
  std::string token;
  std::string endpoint;
  int max_workers = 8;
  bool json = false;
  bool quiet = false;
  bool no_verify = false;
};

int RunDownload(const DownloadFlags& flags) {
  client::DownloadOptions options;
  auto repo = ParseRepoArgs(flags.repo, flags.repo_type);
  if (!repo) return 2;
  options.repo = *repo;
  options.revision = flags.revision;
  options.files = flags.files;
  options.include = flags.include;
  options.exclude = flags.exclude;
  if (!flags.local_dir.empty()) options.local_dir = flags.local_dir;
  options.cache_dir =
      flags.cache_dir.empty() ? client::DefaultCacheDir() : fs::path(flags.cache_dir);
  options.endpoint = flags.endpoint.empty() ? client::DefaultEndpoint() : flags.endpoint;
  options.token = flags.token.empty() ? client::DefaultToken() : flags.token;
  options.max_workers = flags.max_workers;
  options.offline = client::OfflineFromEnvironment();
  options.verify = !flags.no_verify;
  client::Progress progress(flags.json    ? client::Progress::Mode::kJson
                            : flags.quiet ? client::Progress::Mode::kQuiet
                                          : client::Progress::Mode::kBars);
  core::Result<client::DownloadResult> result =
      client::Downloader(std::move(options), progress).Run();
  if (!result) {
    progress.Done("");
    return ReportClientError(result.error(), client::OfflineFromEnvironment());
  }
  progress.Done(result->path);
  if (!flags.json) std::cout << result->path << "\n";
  return 0;
}

}  // namespace

int ReportClientError(const core::Error& error, bool offline, bool write) {
  std::string hint;
  int code = 1;
  switch (error.code) {
    case ErrorCode::kRepoNotFound:
      hint = "check the repo id and --repo-type; private repos need --token or HF_TOKEN";
      code = 3;
      break;
    case ErrorCode::kRevisionNotFound:
      hint = "check --revision (branch, tag or commit); a pinned commit may have been removed";
      code = 3;
      break;
    case ErrorCode::kEntryNotFound:
      hint = "check the file path at that revision";
      code = 3;
      break;
    case ErrorCode::kNotFound:
      hint = offline ? "unset HF_HUB_OFFLINE or download it first" : "check HF_ENDPOINT and ids";
      code = offline ? 8 : 3;
      break;
    case ErrorCode::kUnauthorized:
      hint = "the token is missing, invalid or expired: pass --token or set HF_TOKEN";
      code = 4;
      break;
    case ErrorCode::kGatedRepo:
      hint = "this repo is gated: request access on its page, then use a token of that account";
      code = 4;
      break;
    case ErrorCode::kForbidden:
      hint = write ? "the token has no write access to this repo or namespace"
                   : "the token has no read access to this repo";
      code = 4;
      break;
    case ErrorCode::kConflict:
      hint = "the branch moved or the repo is busy; run again";
      break;
    case ErrorCode::kUnavailable:
      hint =
          "the endpoint could not be reached or kept failing; check HF_ENDPOINT and the "
          "network, then run again (finished bytes are kept)";
      code = 5;
      break;
    case ErrorCode::kPreconditionFailed:
      hint = "the bytes do not match their hash; run again, and report it if it persists";
      code = 6;
      break;
    case ErrorCode::kInternal:
      hint = "local file system problem (disk full? permissions?); free space and run again";
      code = 7;
      break;
    default:
      break;
  }
  std::cerr << "modelhub: error: " << error.message;
  if (!hint.empty()) std::cerr << " (" << hint << ")";
  std::cerr << "\n";
  return code;
}

void RegisterDownloadCommand(CLI::App& app) {
  auto flags = std::make_shared<DownloadFlags>();
  CLI::App* command = app.add_subcommand(
      "download", "Download files or a snapshot into the Hugging Face cache; prints its path");
  command->add_option("repo", flags->repo, "Repo id (namespace/name)")->required();
  command->add_option("files", flags->files, "Files to download (default: the whole repo)");
  command->add_option("--revision", flags->revision, "Branch, tag or commit (default main)");
  command->add_option("--repo-type", flags->repo_type, "model, dataset or space");
  command->add_option("--include", flags->include, "Glob of files to include (repeatable)");
  command->add_option("--exclude", flags->exclude, "Glob of files to exclude (repeatable)");
  command->add_option("--local-dir", flags->local_dir, "Write plain files into this folder");
  command->add_option("--cache-dir", flags->cache_dir, "Cache folder (default HF_HUB_CACHE)");
  command->add_option("--token", flags->token, "Access token (default HF_TOKEN)");
  command->add_option("--endpoint", flags->endpoint, "Hub URL (default HF_ENDPOINT)");
  command->add_option("--max-workers", flags->max_workers, "Parallel connections (default 8)")
      ->check(CLI::Range(1, 64));
  command->add_flag("--json", flags->json, "Machine-readable NDJSON events on stdout");
  command->add_flag("--quiet", flags->quiet, "No progress output");
  command->add_flag("--no-verify", flags->no_verify,
                    "Trust etags instead of hashing what arrives (as huggingface_hub does)");
  command->callback([flags] { throw CLI::RuntimeError(RunDownload(*flags)); });
}

}  // namespace modelhub::cli
