// Identifiers of the Hub protocol: repo types, repo ids, revisions and paths inside a repo.
//
// All parsing here validates: a RepoId or RepoPath that exists is well-formed, so code below the
// server never re-checks names (spec/hub-api.md §1; huggingface_hub utils/_validators.py).
#ifndef MODELHUB_CORE_IDS_H_
#define MODELHUB_CORE_IDS_H_

#include <optional>
#include <string>
#include <string_view>

#include "modelhub/core/result.h"

namespace modelhub::core {

enum class RepoType { kModel, kDataset, kSpace };

// "model", "dataset", "space".
std::string_view RepoTypeName(RepoType type);
// Accepts "model"/"dataset"/"space" and the plurals used in /api/ URLs.
std::optional<RepoType> ParseRepoType(std::string_view text);
// URL prefix for file and git URLs: "" for models, "datasets/", "spaces/".
std::string_view RepoTypeUrlPrefix(RepoType type);
// "models", "datasets", "spaces" as in /api/models/...
std::string_view RepoTypePlural(RepoType type);

struct RepoId {
  std::string ns;
  std::string name;

  std::string ToString() const { return ns + "/" + name; }
  friend bool operator==(const RepoId&, const RepoId&) = default;
};

// True when `part` is a valid namespace or repo name: 1..96 of [A-Za-z0-9_.-], starting and ending
// with a letter, digit or '_', without "--" or "..", and (for names) not ending in ".git".
bool IsValidRepoNamePart(std::string_view part);

// Parses "ns/name"; BadRequest with a message naming the rule that failed.
Result<RepoId> ParseRepoId(std::string_view text);

// True for 40 lowercase hex digits.
bool IsFullSha(std::string_view text);
// True for 4..40 hex digits (an abbreviated or full commit id).
bool IsHexPrefix(std::string_view text);

// Validates a path inside a repo as the commit API receives it: relative, '/'-separated, valid
// UTF-8, no empty, "." or ".." segments, no NUL or control bytes, nothing under ".git/", at most
// 4096 bytes. Returns BadRequest with the reason otherwise.
Status ValidateRepoPath(std::string_view path);

// Validates a branch or tag name with git's check-ref-format rules (a subset sufficient for the
// Hub: no "..", no control bytes or " ~^:?*[\\", no leading '-' or '/', no trailing '/', '.' or
// ".lock").
Status ValidateRefName(std::string_view name);

// True when `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);

}  // namespace modelhub::core

#endif  // MODELHUB_CORE_IDS_H_
