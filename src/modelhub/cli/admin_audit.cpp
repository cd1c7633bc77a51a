// `modelhub admin audit`: the audit log (hub/audit.h), newest first.
#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "modelhub/cli/admin_command.h"
#include "modelhub/core/time.h"
#include "modelhub/hub/audit.h"

namespace modelhub::cli {
namespace {

struct AuditFlags {
  std::string data = "./data";
  std::string repo;
  std::string user;
  std::string since;
  size_t limit = 100;
  bool json = false;
};

// "30m", "24h", "7d" before now, or an ISO date "2026-11-26" / time "2026-11-26T10:00:00Z" (UTC).
std::optional<int64_t> ParseSince(const std::string& text, int64_t now_ms) {
  if (text.empty()) return 0;
  const char unit = text.back();
  if (unit == 'm' || unit == 'h' || unit == 'd') {
    int64_t count = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, count);
    if (ec != std::errc() || end != text.data() + text.size() - 1 || count < 0) return std::nullopt;
    const int64_t unit_ms = unit == 'm' ? 60'000 : unit == 'h' ? 3'600'000 : 86'400'000;
    return now_ms - count * unit_ms;
  }
  std::tm parts{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &parts.tm_year, &parts.tm_mon, &parts.tm_mday,
                  &consumed) != 3) {
    return std::nullopt;
  }
  if (static_cast<size_t>(consumed) < text.size()) {
    int more = 0;
    if (std::sscanf(text.c_str() + consumed, "T%2d:%2d:%2d%n", &parts.tm_hour, &parts.tm_min,
                    &parts.tm_sec, &more) != 3) {
      return std::nullopt;
    }
    consumed += more;
    if (text.substr(consumed) != "Z" && text.substr(consumed) != "") return std::nullopt;
  }
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  if (parts.tm_mon < 0 || parts.tm_mon > 11 || parts.tm_mday < 1 || parts.tm_mday > 31) {
    return std::nullopt;
  }
  return static_cast<int64_t>(timegm(&parts)) * 1000;
}

int RunAudit(const AuditFlags& flags) {
  auto since = ParseSince(flags.since, core::NowMillis());
  if (!since) {
    std::fprintf(stderr,
                 "audit: --since '%s' is neither a duration (30m, 24h, 7d) nor a UTC date or "
                 "time (2026-11-26, 2026-11-26T10:00:00Z)\n",
                 flags.since.c_str());
    return 2;
  }
  auto metastore = OpenDataMetastore(flags.data, "audit");
  if (!metastore) return 1;
  hub::AuditQuery query;
  query.repo = flags.repo;
  query.user = flags.user;
  query.since_ms = *since;
  query.limit = flags.limit;
  auto entries = hub::ReadAudit(*metastore, query);
  if (!entries) {
    std::fprintf(stderr, "audit: %s\n", entries.error().message.c_str());
    return 1;
  }
  nlohmann::json out = nlohmann::json::array();
  for (const hub::AuditEntry& entry : *entries) {
    const std::string actor = entry.actor.empty() ? "(anonymous)" : entry.actor;
    if (flags.json) {
      out.push_back({{"id", entry.id},
                     {"at", core::FormatIsoMillis(entry.at)},
                     {"actor", entry.actor},
                     {"token", entry.token_id},
                     {"address", entry.address},
                     {"action", entry.action},
                     {"repo", entry.repo},
                     {"outcome", entry.outcome},
                     {"detail", entry.detail}});
      continue;
    }
    std::printf("%s  %-16s %-15s %-16s %-32s %-22s %s\n", core::FormatIsoMillis(entry.at).c_str(),
                actor.c_str(), entry.address.c_str(), entry.action.c_str(), entry.repo.c_str(),
                entry.outcome.c_str(), entry.detail.c_str());
  }
  if (flags.json) std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace

void RegisterAuditCommand(CLI::App& admin) {
  auto flags = std::make_shared<AuditFlags>();
  CLI::App* command = admin.add_subcommand(
      "audit",
      "Show the audit log, newest first: every write (commits, refs, repo settings, likes), "
      "token and account change, gated-access decision, and refused request, with who, when, "
      "from which address and the outcome");
  command->add_option("--data", flags->data, "Data directory of `modelhub serve`")
      ->capture_default_str();
  command->add_option("--repo", flags->repo,
                      "Only this repo: ns/name (model), datasets/ns/name or spaces/ns/name");
  command->add_option("--user", flags->user,
                      "Only this actor (a user name; the command line is cli:<login>)");
  command->add_option("--since", flags->since,
                      "Only entries since a duration ago (30m, 24h, 7d) or a UTC date or time "
                      "(2026-11-26, 2026-11-26T10:00:00Z)");
  command->add_option("--limit", flags->limit, "At most this many entries")->capture_default_str();
  command->add_flag("--json", flags->json, "JSON output");
  command->callback([flags] { throw CLI::RuntimeError(RunAudit(*flags)); });
}

}  // namespace modelhub::cli
