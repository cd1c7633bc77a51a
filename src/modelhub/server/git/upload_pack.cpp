// The fetch side: ref advertisement and upload-pack in protocol v2 (ls-refs, fetch) and v0
// (stateless negotiation as git's smart HTTP client does it: every request carries the wants
// and all haves so far; the server keeps no state between requests).
#include <charconv>
#include <set>

#include "modelhub/server/git/git_routes.h"
#include "modelhub/server/git/pkt_line.h"

namespace modelhub::server::git {
namespace {

constexpr std::string_view kAgent = "agent=modelhub/1";
constexpr std::string_view kV0Capabilities =
    "multi_ack_detailed side-band-64k side-band ofs-delta shallow no-progress include-tag "
    "allow-tip-sha1-in-want allow-reachable-sha1-in-want no-done object-format=sha1";

bool IsOid(std::string_view text) { return core::IsFullSha(text); }

// "prefix <oid>" → oid; "" when the line is not that.
std::string_view OidAfter(std::string_view line, std::string_view prefix) {
  if (!line.starts_with(prefix)) return {};
  std::string_view oid = line.substr(prefix.size(), 40);
  return IsOid(oid) ? oid : std::string_view();
}

core::Status BadLine(std::string_view line) {
  return core::Unexpected(core::ErrorCode::kBadRequest,
                          "unexpected line in fetch request: '" + std::string(line) + "'");
}

core::Result<int> ParseDepth(std::string_view text) {
  int depth = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), depth);
  if (ec != std::errc() || end != text.data() + text.size() || depth <= 0) {
    return core::Unexpected(core::ErrorCode::kBadRequest, "invalid deepen value");
  }
  return depth;
}

// One parsed fetch request, v0 or v2.
struct Fetch {
  storage::FetchRequest request;
  bool done = false;
  bool sideband = false;  // v0: side-band or side-band-64k asked for
  size_t sideband_max = kMaxPacketPayload;
  bool negotiating = false;  // v0: the request goes on after the wants' flush
};

// The lines v0 and v2 fetches share: want, have, shallow, deepen N, done. False when `line` is
// none of them.
core::Result<bool> ParseNegotiationLine(std::string_view line, Fetch& fetch) {
  if (auto oid = OidAfter(line, "want "); !oid.empty()) {
    fetch.request.wants.emplace_back(oid);
  } else if (auto have = OidAfter(line, "have "); !have.empty()) {
    fetch.request.haves.emplace_back(have);
  } else if (auto shallow = OidAfter(line, "shallow "); !shallow.empty()) {
    fetch.request.client_shallow.emplace_back(shallow);
  } else if (line.starts_with("deepen ")) {
    MH_ASSIGN_OR_RETURN(fetch.request.depth, ParseDepth(line.substr(7)));
  } else if (line == "done") {
    fetch.done = true;
  } else {
    return false;
  }
  return true;
}

void AppendPack(std::string& out, const Fetch& fetch, std::string_view pack) {
  if (fetch.sideband) {
    AppendSideband(out, 1, pack, fetch.sideband_max);
    AppendFlush(out);
  } else {
    out.append(pack);
  }
}

// ---------- protocol v2 ----------

std::string V2Capabilities() {
  std::string out;
  AppendPacket(out, "version 2\n");
  AppendPacket(out, std::string(kAgent) + "\n");
  AppendPacket(out, "ls-refs=unborn\n");
  AppendPacket(out, "fetch=shallow\n");
  AppendPacket(out, "server-option\n");
  AppendPacket(out, "object-format=sha1\n");
  AppendFlush(out);
  return out;
}

core::Result<std::string> LsRefs(const hub::GitRefList& refs, PacketReader& reader) {
  bool symrefs = false;
  bool unborn = false;
  std::vector<std::string> prefixes;
  while (true) {
    MH_ASSIGN_OR_RETURN(auto packet, reader.Next());
    if (!packet || packet->kind == Packet::Kind::kFlush) break;
    if (packet->kind != Packet::Kind::kData) continue;
    std::string_view arg = packet->payload;
    if (arg == "symrefs") symrefs = true;
    if (arg == "unborn") unborn = true;
    if (arg.starts_with("ref-prefix ")) prefixes.emplace_back(arg.substr(11));
  }
  auto wanted = [&](std::string_view name) {
    if (prefixes.empty()) return true;
    for (const std::string& prefix : prefixes) {
      if (name.starts_with(prefix)) return true;
    }
    return false;
  };
  std::string out;
  const std::string head_suffix = symrefs ? " symref-target:" + refs.head_ref : "";
  if (wanted("HEAD")) {
    if (!refs.head.empty()) {
      AppendPacket(out, refs.head + " HEAD" + head_suffix + "\n");
    } else if (unborn) {
      AppendPacket(out, "unborn HEAD" + head_suffix + "\n");
    }
  }
  for (const auto& [name, oid] : refs.refs) {
    if (wanted(name)) AppendPacket(out, oid + " " + name + "\n");
  }
  AppendFlush(out);
  return out;
}

