#include "modelhub/core/ids.h"

#include <cstdint>

namespace modelhub::core {
namespace {

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

std::string_view RepoTypeName(RepoType type) {
  switch (type) {
    case RepoType::kModel:
      return "model";
    case RepoType::kDataset:
      return "dataset";
    case RepoType::kSpace:
      return "space";
  }
  return "model";
}

std::optional<RepoType> ParseRepoType(std::string_view text) {
  if (text == "model" || text == "models") return RepoType::kModel;
  if (text == "dataset" || text == "datasets") return RepoType::kDataset;
  if (text == "space" || text == "spaces") return RepoType::kSpace;
  return std::nullopt;
}

std::string_view RepoTypeUrlPrefix(RepoType type) {
  switch (type) {
    case RepoType::kModel:
      return "";
    case RepoType::kDataset:
      return "datasets/";
    case RepoType::kSpace:
      return "spaces/";
  }
  return "";
}

std::string_view RepoTypePlural(RepoType type) {
  switch (type) {
    case RepoType::kModel:
      return "models";
    case RepoType::kDataset:
      return "datasets";
    case RepoType::kSpace:
      return "spaces";
  }
  return "models";
}

bool IsValidRepoNamePart(std::string_view part) {
  if (part.empty() || part.size() > 96) return false;
  if (!IsWordChar(part.front()) || !IsWordChar(part.back())) return false;
  for (char c : part) {
    if (!IsWordChar(c) && c != '-' && c != '.') return false;
  }
  return part.find("--") == std::string_view::npos && part.find("..") == std::string_view::npos;
}

Result<RepoId> ParseRepoId(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos || text.find('/', slash + 1) != std::string_view::npos) {
    return Unexpected(ErrorCode::kBadRequest,
                      "Repo id must be of the form 'namespace/name': '" + std::string(text) + "'");
  }
  RepoId id{std::string(text.substr(0, slash)), std::string(text.substr(slash + 1))};
  if (!IsValidRepoNamePart(id.ns) || !IsValidRepoNamePart(id.name) || id.name.ends_with(".git")) {
    return Unexpected(ErrorCode::kBadRequest,
                      "Invalid repo id '" + std::string(text) +
                          "': use 1-96 letters, digits, '_', '-' or '.', starting and ending with "
                          "a letter or digit, without '--' or '..', not ending in '.git'");
  }
  return id;
}

bool IsFullSha(std::string_view text) {
  if (text.size() != 40) return false;
  for (char c : text) {
    if (!IsHex(c)) return false;
  }
  return true;
}

bool IsHexPrefix(std::string_view text) {
  if (text.size() < 4 || text.size() > 40) return false;
  for (char c : text) {
    if (!IsHex(c)) return false;
  }
  return true;
}

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    unsigned char c = *p;
    int extra;
    uint32_t code;
    if (c < 0x80) {
      ++p;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      code = c & 0x07;
    } else {
      return false;
    }
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      code = (code << 6) | (p[i] & 0x3F);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    if ((extra == 1 && code < 0x80) || (extra == 2 && code < 0x800) ||
        (extra == 3 && code < 0x10000) || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    p += extra + 1;
  }
  return true;
}

Status ValidateRepoPath(std::string_view path) {
  auto bad = [&](std::string_view why) {
    // Quote a bounded prefix: the path is untrusted and may be megabytes long.
    std::string shown(path.substr(0, 256));
    if (path.size() > shown.size()) shown += "...";
    return Unexpected(ErrorCode::kBadRequest, "Invalid path '" + shown + "': " + std::string(why));
  };
  if (path.empty()) return bad("path is empty");
  if (path.size() > 4096) return bad("path is longer than 4096 bytes");
  if (!IsValidUtf8(path)) return bad("path is not valid UTF-8");
  if (path.front() == '/') return bad("absolute paths are not allowed");
  for (char c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return bad("control characters");
    if (c == '\\') return bad("backslashes are not allowed");
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment.empty()) return bad("empty path segment ('//' or trailing '/')");
    if (segment == "." || segment == "..") return bad("'.' and '..' segments are not allowed");
    if (segment == ".git") return bad("paths inside '.git' are not allowed");
    start = end + 1;
    if (end == path.size()) break;
  }
  return Ok();
}

Status ValidateRefName(std::string_view name) {
  auto bad = [&](std::string_view why) {
    return Unexpected(ErrorCode::kBadRequest,
                      "Invalid reference name '" + std::string(name) + "': " + std::string(why));
  };
  if (name.empty()) return bad("empty");
  if (name.size() > 255) return bad("longer than 255 bytes");
  if (!IsValidUtf8(name)) return bad("not valid UTF-8");
  if (name.front() == '-' || name.front() == '/' || name.back() == '/' || name.back() == '.') {
    return bad("must not start with '-' or '/' nor end with '/' or '.'");
  }
  if (name.ends_with(".lock")) return bad("must not end with '.lock'");
  if (name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos ||
      name.find("@{") != std::string_view::npos || name.find("/.") != std::string_view::npos ||
      name.front() == '.' || name == "@") {
    return bad("must not contain '..', '//', '@{' or a segment starting with '.'");
  }
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == ' ' || c == '~' || c == '^' ||
        c == ':' || c == '?' || c == '*' || c == '[' || c == '\\') {
      return bad("contains a forbidden character");
    }
  }
  return Ok();
}

}  // namespace modelhub::core
