// `modelhub info`: one repo's info (spec/hub-api.md §3) as a readable summary, or the server's
// JSON with --json. Exit codes as download_command.h.
#ifndef MODELHUB_CLI_INFO_COMMAND_H_
#define MODELHUB_CLI_INFO_COMMAND_H_

#include <CLI/CLI.hpp>

namespace modelhub::cli {

void RegisterInfoCommand(CLI::App& app);

}  // namespace modelhub::cli

#endif  // MODELHUB_CLI_INFO_COMMAND_H_
