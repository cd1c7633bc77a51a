// `modelhub cache scan|verify|prune`: inspecting and trimming a huggingface_hub cache.
#ifndef MODELHUB_CLI_CACHE_COMMAND_H_
#define MODELHUB_CLI_CACHE_COMMAND_H_

#include <CLI/CLI.hpp>

namespace modelhub::cli {

void RegisterCacheCommands(CLI::App& app);

}  // namespace modelhub::cli

#endif  // MODELHUB_CLI_CACHE_COMMAND_H_
