#include "modelhub/cli/repo_args.h"

#include <iostream>

#include "modelhub/core/ids.h"

namespace modelhub::cli {

std::optional<client::RepoRef> ParseRepoArgs(const std::string& repo,
                                             const std::string& repo_type) {
  auto type = core::ParseRepoType(repo_type);
  auto repo_id = core::ParseRepoId(repo);
  if (!type || !repo_id) {
    std::cerr << "modelhub: error: "
              << (repo_id ? "--repo-type must be model, dataset or space" : repo_id.error().message)
              << "\n";
    return std::nullopt;
  }
  return client::RepoRef{*type, repo_id->ToString()};
}

}  // namespace modelhub::cli
