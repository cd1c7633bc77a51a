#include "modelhub/cli/lock_command.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "modelhub/cli/download_command.h"
#include "modelhub/client/downloader.h"
#include "modelhub/client/hf_cache.h"
#include "modelhub/client/lockfile.h"
#include "modelhub/core/sha256.h"

namespace modelhub::cli {
namespace {
namespace fs = std::filesystem;
using core::ErrorCode;
using core::Unexpected;

struct LockFlags {
  std::string lockfile = "models.lock";
  std::string target;  // REPO[@REV] for add, REPO for update
  std::string repo_type = "model";
  std::string cache_dir;
  std::string endpoint;
  std::string token;
  int max_workers = 8;
};

client::DownloadOptions BaseOptions(const LockFlags& flags) {
  client::DownloadOptions options;
  options.cache_dir =
      flags.cache_dir.empty() ? client::DefaultCacheDir() : fs::path(flags.cache_dir);
  options.endpoint = flags.endpoint.empty() ? client::DefaultEndpoint() : flags.endpoint;
  options.token = flags.token.empty() ? client::DefaultToken() : flags.token;
  options.max_workers = flags.max_workers;
  return options;
}

core::Result<std::string> HashFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unexpected(ErrorCode::kInternal, "cannot read " + path.string());
  core::Sha256 digest;
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    digest.Update(buffer.data(), static_cast<size_t>(in.gcount()));
  }
  return digest.FinishHex();
}

core::Result<client::Lockfile> ReadLockfile(const std::string& path, bool may_be_missing) {
  std::ifstream in(path);
  if (!in) {
    if (may_be_missing) return client::Lockfile{};
    return Unexpected(ErrorCode::kNotFound,
                      "no lockfile at " + path + " (run `modelhub lock add`)");
  }
  std::stringstream text;
  text << in.rdbuf();
  return client::ParseLockfile(text.str());
}

// Resolves `revision` and records every file with size and sha256. LFS files carry their
// sha256 in the tree; regular files are small, so they are fetched into the cache and hashed.
core::Result<client::LockedModel> Pin(const LockFlags& flags, const client::RepoRef& repo,
                                      const std::string& revision) {
  client::DownloadOptions options = BaseOptions(flags);
  options.repo = repo;
  options.revision = revision;
  options.exclude = {};
  client::Progress progress(client::Progress::Mode::kQuiet);
  // A snapshot download of the regular files only: resolves the commit, lists the tree, and
  // leaves the small files in the cache for the hashing below.
  client::HttpClient http(options.token, client::RetryPolicy{});
  client::HubApi api(http, options.endpoint);
  MH_ASSIGN_OR_RETURN(client::RevisionInfo info, api.Revision(repo, revision));
  MH_ASSIGN_OR_RETURN(std::vector<client::RemoteFile> tree, api.Tree(repo, info.commit));
  std::vector<std::string> regular;
  for (const client::RemoteFile& file : tree) {
    if (!file.lfs) regular.push_back(file.path);
  }
  options.revision = info.commit;
  options.exact_files = regular;
  MH_ASSIGN_OR_RETURN(client::DownloadResult fetched, client::Downloader(options, progress).Run());
  client::LockedModel model;
  model.repo = repo.id;
  model.repo_type = repo.type;
  model.revision = revision;
  model.commit = info.commit;
  model.license = info.license;
  model.card_data_json = info.card_data_json;
  for (const client::RemoteFile& file : tree) {
    std::string sha256 = file.etag;
    if (!file.lfs) {
      MH_ASSIGN_OR_RETURN(sha256, HashFile(fs::path(fetched.path) / file.path));
    }
    model.files.push_back({file.path, file.size, sha256});
  }
  return model;
}

core::Status Save(const std::string& path, const client::Lockfile& lockfile) {
  return client::WriteFileAtomically(path, client::SerializeLockfile(lockfile));
}

int RunAdd(const LockFlags& flags) {
  std::string repo_text = flags.target;
  std::string revision = "main";
  if (size_t at = repo_text.find('@'); at != std::string::npos) {
    revision = repo_text.substr(at + 1);
    repo_text.resize(at);
  }
  auto type = core::ParseRepoType(flags.repo_type);
  auto repo_id = core::ParseRepoId(repo_text);
  if (!type || !repo_id || revision.empty()) {
    std::cerr << "modelhub: error: expected REPO[@REVISION] and --repo-type model|dataset|space\n";
    return 2;
  }
  auto lockfile = ReadLockfile(flags.lockfile, true);
  if (!lockfile) return ReportClientError(lockfile.error(), false);
  auto model = Pin(flags, {*type, repo_id->ToString()}, revision);
  if (!model) return ReportClientError(model.error(), false);
  std::cout << "pinned " << model->repo << "@" << revision << " to " << model->commit << " ("
            << model->files.size() << " files)\n";
  lockfile->Upsert(std::move(*model));
  if (auto saved = Save(flags.lockfile, *lockfile); !saved) {
    return ReportClientError(saved.error(), false);
  }
  return 0;
}

