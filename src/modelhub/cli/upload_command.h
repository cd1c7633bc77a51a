// `modelhub upload`: upload_folder / upload_file to a Hub (creating the repo when missing); prints
// the commit URL (and the PR URL with --create-pr). Exit codes as download_command.h.
#ifndef MODELHUB_CLI_UPLOAD_COMMAND_H_
#define MODELHUB_CLI_UPLOAD_COMMAND_H_

#include <CLI/CLI.hpp>

namespace modelhub::cli {

void RegisterUploadCommand(CLI::App& app);

}  // namespace modelhub::cli

#endif  // MODELHUB_CLI_UPLOAD_COMMAND_H_
