// modelhub: one binary, subcommands for serving, the card engine and (later) the client.
#include <CLI/CLI.hpp>

#include "modelhub/cli/admin_command.h"
#include "modelhub/cli/cache_command.h"
#include "modelhub/cli/download_command.h"
#include "modelhub/cli/info_command.h"
#include "modelhub/cli/lock_command.h"
#include "modelhub/cli/search_command.h"
#include "modelhub/cli/serve_command.h"
#include "modelhub/cli/upload_command.h"
#if __has_include("modelhub/cli/card_command.h")
#include "modelhub/cli/card_command.h"
#define MODELHUB_HAVE_CARD_COMMAND 1
#endif

int main(int argc, char** argv) {
  CLI::App app{"modelhub: a self-hosted model hub that speaks the Hugging Face Hub protocol"};
  app.require_subcommand(1);
  modelhub::cli::RegisterServeCommand(app);
  modelhub::cli::RegisterDownloadCommand(app);
  modelhub::cli::RegisterUploadCommand(app);
  modelhub::cli::RegisterInfoCommand(app);
  modelhub::cli::RegisterSearchCommand(app);
  modelhub::cli::RegisterLockCommands(app);
  modelhub::cli::RegisterCacheCommands(app);
  modelhub::cli::RegisterAdminCommands(app);
#ifdef MODELHUB_HAVE_CARD_COMMAND
  modelhub::cli::RegisterCardCommands(app);
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}
