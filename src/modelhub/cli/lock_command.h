// `modelhub lock add REPO[@REV]`, `modelhub lock update [REPO]` and `modelhub sync`: pinning
// models by commit in models.lock and downloading exactly the pinned files, verified.
#ifndef MODELHUB_CLI_LOCK_COMMAND_H_
#define MODELHUB_CLI_LOCK_COMMAND_H_

#include <CLI/CLI.hpp>

namespace modelhub::cli {

void RegisterLockCommands(CLI::App& app);

}  // namespace modelhub::cli

#endif  // MODELHUB_CLI_LOCK_COMMAND_H_
