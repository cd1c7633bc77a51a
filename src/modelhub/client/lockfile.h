// models.lock: the pinned state of the models a project uses, for init containers and image
// builds. JSON, deterministic (models sorted by type and repo, files by path, two-space indent),
// so that a change of pin is a readable diff in review:
//
//   {"version": 1, "models": [{"repo": "ns/name", "repo_type": "model", "revision": "main",
//     "commit": "<40 hex>", "license": "apache-2.0", "card_data": {...},
//     "files": [{"path": "config.json", "size": 12, "sha256": "<64 hex>"}]}]}
//
// Parsing validates everything (it is outside input): malformed files give BadRequest naming the
// first problem, never a crash.
#ifndef MODELHUB_CLIENT_LOCKFILE_H_
#define MODELHUB_CLIENT_LOCKFILE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "modelhub/core/ids.h"
#include "modelhub/core/result.h"

namespace modelhub::client {

struct LockedFile {
  std::string path;
  uint64_t size = 0;
  std::string sha256;
  friend bool operator==(const LockedFile&, const LockedFile&) = default;
};

struct LockedModel {
  std::string repo;
  core::RepoType repo_type = core::RepoType::kModel;
  std::string revision;
  std::string commit;
  std::string license;                // "" when the card names none
  std::string card_data_json = "{}";  // the card's YAML metadata as compact JSON
  std::vector<LockedFile> files;
  friend bool operator==(const LockedModel&, const LockedModel&) = default;
};

struct Lockfile {
  std::vector<LockedModel> models;

  // The entry for `repo` of `type`, or nullptr.
  LockedModel* Find(std::string_view repo, core::RepoType type);
  // Inserts or replaces the entry with the same repo and type.
  void Upsert(LockedModel model);
  friend bool operator==(const Lockfile&, const Lockfile&) = default;
};

core::Result<Lockfile> ParseLockfile(std::string_view text);
std::string SerializeLockfile(const Lockfile& lockfile);

// Human-readable differences between two pins of one model: files added, removed or changed,
// license and card metadata changes. Empty when identical.
std::vector<std::string> DiffLockedModels(const LockedModel& before, const LockedModel& after);

}  // namespace modelhub::client

#endif  // MODELHUB_CLIENT_LOCKFILE_H_
