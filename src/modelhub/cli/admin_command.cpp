#include "modelhub/cli/admin_command.h"

namespace modelhub::cli {

void RegisterAdminCommands(CLI::App& app) {
  CLI::App* admin =
      app.add_subcommand("admin", "Operator commands on a data directory (run without the server)");
  admin->require_subcommand(1);
  RegisterGenerateCatalogueCommand(*admin);
  RegisterReindexCommand(*admin);
}

}  // namespace modelhub::cli
