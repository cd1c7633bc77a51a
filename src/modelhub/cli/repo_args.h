// The REPO argument and --repo-type option that the client commands (download, upload, info)
// share.
#ifndef MODELHUB_CLI_REPO_ARGS_H_
#define MODELHUB_CLI_REPO_ARGS_H_

#include <optional>
#include <string>

#include "modelhub/client/hub_api.h"

namespace modelhub::cli {

// The repo as the client addresses it; nullopt after printing a one-line error to stderr when
// either is malformed (the commands then exit with status 2, usage error).
std::optional<client::RepoRef> ParseRepoArgs(const std::string& repo, const std::string& repo_type);

}  // namespace modelhub::cli

#endif  // MODELHUB_CLI_REPO_ARGS_H_
