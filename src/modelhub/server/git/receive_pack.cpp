// The push side: receive-pack's ref advertisement and the push itself (protocol v0; git has no
// v2 push). The commands and pack are applied in one transaction by RepoService::GitPush; the
// report tells git which refs moved.
#include "modelhub/server/git/git_routes.h"
#include "modelhub/server/git/pkt_line.h"

namespace modelhub::server::git {
namespace {

constexpr std::string_view kCapabilities =
    "report-status delete-refs side-band-64k quiet atomic ofs-delta object-format=sha1 "
    "agent=modelhub/1";

struct PushRequest {
  std::vector<hub::GitRefCommand> commands;
  bool sideband = false;
  std::string_view pack;
};

core::Result<PushRequest> ParsePush(std::string_view body) {
  PushRequest push;
  PacketReader reader(body);
  bool first = true;
  while (true) {
    MH_ASSIGN_OR_RETURN(auto packet, reader.Next());
    if (!packet || packet->kind == Packet::Kind::kFlush) break;
    if (packet->kind != Packet::Kind::kData) continue;
    std::string_view line = packet->payload;
    if (line.starts_with("shallow ")) continue;  // a shallow client's boundary: nothing to do
    if (first) {
      first = false;
      if (auto nul = line.find('\0'); nul != std::string_view::npos) {
        std::string_view capabilities = line.substr(nul + 1);
        push.sideband = capabilities.find("side-band-64k") != std::string_view::npos;
        line = line.substr(0, nul);
      }
    }
    if (line.size() < 83 || line[40] != ' ' || line[81] != ' ' ||
        !core::IsFullSha(line.substr(0, 40)) || !core::IsFullSha(line.substr(41, 40))) {
      return core::Unexpected(core::ErrorCode::kBadRequest,
                              "malformed push command '" + std::string(line) + "'");
    }
    push.commands.push_back({std::string(line.substr(0, 40)), std::string(line.substr(41, 40)),
                             std::string(line.substr(82))});
  }
  if (push.commands.empty()) {
    return core::Unexpected(core::ErrorCode::kBadRequest, "a push needs at least one command");
  }
  push.pack = reader.rest();
  return push;
}

}  // namespace

http::Response AdvertiseReceivePack(api::RouteContext& context, const hub::RepoKey& key) {
  if (context.caller.anonymous()) {
    // Pushing always needs a token: ask for it before showing anything.
    return GitError(context, {core::ErrorCode::kUnauthorized, "Authentication required to push"});
  }
  auto refs = context.service.GitRefs(context.caller, key);
  if (!refs) return GitError(context, refs.error());
  std::string out;
  AppendPacket(out, "# service=git-receive-pack\n");
  AppendFlush(out);
  bool first = true;
  for (const auto& [name, oid] : refs->refs) {
    std::string line = oid + " " + name;
    if (first) line += '\0' + std::string(kCapabilities);
    first = false;
    AppendPacket(out, line + "\n");
  }
  if (first) {
    AppendPacket(
        out, std::string(40, '0') + " capabilities^{}" + '\0' + std::string(kCapabilities) + "\n");
  }
  AppendFlush(out);
  return GitResponse("receive-pack-advertisement", std::move(out));
}

http::Response ReceivePack(api::RouteContext& context, const hub::RepoKey& key,
                           std::string_view body) {
  auto push = ParsePush(body);
  if (!push) return GitError(context, push.error());
  auto result = context.service.GitPush(context.caller, key, push->commands, push->pack,
                                        context.options.git_allow_force_push);
  std::string report;
  std::string progress;
  if (!result && result.error().code != core::ErrorCode::kBadRequest) {
    return GitError(context, result.error());
  }
  if (!result) {
    // A refused pack (bad data, LFS objects missing): every ref is rejected with the reason.
    const bool unpack_failed = result.error().message.starts_with("invalid pack");
    AppendPacket(report, unpack_failed ? "unpack " + result.error().message + "\n"
                                       : std::string("unpack ok\n"));
    for (const hub::GitRefCommand& command : push->commands) {
      AppendPacket(report, "ng " + command.ref + " " + result.error().message + "\n");
    }
    progress = "error: " + result.error().message + "\n";
  } else {
    AppendPacket(report, "unpack ok\n");
    for (size_t i = 0; i < push->commands.size(); ++i) {
      const std::string& error = result->errors[i];
      AppendPacket(report, (error.empty() ? "ok " : "ng ") + push->commands[i].ref +
                               (error.empty() ? "" : " " + error) + "\n");
    }
  }
  AppendFlush(report);
  if (!push->sideband) return GitResponse("receive-pack-result", std::move(report));
  std::string out;
  if (!progress.empty()) AppendSideband(out, 2, progress);
  AppendSideband(out, 1, report);
  AppendFlush(out);
  return GitResponse("receive-pack-result", std::move(out));
}

}  // namespace modelhub::server::git
