// resolve and raw (spec/hub-api.md §2): every header of §2.1, ranges, LFS files by sendfile.
#include <memory>

#include "modelhub/core/encoding.h"
#include "modelhub/core/ids.h"
#include "modelhub/hub/lfs_pointer.h"
#include "modelhub/server/api/route_path.h"
#include "modelhub/server/api/routes.h"
#include "modelhub/server/http/range.h"

namespace modelhub::server::api {
namespace {

std::string BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// hf.co's form; the ASCII fallback drops the bytes a quoted-string cannot hold.
std::string ContentDisposition(std::string_view path) {
  const std::string name = BaseName(path);
  std::string ascii;
  for (char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\') ascii.push_back(c);
  }
  return "inline; filename*=UTF-8''" + core::PercentEncode(name) + "; filename=\"" + ascii + "\";";
}

std::string ContentType(std::string_view path, bool is_lfs) {
  if (!is_lfs) {
    if (path.ends_with(".json")) return "application/json; charset=utf-8";
    if (path.ends_with(".md") || path.ends_with(".txt") || path.ends_with(".yaml") ||
        path.ends_with(".yml") || path == ".gitattributes" || path.ends_with("/.gitattributes")) {
      return "text/plain; charset=utf-8";
    }
  }
  return "application/octet-stream";
}

// 307 to the repo's new name with the rest of the path and the query kept. Relative, so that
// Python re-sends its HEAD to the same host (spec §2.2 step 2).
http::Response RedirectToNewName(const RouteContext& context, const hub::RepoKey& new_key,
                                 Segments rest) {
  std::string location =
      "/" + std::string(core::RepoTypeUrlPrefix(new_key.type)) + new_key.id.ToString();
  for (const std::string& segment : rest) location += "/" + segment;
  if (!context.request.query.empty()) location += "?" + context.request.query;
  http::Response response;
  response.status = 307;
  response.headers.Set("Location", location);
  return response;
}

}  // namespace

http::Response HandleFile(RouteContext& context, const hub::RepoKey& key, Segments rest) {
  const http::Request& request = context.request;
  const bool head = request.method == "HEAD";
  if (!head && request.method != "GET") return MethodNotAllowed();
  const bool raw = rest.front() == "raw";

  auto lookup = context.service.FindRepo(context.caller, key);
  if (!lookup) return context.Error(lookup.error());
  if (lookup->redirected) return RedirectToNewName(context, lookup->record.key, rest);
  const hub::RepoKey& repo = lookup->record.key;

  auto split = SplitRevisionAndPath(rest.subspan(1), /*path_required=*/true,
                                    [&](const std::vector<std::string>& decoded, size_t max) {
                                      return context.service.RevisionSegments(context.caller, repo,
                                                                              decoded, max);
                                    });
  if (!split) return context.Error(split.error());
  if (auto valid = core::ValidateRepoPath(split->path); !valid) return context.Error(valid.error());

  std::string commit_on_error;
  auto file = context.service.ResolveFile(context.caller, repo, split->revision, split->path,
                                          &commit_on_error);
  if (!file) {
    http::Response response = context.Error(file.error());
    // §2.1: X-Repo-Commit on a 404 EntryNotFound lets Python write its `.no_exist` marker.
    if (file.error().code == core::ErrorCode::kEntryNotFound && !commit_on_error.empty()) {
      response.headers.Set("X-Repo-Commit", commit_on_error);
    }
    return response;
  }

  const hub::Entry& entry = file->entry;
  const bool serve_lfs = entry.lfs.has_value() && !raw;
  http::Response response;
  response.headers.Set("X-Repo-Commit", file->commit);
  response.headers.Set("Accept-Ranges", "bytes");
  response.headers.Set("Content-Type", ContentType(split->path, serve_lfs));
  auto no_disposition = context.query.GetBool("noContentDisposition", false);
  if (!no_disposition.has_value() || !*no_disposition) {
    response.headers.Set("Content-Disposition", ContentDisposition(split->path));
  }

  // raw serves the git blob itself, which for an LFS file is its pointer text (§2).
  std::string content = file->content;
  if (entry.lfs && raw && content.empty()) {
    content = hub::FormatLfsPointer(entry.lfs->sha256, entry.lfs->size);
  }
  uint64_t size = content.size();
  if (serve_lfs) {
    size = entry.lfs->size;
    const std::string etag = "\"" + entry.lfs->sha256 + "\"";
    response.headers.Set("ETag", etag);
    response.headers.Set("X-Linked-Etag", etag);
    response.headers.Set("X-Linked-Size", std::to_string(size));
  } else {
    response.headers.Set("ETag", "\"" + entry.oid + "\"");
  }

  http::ByteRange range{0, size == 0 ? 0 : size - 1};
  if (auto header = request.headers.Get("Range")) {
    auto parsed = http::ParseRange(*header, size);
    if (!parsed) {
      http::Response refused = context.Error(parsed.error());
      refused.headers.Set("Content-Range", "bytes */" + std::to_string(size));
      refused.headers.Set("X-Repo-Commit", file->commit);
      return refused;
    }
    if (*parsed) {
      range = **parsed;
      response.status = 206;
      response.headers.Set("Content-Range", "bytes " + std::to_string(range.first) + "-" +
                                                std::to_string(range.last) + "/" +
                                                std::to_string(size));
    }
  }
  const uint64_t length = size == 0 ? 0 : range.length();
  // Counted by the Hub's rule (hub/download_counter.h); the later ranges of a parallel download
  // are parts of one download, not new ones; raw/ serves the web UI, not libraries.
  if (range.first == 0 && !raw) {
    context.service.RecordDownload(repo, *file, split->path, request.remote_address);
  }

  if (head) {
    response.content_length = length;
    return response;
  }
  if (!serve_lfs) {
    response.body = content.substr(range.first, length);
    return response;
  }
  auto blob = context.service.blobs().Open(entry.lfs->sha256);
  if (!blob) {
    // The commit references it, so its absence is a storage fault, not a missing entry (which
    // would make Python cache a `.no_exist` marker).
    return context.Error({core::ErrorCode::kInternal,
                          "LFS object " + entry.lfs->sha256 + " is missing from storage"});
  }
  std::shared_ptr<storage::BlobFile> owner = std::move(*blob);
  response.file = http::FileBody{owner, owner->fd(), range.first, length};
  return response;
}

}  // namespace modelhub::server::api
