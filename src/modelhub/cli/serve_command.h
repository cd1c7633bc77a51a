// `modelhub serve`: the hub server on the embedded stores (SQLite + local blob directory).
#ifndef MODELHUB_CLI_SERVE_COMMAND_H_
#define MODELHUB_CLI_SERVE_COMMAND_H_

#include <CLI/CLI.hpp>

namespace modelhub::cli {

void RegisterServeCommand(CLI::App& app);

}  // namespace modelhub::cli

#endif  // MODELHUB_CLI_SERVE_COMMAND_H_