int RunUpdate(const LockFlags& flags) {
  auto lockfile = ReadLockfile(flags.lockfile, false);
  if (!lockfile) return ReportClientError(lockfile.error(), false);
  bool matched = false;
  for (client::LockedModel old : lockfile->models) {
    if (!flags.target.empty() && old.repo != flags.target) continue;
    matched = true;
    auto model = Pin(flags, {old.repo_type, old.repo}, old.revision);
    if (!model) return ReportClientError(model.error(), false);
    std::vector<std::string> changes = client::DiffLockedModels(old, *model);
    std::cout << old.repo << "@" << old.revision << ": "
              << (changes.empty() ? "up to date" : "updated") << "\n";
    for (const std::string& change : changes) std::cout << "  " << change << "\n";
    lockfile->Upsert(std::move(*model));
  }
  if (!matched) {
    std::cerr << "modelhub: error: " << flags.target << " is not in " << flags.lockfile << "\n";
    return 3;
  }
  if (auto saved = Save(flags.lockfile, *lockfile); !saved) {
    return ReportClientError(saved.error(), false);
  }
  return 0;
}

core::Status SyncModel(const LockFlags& flags, const client::LockedModel& model) {
  client::DownloadOptions options = BaseOptions(flags);
  options.repo = {model.repo_type, model.repo};
  options.revision = model.commit;
  std::vector<std::string> paths;
  for (const client::LockedFile& file : model.files) paths.push_back(file.path);
  options.exact_files = paths;
  options.offline = client::OfflineFromEnvironment();
  client::Progress progress(client::Progress::Mode::kBars);
  MH_ASSIGN_OR_RETURN(client::DownloadResult result, client::Downloader(options, progress).Run());
  progress.Done(result.path);
  for (const client::LockedFile& file : model.files) {
    fs::path local = fs::path(result.path) / file.path;
    std::error_code ec;
    uint64_t size = fs::file_size(local, ec);
    // LFS blobs were verified against their sha256 while downloading; hashing everything again
    // costs little next to trusting a cache another process may have touched.
    MH_ASSIGN_OR_RETURN(std::string sha256, HashFile(local));
    if (ec || size != file.size || sha256 != file.sha256) {
      return Unexpected(ErrorCode::kPreconditionFailed,
                        model.repo + ": " + file.path + " does not match models.lock (sha256 " +
                            sha256 + ", pinned " + file.sha256 + ")");
    }
  }
  std::cout << result.path << "\n";
  return core::Ok();
}

int RunSync(const LockFlags& flags) {
  auto lockfile = ReadLockfile(flags.lockfile, false);
  if (!lockfile) return ReportClientError(lockfile.error(), false);
  for (const client::LockedModel& model : lockfile->models) {
    if (auto synced = SyncModel(flags, model); !synced) {
      return ReportClientError(synced.error(), client::OfflineFromEnvironment());
    }
  }
  return 0;
}

void AddCommonOptions(CLI::App* command, LockFlags& flags) {
  command->add_option("--lockfile", flags.lockfile, "Lockfile path (default models.lock)");
  command->add_option("--cache-dir", flags.cache_dir, "Cache folder (default HF_HUB_CACHE)");
  command->add_option("--endpoint", flags.endpoint, "Hub URL (default HF_ENDPOINT)");
  command->add_option("--token", flags.token, "Access token (default HF_TOKEN)");
  command->add_option("--max-workers", flags.max_workers, "Parallel connections")
      ->check(CLI::Range(1, 64));
}

}  // namespace

void RegisterLockCommands(CLI::App& app) {
  auto flags = std::make_shared<LockFlags>();
  CLI::App* lock = app.add_subcommand("lock", "Pin models by commit in models.lock");
  lock->require_subcommand(1);
  CLI::App* add = lock->add_subcommand("add", "Resolve REPO[@REVISION] and pin it");
  add->add_option("repo", flags->target, "REPO[@REVISION]")->required();
  add->add_option("--repo-type", flags->repo_type, "model, dataset or space");
  AddCommonOptions(add, *flags);
  add->callback([flags] { throw CLI::RuntimeError(RunAdd(*flags)); });
  CLI::App* update = lock->add_subcommand("update", "Move pins to their revision's new commit");
  update->add_option("repo", flags->target, "Only this repo");
  AddCommonOptions(update, *flags);
  update->callback([flags] { throw CLI::RuntimeError(RunUpdate(*flags)); });
  CLI::App* sync =
      app.add_subcommand("sync", "Download exactly the pinned files of models.lock, verified");
  AddCommonOptions(sync, *flags);
  sync->callback([flags] { throw CLI::RuntimeError(RunSync(*flags)); });
}

}  // namespace modelhub::cli