core::Result<Fetch> ParseV2Fetch(PacketReader& reader) {
  Fetch fetch;
  fetch.sideband = true;  // v2 packfile sections are always multiplexed
  while (true) {
    MH_ASSIGN_OR_RETURN(auto packet, reader.Next());
    if (!packet || packet->kind == Packet::Kind::kFlush) break;
    if (packet->kind != Packet::Kind::kData) continue;
    std::string_view arg = packet->payload;
    MH_ASSIGN_OR_RETURN(bool negotiation, ParseNegotiationLine(arg, fetch));
    if (negotiation) continue;
    if (arg.starts_with("deepen-since ") || arg.starts_with("deepen-not ") ||
        arg.starts_with("filter ") || arg.starts_with("want-ref ")) {
      return core::Unexpected(core::ErrorCode::kBadRequest,
                              "not supported by this server: " + std::string(arg));
    }
    if (arg != "thin-pack" && arg != "no-progress" && arg != "ofs-delta" && arg != "include-tag" &&
        arg != "deepen-relative" && arg != "sideband-all" && arg != "wait-for-done" &&
        !arg.starts_with("packfile-uris ")) {
      return core::Unexpected(BadLine(arg).error());
    }
  }
  return fetch;
}

void AppendShallowInfo(std::string& out, const storage::FetchPack& pack) {
  AppendPacket(out, "shallow-info\n");
  for (const std::string& oid : pack.shallow) AppendPacket(out, "shallow " + oid + "\n");
  for (const std::string& oid : pack.unshallow) AppendPacket(out, "unshallow " + oid + "\n");
  AppendDelim(out);
}

http::Response V2Command(api::RouteContext& context, const hub::RepoKey& key,
                         std::string_view body) {
  PacketReader reader(body);
  std::string command;
  // The command line, then capabilities up to the delimiter.
  while (true) {
    auto packet = reader.Next();
    if (!packet) return GitError(context, packet.error());
    if (!*packet || (*packet)->kind == Packet::Kind::kFlush) {
      return GitError(context, {core::ErrorCode::kBadRequest, "no command in request"});
    }
    if ((*packet)->kind == Packet::Kind::kDelim) break;
    if ((*packet)->payload.starts_with("command=")) command = (*packet)->payload.substr(8);
  }
  if (command == "ls-refs") {
    auto refs = context.service.GitRefs(context.caller, key);
    if (!refs) return GitError(context, refs.error());
    auto out = LsRefs(*refs, reader);
    if (!out) return GitError(context, out.error());
    return GitResponse("upload-pack-result", std::move(*out));
  }
  if (command != "fetch") {
    return GitError(context, {core::ErrorCode::kBadRequest, "unknown command '" + command + "'"});
  }
  auto fetch = ParseV2Fetch(reader);
  if (!fetch) return GitError(context, fetch.error());
  auto pack = context.service.GitFetch(context.caller, key, fetch->request);
  if (!pack) return GitError(context, pack.error());
  std::string out;
  if (!fetch->done) {
    AppendPacket(out, "acknowledgments\n");
    if (pack->common.empty()) AppendPacket(out, "NAK\n");
    for (const std::string& oid : pack->common) AppendPacket(out, "ACK " + oid + "\n");
    if (pack->common.empty() && !fetch->request.haves.empty()) {
      // Nothing in common yet: let the client send more haves before a pack is sent.
      AppendFlush(out);
      return GitResponse("upload-pack-result", std::move(out));
    }
    AppendPacket(out, "ready\n");
    AppendDelim(out);
  }
  if (fetch->request.depth > 0) AppendShallowInfo(out, *pack);
  AppendPacket(out, "packfile\n");
  AppendPack(out, *fetch, pack->data);
  return GitResponse("upload-pack-result", std::move(out));
}

// ---------- protocol v0 ----------

