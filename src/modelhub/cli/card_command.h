// `modelhub card inspect|lint|compare|new`: the command-line face of the card module. Reads
// files, prints reports; all analysis is in modelhub/card.
#ifndef MODELHUB_CLI_CARD_COMMAND_H_
#define MODELHUB_CLI_CARD_COMMAND_H_

#include <CLI/CLI.hpp>

namespace modelhub::cli {

// Adds the `card` subcommand and its four subcommands to `app`. Exit codes: inspect 1 only when
// a file is unreadable; lint 1 when any card has an error finding; compare 1 on unreadable files;
// new 1 on invalid options.
void RegisterCardCommands(CLI::App& app);

}  // namespace modelhub::cli

#endif  // MODELHUB_CLI_CARD_COMMAND_H_
