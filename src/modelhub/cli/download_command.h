// `modelhub download`: hf_hub_download / snapshot_download into the huggingface_hub cache. Also
// the error reporting and exit codes shared by the client commands (download, lock, sync, cache,
// upload, info, search):
//   0 ok, 1 other failure, 2 usage, 3 repo/revision/file not found, 4 authentication or access
//   (bad token, gated, forbidden), 5 network (unreachable after retries), 6 integrity (content
//   or pinned hash mismatch), 7 local I/O (disk full, permissions), 8 offline and not cached.
#ifndef MODELHUB_CLI_DOWNLOAD_COMMAND_H_
#define MODELHUB_CLI_DOWNLOAD_COMMAND_H_

#include <CLI/CLI.hpp>

#include "modelhub/core/error.h"

namespace modelhub::cli {

void RegisterDownloadCommand(CLI::App& app);

// Prints one line naming the cause and what to do, and returns the documented exit code. `write`
// phrases the access hints for commands that change a repo (upload).
int ReportClientError(const core::Error& error, bool offline, bool write = false);

}  // namespace modelhub::cli

#endif  // MODELHUB_CLI_DOWNLOAD_COMMAND_H_
