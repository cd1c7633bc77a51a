#include "modelhub/cli/admin_command.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <pwd.h>
#include <unistd.h>

namespace modelhub::cli {

void RegisterAdminCommands(CLI::App& app) {
  CLI::App* admin =
      app.add_subcommand("admin", "Operator commands on a data directory (run without the server)");
  admin->require_subcommand(1);
  RegisterGenerateCatalogueCommand(*admin);
  RegisterReindexCommand(*admin);
  RegisterUserCommands(*admin);
  RegisterAuditCommand(*admin);
}

std::unique_ptr<storage::Metastore> OpenDataMetastore(const std::string& data,
                                                      const std::string& command) {
  if (!std::filesystem::exists(data + "/modelhub.db")) {
    std::fprintf(stderr,
                 "%s: no modelhub database in %s (pass the --data directory of `modelhub "
                 "serve`)\n",
                 command.c_str(), data.c_str());
    return nullptr;
  }
  auto metastore = storage::Metastore::OpenSqlite(data + "/modelhub.db");
  if (!metastore) {
    std::fprintf(stderr, "%s: %s\n", command.c_str(), metastore.error().message.c_str());
    return nullptr;
  }
  return std::move(*metastore);
}

hub::Caller CommandLineActor() {
  hub::Caller actor = hub::SystemCaller();
  const passwd* account = getpwuid(geteuid());
  const char* login = account ? account->pw_name : std::getenv("USER");
  actor.name = std::string("cli:") + (login && *login ? login : "unknown");
  actor.address = "local";
  return actor;
}

}  // namespace modelhub::cli
