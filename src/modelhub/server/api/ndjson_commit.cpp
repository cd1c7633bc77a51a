#include "modelhub/server/api/ndjson_commit.h"

#include <initializer_list>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "modelhub/core/encoding.h"
#include "modelhub/core/ids.h"

namespace modelhub::server::api {
namespace {

using hub::CommitOperation;
using nlohmann::json;

core::Unexpected Bad(size_t line, const std::string& why) {
  return core::Unexpected(core::ErrorCode::kBadRequest,
                          "Malformed commit payload, line " + std::to_string(line) + ": " + why);
}

// Rejects keys outside `allowed`: a misspelt key would otherwise be silently ignored and the commit
// would do something other than what the client meant.
core::Status CheckKeys(const json& object, std::initializer_list<std::string_view> allowed,
                       size_t line) {
  for (const auto& [key, unused] : object.items()) {
    bool known = false;
    for (std::string_view name : allowed) known = known || key == name;
    if (!known) return Bad(line, "unknown key '" + key + "'");
  }
  return core::Ok();
}

core::Result<std::string> StringField(const json& object, const char* key, size_t line) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    return Bad(line, std::string("'") + key + "' must be a string");
  }
  return it->get<std::string>();
}

// Optional strings may also be null: JS sends `undefined` fields as absent, Python sends "".
core::Result<std::string> OptionalString(const json& object, const char* key, size_t line) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) return Bad(line, std::string("'") + key + "' must be a string");
  return it->get<std::string>();
}

bool IsSha256Hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

core::Status ParseHeader(const json& value, size_t line, hub::CommitRequest& request) {
  MH_RETURN_IF_ERROR(CheckKeys(value, {"summary", "description", "parentCommit"}, line));
  MH_ASSIGN_OR_RETURN(request.summary, OptionalString(value, "summary", line));
  MH_ASSIGN_OR_RETURN(request.description, OptionalString(value, "description", line));
  auto parent = value.find("parentCommit");
  if (parent != value.end() && !parent->is_null()) {
    // §6.2: parentCommit may be abbreviated (5-40 hex digits).
    if (!parent->is_string() || parent->get<std::string>().size() < 5 ||
        !core::IsHexPrefix(parent->get<std::string>())) {
      return Bad(line, "'parentCommit' must be 5 to 40 hexadecimal digits");
    }
    request.parent_commit = parent->get<std::string>();
  }
  return core::Ok();
}

core::Result<CommitOperation> ParseFile(const json& value, size_t line) {
  MH_RETURN_IF_ERROR(CheckKeys(value, {"path", "content", "encoding"}, line));
  CommitOperation op;
  op.kind = CommitOperation::Kind::kFile;
  MH_ASSIGN_OR_RETURN(op.path, StringField(value, "path", line));
  MH_ASSIGN_OR_RETURN(std::string content, StringField(value, "content", line));
  MH_ASSIGN_OR_RETURN(std::string encoding, OptionalString(value, "encoding", line));
  // The JS client's types also allow "utf-8" content (spec §6.2 step 3).
  if (encoding == "utf-8") {
    op.content = std::move(content);
    return op;
  }
  if (encoding != "base64") return Bad(line, "'encoding' must be \"base64\" or \"utf-8\"");
  auto decoded = core::Base64Decode(content);
  if (!decoded) return Bad(line, "'content' is not valid base64");
  op.content = std::move(*decoded);
  return op;
}

core::Result<CommitOperation> ParseLfsFile(const json& value, size_t line) {
  MH_RETURN_IF_ERROR(CheckKeys(value, {"path", "algo", "oid", "size"}, line));
  CommitOperation op;
  op.kind = CommitOperation::Kind::kLfsFile;
  MH_ASSIGN_OR_RETURN(op.path, StringField(value, "path", line));
  MH_ASSIGN_OR_RETURN(std::string algo, OptionalString(value, "algo", line));
  if (!algo.empty() && algo != "sha256") return Bad(line, "'algo' must be \"sha256\"");
  MH_ASSIGN_OR_RETURN(op.lfs_sha256, StringField(value, "oid", line));
  if (!IsSha256Hex(op.lfs_sha256)) return Bad(line, "'oid' must be 64 lowercase hex digits");
  // Python omits `size` for copies of existing LFS files (§6.2 step 3).
  auto size = value.find("size");
  if (size != value.end() && !size->is_null()) {
    if (!size->is_number_unsigned()) return Bad(line, "'size' must be a non-negative integer");
    op.lfs_size = size->get<uint64_t>();
  }
  return op;
}

core::Result<CommitOperation> ParseDeletion(const json& value, size_t line, bool folder) {
  MH_RETURN_IF_ERROR(CheckKeys(value, {"path"}, line));
  CommitOperation op;
  op.kind = folder ? CommitOperation::Kind::kDeleteFolder : CommitOperation::Kind::kDeleteFile;
  MH_ASSIGN_OR_RETURN(op.path, StringField(value, "path", line));
  // Python sends folder paths with a trailing '/' (§6.2 step 3).
  if (folder && op.path.size() > 1 && op.path.back() == '/') op.path.pop_back();
  return op;
}

core::Result<CommitOperation> ParseOperation(std::string_view key, const json& value, size_t line) {
  if (key == "file") return ParseFile(value, line);
  if (key == "lfsFile") return ParseLfsFile(value, line);
  if (key == "deletedFile") return ParseDeletion(value, line, false);
  if (key == "deletedFolder") return ParseDeletion(value, line, true);
  return Bad(line, "unsupported operation '" + std::string(key) + "'");
}

}  // namespace

core::Result<hub::CommitRequest> ParseNdjsonCommit(std::string_view body) {
  hub::CommitRequest request;
  std::set<std::string> seen_paths;
  bool have_header = false;
  size_t line_number = 0;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view text = body.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    // Python terminates every line with '\n', JS does not; blank lines carry nothing.
    if (text.find_first_not_of(" \t") == std::string_view::npos) continue;

    json line = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (line.is_discarded()) return Bad(line_number, "not valid JSON");
    if (!line.is_object()) return Bad(line_number, "expected a JSON object");
    MH_RETURN_IF_ERROR(CheckKeys(line, {"key", "value"}, line_number));
    MH_ASSIGN_OR_RETURN(std::string key, StringField(line, "key", line_number));
    auto value = line.find("value");
    if (value == line.end() || !value->is_object()) {
      return Bad(line_number, "'value' must be a JSON object");
    }
    if (key == "header") {
      if (have_header) return Bad(line_number, "more than one header");
      MH_RETURN_IF_ERROR(ParseHeader(*value, line_number, request));
      have_header = true;
      continue;
    }
    if (!have_header) return Bad(line_number, "the first line must be the header");
    MH_ASSIGN_OR_RETURN(CommitOperation op, ParseOperation(key, *value, line_number));
    MH_RETURN_IF_ERROR(core::ValidateRepoPath(op.path));
    if (!seen_paths.insert(op.path).second) {
      return Bad(line_number, "path '" + op.path + "' appears more than once");
    }
    request.operations.push_back(std::move(op));
  }
  if (!have_header) return Bad(line_number, "missing header line");
  if (request.summary.empty()) {
    return core::Unexpected(core::ErrorCode::kBadRequest, "The commit summary must not be empty");
  }
  return request;
}

}  // namespace modelhub::server::api
