// The demo model repo that `make serve` seeds so the first request shows something: a model card,
// a config.json and a small but valid safetensors file stored through LFS.
#ifndef MODELHUB_CLI_DEMO_REPO_H_
#define MODELHUB_CLI_DEMO_REPO_H_

#include <string>

#include "modelhub/core/result.h"
#include "modelhub/hub/caller.h"
#include "modelhub/hub/repo_service.h"

namespace modelhub::cli {

// Creates `<owner>/demo-model` unless it exists; returns whether it was created.
core::Result<bool> SeedDemoRepo(hub::RepoService& service, const hub::Caller& owner);

}  // namespace modelhub::cli

#endif  // MODELHUB_CLI_DEMO_REPO_H_
