// `modelhub admin ...`: operator commands that work on a data directory directly (no server).
#ifndef MODELHUB_CLI_ADMIN_COMMAND_H_
#define MODELHUB_CLI_ADMIN_COMMAND_H_

#include <CLI/CLI.hpp>

namespace modelhub::cli {

// Adds the `admin` group and every admin subcommand below to `app`.
void RegisterAdminCommands(CLI::App& app);

// The admin subcommands, one file each (admin_<name>.cpp); each adds itself to the group.
void RegisterGenerateCatalogueCommand(CLI::App& admin);
void RegisterReindexCommand(CLI::App& admin);

}  // namespace modelhub::cli

#endif  // MODELHUB_CLI_ADMIN_COMMAND_H_
