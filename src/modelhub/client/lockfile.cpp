#include "modelhub/client/lockfile.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

namespace modelhub::client {
using core::ErrorCode;
using core::Unexpected;
using nlohmann::json;

namespace {

core::Unexpected Malformed(const std::string& why) {
  return Unexpected(ErrorCode::kBadRequest, "malformed models.lock: " + why);
}

bool IsSha256(const std::string& text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string StringField(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

core::Result<LockedFile> ParseFile(const json& entry, const std::string& where) {
  if (!entry.is_object()) return Malformed(where + ": a file entry is not an object");
  LockedFile file;
  file.path = StringField(entry, "path");
  if (!core::ValidateRepoPath(file.path)) return Malformed(where + ": bad file path");
  auto size = entry.find("size");
  if (size == entry.end() || !size->is_number_unsigned()) {
    return Malformed(where + ": " + file.path + " has no valid size");
  }
  file.size = size->get<uint64_t>();
  file.sha256 = StringField(entry, "sha256");
  if (!IsSha256(file.sha256)) return Malformed(where + ": " + file.path + " has no valid sha256");
  return file;
}

core::Result<LockedModel> ParseModel(const json& entry) {
  if (!entry.is_object()) return Malformed("a model entry is not an object");
  LockedModel model;
  model.repo = StringField(entry, "repo");
  if (!core::ParseRepoId(model.repo)) return Malformed("bad repo id '" + model.repo + "'");
  auto type = core::ParseRepoType(StringField(entry, "repo_type"));
  if (!type) return Malformed(model.repo + ": repo_type must be model, dataset or space");
  model.repo_type = *type;
  model.revision = StringField(entry, "revision");
  if (model.revision.empty()) return Malformed(model.repo + ": missing revision");
  model.commit = StringField(entry, "commit");
  if (!core::IsFullSha(model.commit)) return Malformed(model.repo + ": commit is not a full sha");
  model.license = StringField(entry, "license");
  if (auto card = entry.find("card_data"); card != entry.end()) {
    if (!card->is_object()) return Malformed(model.repo + ": card_data is not an object");
    model.card_data_json = card->dump();
  }
  auto files = entry.find("files");
  if (files == entry.end() || !files->is_array()) return Malformed(model.repo + ": no files list");
  std::set<std::string> seen;
  for (const json& file_entry : *files) {
    MH_ASSIGN_OR_RETURN(LockedFile file, ParseFile(file_entry, model.repo));
    if (!seen.insert(file.path).second) return Malformed(model.repo + ": duplicate " + file.path);
    model.files.push_back(std::move(file));
  }
  return model;
}

void Sort(Lockfile& lockfile) {
  for (LockedModel& model : lockfile.models) {
    std::sort(model.files.begin(), model.files.end(),
              [](const LockedFile& a, const LockedFile& b) { return a.path < b.path; });
  }
  std::sort(lockfile.models.begin(), lockfile.models.end(),
            [](const LockedModel& a, const LockedModel& b) {
              return std::tie(a.repo_type, a.repo) < std::tie(b.repo_type, b.repo);
            });
}

}  // namespace

LockedModel* Lockfile::Find(std::string_view repo, core::RepoType type) {
  for (LockedModel& model : models) {
    if (model.repo == repo && model.repo_type == type) return &model;
  }
  return nullptr;
}

void Lockfile::Upsert(LockedModel model) {
  if (LockedModel* existing = Find(model.repo, model.repo_type)) {
    *existing = std::move(model);
  } else {
    models.push_back(std::move(model));
  }
  Sort(*this);
}

core::Result<Lockfile> ParseLockfile(std::string_view text) {
  json root = json::parse(text.begin(), text.end(), nullptr, false);
  if (root.is_discarded() || !root.is_object()) return Malformed("not a JSON object");
  auto version = root.find("version");
  if (version == root.end() || !version->is_number_integer() || *version != 1) {
    return Malformed("version must be 1");
  }
  auto models = root.find("models");
  if (models == root.end() || !models->is_array()) return Malformed("no models list");
  Lockfile lockfile;
  for (const json& entry : *models) {
    MH_ASSIGN_OR_RETURN(LockedModel model, ParseModel(entry));
    if (lockfile.Find(model.repo, model.repo_type) != nullptr) {
      return Malformed("duplicate entry for " + model.repo);
    }
    lockfile.models.push_back(std::move(model));
  }
  Sort(lockfile);
  return lockfile;
}

std::string SerializeLockfile(const Lockfile& unsorted) {
  Lockfile lockfile = unsorted;
  Sort(lockfile);
  json models = json::array();
  for (const LockedModel& model : lockfile.models) {
    json files = json::array();
    for (const LockedFile& file : model.files) {
      files.push_back({{"path", file.path}, {"size", file.size}, {"sha256", file.sha256}});
    }
    json card = json::parse(model.card_data_json, nullptr, false);
    if (!card.is_object()) card = json::object();
    models.push_back({{"repo", model.repo},
                      {"repo_type", std::string(core::RepoTypeName(model.repo_type))},
                      {"revision", model.revision},
                      {"commit", model.commit},
                      {"license", model.license},
                      {"card_data", card},
                      {"files", files}});
  }
  return json{{"version", 1}, {"models", models}}.dump(2) + "\n";
}

std::vector<std::string> DiffLockedModels(const LockedModel& before, const LockedModel& after) {
  std::vector<std::string> changes;
  if (before.commit != after.commit) {
    changes.push_back("commit " + before.commit.substr(0, 12) + " -> " +
                      after.commit.substr(0, 12));
  }
  std::map<std::string, const LockedFile*> old_files;
  for (const LockedFile& file : before.files) old_files[file.path] = &file;
  for (const LockedFile& file : after.files) {
    auto it = old_files.find(file.path);
    if (it == old_files.end()) {
      changes.push_back("+ " + file.path + " (" + std::to_string(file.size) + " bytes)");
    } else {
      if (!(*it->second == file)) {
        changes.push_back("~ " + file.path + " (" + std::to_string(it->second->size) + " -> " +
                          std::to_string(file.size) + " bytes)");
      }
      old_files.erase(it);
    }
  }
  for (const auto& [path, file] : old_files) changes.push_back("- " + path);
  if (before.license != after.license) {
    changes.push_back("license: " + (before.license.empty() ? "(none)" : before.license) + " -> " +
                      (after.license.empty() ? "(none)" : after.license));
  }
  json old_card = json::parse(before.card_data_json, nullptr, false);
  json new_card = json::parse(after.card_data_json, nullptr, false);
  if (old_card.is_object() && new_card.is_object() && old_card != new_card) {
    std::set<std::string> keys;
    for (const auto& [key, value] : old_card.items()) keys.insert(key);
    for (const auto& [key, value] : new_card.items()) keys.insert(key);
    std::string changed;
    for (const std::string& key : keys) {
      if (old_card.value(key, json()) != new_card.value(key, json())) {
        changed += (changed.empty() ? "" : ", ") + key;
      }
    }
    changes.push_back("card metadata changed: " + changed);
  }
  return changes;
}

}  // namespace modelhub::client
