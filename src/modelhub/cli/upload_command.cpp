#include "modelhub/cli/upload_command.h"

#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "modelhub/cli/download_command.h"
#include "modelhub/cli/repo_args.h"
#include "modelhub/client/hf_cache.h"
#include "modelhub/client/uploader.h"

namespace modelhub::cli {
namespace {
namespace fs = std::filesystem;

struct UploadFlags {
  std::string repo;
  std::string source;
  std::string path_in_repo;
  std::string repo_type = "model";
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::string revision = "main";
  bool create_pr = false;
  bool private_repo = false;
  std::string message;
  std::string description;
  std::string endpoint;
  std::string token;
  int max_workers = 8;
  bool json = false;
  bool quiet = false;
};

int RunUpload(const UploadFlags& flags) {
  auto repo = ParseRepoArgs(flags.repo, flags.repo_type);
  if (!repo) return 2;
  std::error_code ec;
  if (!fs::exists(flags.source, ec)) {
    std::cerr << "modelhub: error: no such file or folder: " << flags.source << "\n";
    return 2;
  }
  client::UploadOptions options;
  options.repo = *repo;
  options.source = flags.source;
  options.path_in_repo = flags.path_in_repo;
  options.include = flags.include;
  options.exclude = flags.exclude;
  options.revision = flags.revision;
  options.create_pr = flags.create_pr;
  options.private_repo = flags.private_repo;
  options.summary = flags.message;
  options.description = flags.description;
  options.endpoint = flags.endpoint.empty() ? client::DefaultEndpoint() : flags.endpoint;
  options.token = flags.token.empty() ? client::DefaultToken() : flags.token;
  options.max_workers = flags.max_workers;
  // --json prints one result object on stdout, so progress stays off it.
  client::Progress progress(flags.json || flags.quiet ? client::Progress::Mode::kQuiet
                                                      : client::Progress::Mode::kBars);
  core::Result<client::UploadResult> result = client::Uploader(std::move(options), progress).Run();
  progress.Done("");
  if (!result) return ReportClientError(result.error(), false, /*write=*/true);
  if (flags.json) {
    nlohmann::json out = {{"commitOid", result->commit},
                          {"commitUrl", result->commit_url},
                          {"createdRepo", result->created_repo},
                          {"noChanges", result->no_changes},
                          {"filesCommitted", result->files_committed},
                          {"lfsUploaded", result->lfs_uploaded}};
    if (!result->pull_request_url.empty()) out["pullRequestUrl"] = result->pull_request_url;
    std::cout << out.dump() << "\n";
    return 0;
  }
  if (result->no_changes && !flags.quiet) {
    std::cerr << "modelhub: no changes: every file already matches " << flags.repo << "@"
              << flags.revision << "\n";
  }
  std::cout << result->commit_url << "\n";
  if (!result->pull_request_url.empty()) std::cout << result->pull_request_url << "\n";
  return 0;
}

}  // namespace

void RegisterUploadCommand(CLI::App& app) {
  auto flags = std::make_shared<UploadFlags>();
  CLI::App* command = app.add_subcommand(
      "upload", "Upload a file or folder to a repo (created if missing); prints the commit URL");
  command->add_option("repo", flags->repo, "Repo id (namespace/name)")->required();
  command->add_option("path", flags->source, "Local file or folder")->required();
  command->add_option("path_in_repo", flags->path_in_repo,
                      "Where in the repo (default: the file's name, or the root for a folder)");
  command->add_option("--repo-type", flags->repo_type, "model, dataset or space");
  command->add_option("--include", flags->include, "Glob of files to upload (repeatable)");
  command->add_option("--exclude", flags->exclude, "Glob of files to skip (repeatable)");
  command->add_option("--revision", flags->revision, "Branch to commit to (default main)");
  command->add_flag("--create-pr", flags->create_pr, "Open a pull request (refs/pr/N) instead");
  command->add_flag("--private", flags->private_repo, "Create the repo private (if created)");
  command->add_option("--message,--commit-message", flags->message, "Commit summary");
  command->add_option("--description,--commit-description", flags->description,
                      "Commit description");
  command->add_option("--token", flags->token, "Access token (default HF_TOKEN)");
  command->add_option("--endpoint", flags->endpoint, "Hub URL (default HF_ENDPOINT)");
  command->add_option("--max-workers", flags->max_workers, "Parallel uploads (default 8)")
      ->check(CLI::Range(1, 64));
  command->add_flag("--json", flags->json, "Print the result as one JSON object");
  command->add_flag("--quiet", flags->quiet, "No progress output");
  command->callback([flags] { throw CLI::RuntimeError(RunUpload(*flags)); });
}

}  // namespace modelhub::cli
