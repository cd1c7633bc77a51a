// `modelhub admin ...`: operator commands that work on a data directory directly (no server).
#ifndef MODELHUB_CLI_ADMIN_COMMAND_H_
#define MODELHUB_CLI_ADMIN_COMMAND_H_

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "modelhub/hub/caller.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::cli {

// Adds the `admin` group and every admin subcommand below to `app`.
void RegisterAdminCommands(CLI::App& app);

// The admin subcommands, one file each (admin_<name>.cpp); each adds itself to the group.
void RegisterGenerateCatalogueCommand(CLI::App& admin);
void RegisterReindexCommand(CLI::App& admin);
void RegisterUserCommands(CLI::App& admin);  // admin_accounts.cpp: user, org, token
void RegisterAuditCommand(CLI::App& admin);

// The metastore of `modelhub serve --data <data>`; prints why to stderr (prefixed with
// `command`) and returns null when there is none or it cannot be opened.
std::unique_ptr<storage::Metastore> OpenDataMetastore(const std::string& data,
                                                      const std::string& command);

// Who the audit log names for changes made from the command line: "cli:<login name>".
hub::Caller CommandLineActor();

}  // namespace modelhub::cli

#endif  // MODELHUB_CLI_ADMIN_COMMAND_H_
