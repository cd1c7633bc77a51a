// `modelhub search`: the catalogue listing (spec/hub-api.md §4) with the Hub's parameters and
// modelhub's own filters (README.md "Search"), followed across pages up to --limit; a table, or a
// JSON array with --json. Exit codes as download_command.h.
#ifndef MODELHUB_CLI_SEARCH_COMMAND_H_
#define MODELHUB_CLI_SEARCH_COMMAND_H_

#include <CLI/CLI.hpp>

namespace modelhub::cli {

void RegisterSearchCommand(CLI::App& app);

}  // namespace modelhub::cli

#endif  // MODELHUB_CLI_SEARCH_COMMAND_H_