core::Result<Fetch> ParseV0Fetch(PacketReader& reader) {
  Fetch fetch;
  bool first_want = true;
  bool wants_ended = false;
  while (true) {
    MH_ASSIGN_OR_RETURN(auto packet, reader.Next());
    if (!packet) break;
    if (packet->kind == Packet::Kind::kFlush) wants_ended = true;
    if (packet->kind != Packet::Kind::kData) continue;
    if (wants_ended) fetch.negotiating = true;
    std::string_view line = packet->payload;
    if (first_want && !OidAfter(line, "want ").empty()) {
      first_want = false;
      const std::string_view capabilities = line.substr(45);
      if (capabilities.find("side-band-64k") != std::string_view::npos) {
        fetch.sideband = true;
      } else if (capabilities.find("side-band") != std::string_view::npos) {
        fetch.sideband = true;
        fetch.sideband_max = 996;
      }
    }
    MH_ASSIGN_OR_RETURN(bool negotiation, ParseNegotiationLine(line, fetch));
    if (!negotiation) {
      return core::Unexpected(core::ErrorCode::kBadRequest,
                              "not supported by this server: " + std::string(line));
    }
  }
  return fetch;
}

http::Response V0UploadPack(api::RouteContext& context, const hub::RepoKey& key,
                            std::string_view body) {
  PacketReader reader(body);
  auto fetch = ParseV0Fetch(reader);
  if (!fetch) return GitError(context, fetch.error());
  auto pack = context.service.GitFetch(context.caller, key, fetch->request);
  if (!pack) return GitError(context, pack.error());
  std::string out;
  if (fetch->request.depth > 0) {
    for (const std::string& oid : pack->shallow) AppendPacket(out, "shallow " + oid + "\n");
    for (const std::string& oid : pack->unshallow) AppendPacket(out, "unshallow " + oid + "\n");
    AppendFlush(out);
  }
  // A shallow fetch first sends its wants alone, to learn the new boundary: that is all it reads.
  if (!fetch->negotiating && !fetch->done) return GitResponse("upload-pack-result", std::move(out));
  // multi_ack_detailed: every common have is acknowledged; "ready" once one is found, so the
  // client may stop (no-done lets it skip the extra round trip).
  for (const std::string& oid : pack->common) AppendPacket(out, "ACK " + oid + " common\n");
  if (!fetch->done) {
    if (!pack->common.empty()) {
      AppendPacket(out, "ACK " + pack->common.back() + " ready\n");
    }
    AppendPacket(out, "NAK\n");
    if (pack->common.empty()) return GitResponse("upload-pack-result", std::move(out));
    // no-done: after "ready" the client expects the pack in this same response.
  }
  if (pack->common.empty()) {
    AppendPacket(out, "NAK\n");
  } else {
    AppendPacket(out, "ACK " + pack->common.back() + "\n");
  }
  AppendPack(out, *fetch, pack->data);
  return GitResponse("upload-pack-result", std::move(out));
}

}  // namespace

http::Response AdvertiseUploadPack(api::RouteContext& context, const hub::RepoKey& key,
                                   bool protocol_v2) {
  auto refs = context.service.GitRefs(context.caller, key);
  if (!refs) return GitError(context, refs.error());
  if (protocol_v2) return GitResponse("upload-pack-advertisement", V2Capabilities());
  std::string out;
  AppendPacket(out, "# service=git-upload-pack\n");
  AppendFlush(out);
  const std::string capabilities =
      std::string(kV0Capabilities) + " symref=HEAD:" + refs->head_ref + " " + std::string(kAgent);
  bool first = true;
  auto advertise = [&](const std::string& oid, const std::string& name) {
    std::string line = oid + " " + name;
    if (first) line += '\0' + capabilities;
    first = false;
    AppendPacket(out, line + "\n");
  };
  if (!refs->head.empty()) advertise(refs->head, "HEAD");
  for (const auto& [name, oid] : refs->refs) advertise(oid, name);
  if (first) advertise(std::string(40, '0'), "capabilities^{}");
  AppendFlush(out);
  return GitResponse("upload-pack-advertisement", std::move(out));
}

http::Response UploadPack(api::RouteContext& context, const hub::RepoKey& key,
                          std::string_view body, bool protocol_v2) {
  if (protocol_v2) return V2Command(context, key, body);
  return V0UploadPack(context, key, body);
}

}  // namespace modelhub::server::git
