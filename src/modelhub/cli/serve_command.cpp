#include "modelhub/cli/serve_command.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "modelhub/cli/demo_repo.h"
#include "modelhub/core/log.h"
#include "modelhub/hub/access.h"
#include "modelhub/hub/repo_service.h"
#include "modelhub/server/api/hub_application.h"
#include "modelhub/server/http/server.h"
#include "modelhub/storage/blobstore/blob_store.h"
#include "modelhub/storage/metastore/metastore.h"

namespace modelhub::cli {
namespace {

struct ServeFlags {
  std::string data = "./data";
  std::string listen = "127.0.0.1:8080";
  std::string admin_user = "admin";
  std::string admin_token;
  std::string public_url;
  int threads = 0;
  size_t listing_cache_mib = 64;
  uint64_t rate_limit_api = 10'000;
  uint64_t rate_limit_resolvers = 50'000;
  int64_t rate_limit_window = 300;
  bool rate_limit_loopback_admin = false;
  bool git_allow_force_push = false;
  bool seed_demo = false;
};

// "HOST:PORT" or "[V6]:PORT"; false on anything else.
bool ParseListen(const std::string& text, std::string& host, uint16_t& port) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = text.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  try {
    size_t used = 0;
    int value = std::stoi(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || value < 0 || value > 65535) return false;
    port = static_cast<uint16_t>(value);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

int Fail(const std::string& message) {
  std::cerr << "modelhub serve: " << message << "\n";
  return 1;
}

int RunServe(const ServeFlags& flags) {
  std::string host;
  uint16_t port = 0;
  if (!ParseListen(flags.listen, host, port)) {
    return Fail("--listen must be HOST:PORT (e.g. 127.0.0.1:8080), not '" + flags.listen + "'");
  }
  std::error_code ec;
  std::filesystem::create_directories(flags.data, ec);
  if (ec) return Fail("cannot create data directory " + flags.data + ": " + ec.message());

  auto metastore = storage::Metastore::OpenSqlite(flags.data + "/modelhub.db");
  if (!metastore) return Fail(metastore.error().message);
  auto blobs = storage::OpenFsBlobStore(flags.data + "/blobs");
  if (!blobs) return Fail(blobs.error().message);

  hub::Access access(**metastore);
  std::string token = flags.admin_token;
  if (token.empty()) {
    if (const char* env = std::getenv("MODELHUB_ADMIN_TOKEN")) token = env;
  }
  auto generated = access.EnsureAdmin(
      flags.admin_user, token.empty() ? std::nullopt : std::optional<std::string_view>(token));
  if (!generated) return Fail(generated.error().message);
  hub::RepoService service(**metastore, **blobs);
  service.StartBackgroundWork();

  if (flags.seed_demo) {
    auto admin = access.ActAs(flags.admin_user);
    if (!admin) return Fail(admin.error().message);
    if (auto seeded = SeedDemoRepo(service, *admin); !seeded) {
      return Fail("seeding the demo repo failed: " + seeded.error().message);
    } else if (*seeded) {
      std::cout << "modelhub: seeded demo repo " << flags.admin_user << "/demo-model\n";
    }
  }

  server::api::HubOptions options;
  options.public_url = flags.public_url;
  options.multipart_dir = flags.data + "/multipart";
  options.listing_cache_bytes = flags.listing_cache_mib << 20;
  options.rate_limits.api_requests = flags.rate_limit_api;
  options.rate_limits.resolver_requests = flags.rate_limit_resolvers;
  options.rate_limits.window_seconds = flags.rate_limit_window;
  options.rate_limit_loopback_admin = flags.rate_limit_loopback_admin;
  options.git_allow_force_push = flags.git_allow_force_push;
  server::api::HubApplication application(service, access, options);

  server::http::ServerOptions server_options;
  server_options.host = host;
  server_options.port = port;
  server_options.threads = flags.threads;
  auto server = server::http::Server::Create(server_options, application);
  if (!server) return Fail(server.error().message);

  std::string url = "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) +
                    ":" + std::to_string((*server)->port());
  if (generated->has_value()) {
    std::cout << "modelhub: admin token for user '" << flags.admin_user
              << "' (shown once, stored only as a hash): " << **generated << "\n";
  }
  std::cout << "modelhub: listening on " << url << "\n"
            << "modelhub: clients: HF_ENDPOINT=" << url
            << " (Python users with hf_xet installed also set HF_HUB_DISABLE_XET=1)" << std::endl;
  (*server)->Run();
  core::LogInfo("modelhub: stopped");
  return 0;
}

}  // namespace

void RegisterServeCommand(CLI::App& app) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* serve = app.add_subcommand(
      "serve", "Run the hub server (Hugging Face Hub API) on SQLite + a local blob directory");
  serve->add_option("--data", flags->data, "Data directory (database and blobs)")
      ->capture_default_str();
  serve->add_option("--listen", flags->listen, "Address to listen on, HOST:PORT (port 0 = any)")
      ->capture_default_str();
  serve->add_option("--admin-user", flags->admin_user, "Name of the administrator account")
      ->capture_default_str();
  serve->add_option("--admin-token", flags->admin_token,
                    "Administrator token (hf_...); default: $MODELHUB_ADMIN_TOKEN, else one is "
                    "generated on first start and printed once");
  serve->add_option("--public-url", flags->public_url,
                    "Base URL clients use to reach this server (default: from the Host header)");
  serve->add_option("--threads", flags->threads, "Worker threads (0 = one per core)");
  serve
      ->add_option("--listing-cache-mib", flags->listing_cache_mib,
                   "Memory for rendered listing pages (/api/models etc.), reused until the next "
                   "commit of any kind; 0 turns the cache off")
      ->capture_default_str();
  serve
      ->add_option("--rate-limit-api", flags->rate_limit_api,
                   "API requests (/api/...) per window for each token, or each client address "
                   "for anonymous callers; over it, 429 with Retry-After and RateLimit headers, "
                   "which huggingface_hub waits out. 0 = unlimited")
      ->capture_default_str();
  serve
      ->add_option("--rate-limit-resolvers", flags->rate_limit_resolvers,
                   "File requests (resolve, raw, LFS, git) per window for each token or "
                   "anonymous address; 0 = unlimited")
      ->capture_default_str();
  serve
      ->add_option("--rate-limit-window", flags->rate_limit_window,
                   "Length of a rate-limit window in seconds")
      ->check(CLI::Range(int64_t{1}, int64_t{86'400}))
      ->capture_default_str();
  serve->add_flag("--rate-limit-loopback-admin", flags->rate_limit_loopback_admin,
                  "Count site admins calling from this machine too (they are exempt by default)");
  serve->add_flag("--git-allow-force-push", flags->git_allow_force_push,
                  "Accept `git push --force` (non-fast-forward branch updates, moved tags); "
                  "refused by default so that published commits stay reachable");
  serve->add_flag("--seed-demo", flags->seed_demo,
                  "Create the demo repo <admin>/demo-model if it does not exist");
  serve->callback([flags] { throw CLI::RuntimeError(RunServe(*flags)); });
}

}  // namespace modelhub::cli
