#include "modelhub/client/upload_plan.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "modelhub/client/glob_filter.h"
#include "modelhub/core/encoding.h"
#include "modelhub/core/ids.h"

namespace modelhub::client {
namespace fs = std::filesystem;
using core::ErrorCode;
using core::Unexpected;
using nlohmann::json;

namespace {

std::string TrimSlashes(std::string text) {
  while (!text.empty() && text.front() == '/') text.erase(0, 1);
  while (!text.empty() && text.back() == '/') text.pop_back();
  return text == "." ? "" : text;  // `hf upload repo folder .` means the root
}

core::Unexpected Malformed(const std::string& what) {
  return Unexpected(ErrorCode::kBadRequest, "malformed " + what + " answer from the server");
}

}  // namespace

const std::vector<std::string>& DefaultUploadIgnorePatterns() {
  // huggingface_hub constants.py (DEFAULT_IGNORE_PATTERNS), applied by upload_folder.
  static const std::vector<std::string> kPatterns = {
      ".git",
      ".git/*",
      "*/.git",
      "**/.git/**",
      ".cache/huggingface",
      ".cache/huggingface/*",
      "*/.cache/huggingface",
      "**/.cache/huggingface/**",
  };
  return kPatterns;
}

core::Result<std::vector<LocalFile>> CollectUploadFiles(const fs::path& source,
                                                        const std::string& path_in_repo,
                                                        const std::vector<std::string>& include,
                                                        const std::vector<std::string>& exclude) {
  std::error_code ec;
  std::string prefix = TrimSlashes(path_in_repo);
  std::vector<LocalFile> files;
  if (fs::is_regular_file(source, ec)) {
    LocalFile file{source, prefix.empty() ? source.filename().string() : prefix,
                   fs::file_size(source, ec)};
    MH_RETURN_IF_ERROR(core::ValidateRepoPath(file.path));
    files.push_back(std::move(file));
    return files;
  }
  if (!fs::is_directory(source, ec)) {
    return Unexpected(ErrorCode::kNotFound, "no such file or folder: " + source.string());
  }
  std::vector<std::string> ignore = exclude;
  ignore.insert(ignore.end(), DefaultUploadIgnorePatterns().begin(),
                DefaultUploadIgnorePatterns().end());
  GlobFilter filter(include, ignore);
  auto options = fs::directory_options::follow_directory_symlink;
  for (fs::recursive_directory_iterator it(source, options, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string relative = it->path().lexically_relative(source).generic_string();
    if (!filter.Matches(relative)) continue;
    LocalFile file{it->path(), prefix.empty() ? relative : prefix + "/" + relative,
                   it->file_size(ec)};
    if (ec) break;
    MH_RETURN_IF_ERROR(core::ValidateRepoPath(file.path));
    files.push_back(std::move(file));
  }
  if (ec) {
    return Unexpected(ErrorCode::kInternal, "cannot list " + source.string() + ": " + ec.message());
  }
  std::sort(files.begin(), files.end(),
            [](const LocalFile& a, const LocalFile& b) { return a.path < b.path; });
  return files;
}

std::string PreuploadBody(const std::vector<PreuploadEntry>& entries,
                          const std::optional<std::string>& git_ignore) {
  json files = json::array();
  for (const PreuploadEntry& entry : entries) {
    files.push_back(
        {{"path", entry.path}, {"sample", core::Base64Encode(entry.sample)}, {"size", entry.size}});
  }
  json body = {{"files", std::move(files)}};
  if (git_ignore) body["gitIgnore"] = *git_ignore;
  return body.dump();
}

core::Result<std::map<std::string, PreuploadAnswer>> ParsePreupload(const std::string& body) {
  json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("files") || !parsed["files"].is_array()) {
    return Malformed("preupload");
  }
  std::map<std::string, PreuploadAnswer> answers;
  for (const json& file : parsed["files"]) {
    if (!file.is_object() || !file.contains("path") || !file["path"].is_string() ||
        !file.contains("uploadMode") || !file["uploadMode"].is_string()) {
      return Malformed("preupload");
    }
    std::string mode = file["uploadMode"];
    if (mode != "lfs" && mode != "regular") return Malformed("preupload");
    PreuploadAnswer answer;
    answer.lfs = mode == "lfs";
    if (auto ignore = file.find("shouldIgnore"); ignore != file.end() && ignore->is_boolean()) {
      answer.should_ignore = ignore->get<bool>();
    }
    if (auto oid = file.find("oid"); oid != file.end() && oid->is_string()) {
      answer.remote_oid = oid->get<std::string>();
    }
    answers[file["path"].get<std::string>()] = std::move(answer);
  }
  return answers;
}

std::string LfsBatchBody(const std::vector<LfsObject>& objects, const std::string& revision) {
  json list = json::array();
  for (const LfsObject& object : objects) {
    list.push_back({{"oid", object.oid}, {"size", object.size}});
  }
  json body = {{"operation", "upload"},
               {"transfers", {"basic", "multipart"}},
               {"objects", std::move(list)},
               {"hash_algo", "sha256"}};
  if (!revision.empty()) body["ref"] = {{"name", revision}};
  return body.dump();
}

core::Result<std::vector<LfsUpload>> ParseLfsBatch(const std::string& body) {
  json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("objects") || !parsed["objects"].is_array()) {
    return Malformed("LFS batch");
  }
  std::vector<LfsUpload> uploads;
  for (const json& object : parsed["objects"]) {
    if (!object.is_object() || !object.contains("oid") || !object["oid"].is_string()) {
      return Malformed("LFS batch");
    }
    LfsUpload upload;
    upload.oid = object["oid"];
    if (auto error = object.find("error"); error != object.end()) {
      std::string message = error->is_object() ? error->value("message", "") : "";
      return Unexpected(ErrorCode::kBadRequest,
                        "the server refused LFS object " + upload.oid + ": " + message);
    }
    if (!object.contains("size") || !object["size"].is_number_unsigned()) {
      return Malformed("LFS batch (object " + upload.oid + " has no size)");
    }
    upload.size = object["size"];
    const json* upload_action = nullptr;
    if (auto actions = object.find("actions"); actions != object.end() && actions->is_object()) {
      if (auto it = actions->find("upload"); it != actions->end() && it->is_object()) {
        upload_action = &*it;
      }
      if (auto verify = actions->find("verify"); verify != actions->end() && verify->is_object()) {
        upload.verify_href = verify->value("href", "");
        if (auto header = verify->find("header"); header != verify->end() && header->is_object()) {
          for (const auto& [name, value] : header->items()) {
            if (value.is_string())
              upload.verify_headers.push_back(name + ": " + value.get<std::string>());
          }
        }
      }
    }
    if (upload_action == nullptr) {
      uploads.push_back(std::move(upload));
      continue;
    }
    upload.needed = true;
    upload.href = upload_action->value("href", "");
    if (upload.href.empty())
      return Malformed("LFS batch (upload of " + upload.oid + " has no href)");
    auto header = upload_action->find("header");
    if (header != upload_action->end() && header->is_object() && header->contains("chunk_size")) {
      // Multipart: every all-digit key is a part URL, ordered numerically (hf.co pads them).
      const json& chunk = (*header)["chunk_size"];
      std::string chunk_text = chunk.is_string()            ? chunk.get<std::string>()
                               : chunk.is_number_unsigned() ? std::to_string(chunk.get<uint64_t>())
                                                            : "";
      if (chunk_text.empty() || chunk_text.find_first_not_of("0123456789") != std::string::npos) {
        return Malformed("LFS batch (chunk_size of " + upload.oid + ")");
      }
      upload.chunk_size = std::stoull(chunk_text);
      std::vector<std::pair<uint64_t, std::string>> parts;
      for (const auto& [key, value] : header->items()) {
        if (key.empty() || key.size() > 18 ||
            key.find_first_not_of("0123456789") != std::string::npos) {
          continue;
        }
        if (!value.is_string()) return Malformed("LFS batch (part URL of " + upload.oid + ")");
        parts.emplace_back(std::stoull(key), value.get<std::string>());
      }
      std::sort(parts.begin(), parts.end());
      uint64_t expected =
          upload.chunk_size == 0 ? 0 : (upload.size + upload.chunk_size - 1) / upload.chunk_size;
      if (upload.chunk_size == 0 || parts.size() != expected) {
        return Unexpected(ErrorCode::kBadRequest,
                          "the server offered " + std::to_string(parts.size()) + " parts for " +
                              upload.oid + ", expected " + std::to_string(expected));
      }
      for (auto& part : parts) upload.part_urls.push_back(std::move(part.second));
    }
    uploads.push_back(std::move(upload));
  }
  return uploads;
}

std::string MultipartCompletionBody(const std::string& oid, const std::vector<std::string>& etags) {
  json parts = json::array();
  for (size_t i = 0; i < etags.size(); ++i) {
    parts.push_back({{"partNumber", i + 1}, {"etag", etags[i]}});
  }
  return json{{"oid", oid}, {"parts", std::move(parts)}}.dump();
}

std::string CommitNdjson(const std::string& summary, const std::string& description,
                         const std::vector<CommitOperation>& operations) {
  std::string body =
      json{{"key", "header"}, {"value", {{"summary", summary}, {"description", description}}}}
          .dump() +
      "\n";
  for (const CommitOperation& operation : operations) {
    json line;
    if (operation.lfs) {
      line = {{"key", "lfsFile"},
              {"value",
               {{"path", operation.path},
                {"algo", "sha256"},
                {"oid", operation.oid},
                {"size", operation.size}}}};
    } else {
      line = {{"key", "file"},
              {"value",
               {{"path", operation.path},
                {"content", core::Base64Encode(operation.content)},
                {"encoding", "base64"}}}};
    }
    body += line.dump();
    body += '\n';
  }
  return body;
}

}  // namespace modelhub::client
