#include <filesystem>
#include <system_error>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "modelhub/storage/blobstore/blob_store.h"
#include "modelhub/storage/blobstore/internal/fs_blob_writer.h"

namespace modelhub::storage {
namespace {

namespace fs = std::filesystem;
using internal::BlobPath;
using internal::IsSha256Hex;
using internal::SystemError;

core::Status CheckSha256(std::string_view sha256) {
  if (IsSha256Hex(sha256)) return core::Ok();
  return core::Unexpected(core::ErrorCode::kBadRequest, "invalid sha256 '" + std::string(sha256) +
                                                            "': expected 64 lowercase hex");
}

bool IsHexName(const fs::path& name, size_t length) {
  std::string text = name.string();
  return text.size() == length && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

class FsBlobStore final : public BlobStore {
 public:
  explicit FsBlobStore(std::string root) : root_(std::move(root)) {}

  core::Result<std::unique_ptr<BlobWriter>> BeginWrite() override {
    return internal::NewFsBlobWriter(root_);
  }

  core::Result<std::optional<uint64_t>> Stat(std::string_view sha256) override {
    MH_RETURN_IF_ERROR(CheckSha256(sha256));
    std::string path = BlobPath(root_, sha256);
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) return std::optional<uint64_t>();
      return core::Unexpected(SystemError("stat", path));
    }
    return std::optional<uint64_t>(static_cast<uint64_t>(info.st_size));
  }

  core::Result<std::unique_ptr<BlobFile>> Open(std::string_view sha256) override {
    MH_RETURN_IF_ERROR(CheckSha256(sha256));
    std::string path = BlobPath(root_, sha256);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT || errno == ENOTDIR) {
        return core::Unexpected(core::ErrorCode::kEntryNotFound,
                                "blob " + std::string(sha256) + " not found");
      }
      return core::Unexpected(SystemError("open", path));
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
      auto error = SystemError("fstat", path);
      ::close(fd);
      return core::Unexpected(std::move(error));
    }
    return std::make_unique<BlobFile>(fd, static_cast<uint64_t>(info.st_size));
  }

  core::Status Remove(std::string_view sha256) override {
    MH_RETURN_IF_ERROR(CheckSha256(sha256));
    std::string path = BlobPath(root_, sha256);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT && errno != ENOTDIR) {
      return core::Unexpected(SystemError("unlink", path));
    }
    return core::Ok();
  }

  core::Status ForEach(const std::function<bool(const BlobInfo&)>& visit) override {
    std::error_code error;
    // Only root/xx/yy/<64 hex> counts as a blob; tmp/ and anything foreign are skipped.
    for (const auto& outer : fs::directory_iterator(root_, error)) {
      if (!IsHexName(outer.path().filename(), 2) || !outer.is_directory(error)) continue;
      for (const auto& inner : fs::directory_iterator(outer.path(), error)) {
        if (!IsHexName(inner.path().filename(), 2) || !inner.is_directory(error)) continue;
        for (const auto& file : fs::directory_iterator(inner.path(), error)) {
          std::string name = file.path().filename().string();
          if (!IsSha256Hex(name) || name.compare(0, 2, outer.path().filename().string()) != 0 ||
              name.compare(2, 2, inner.path().filename().string()) != 0) {
            continue;
          }
          std::error_code size_error;
          uint64_t size = file.file_size(size_error);
          if (size_error) continue;  // removed concurrently
          if (!visit(BlobInfo{name, size})) return core::Ok();
        }
        if (error) break;
      }
      if (error) break;
    }
    if (error) {
      return core::Unexpected(core::ErrorCode::kInternal,
                              "listing blobs under " + root_ + ": " + error.message());
    }
    return core::Ok();
  }

 private:
  const std::string root_;
};

}  // namespace

core::Result<std::unique_ptr<BlobStore>> OpenFsBlobStore(const std::string& root) {
  std::error_code error;
  fs::create_directories(fs::path(root) / "tmp", error);
  if (error) {
    return core::Unexpected(core::ErrorCode::kUnavailable,
                            "cannot create blob store at " + root + ": " + error.message());
  }
  // Leftovers in tmp/ are writes cut short by a crash; nothing refers to them.
  for (const auto& entry : fs::directory_iterator(fs::path(root) / "tmp", error)) {
    std::error_code remove_error;
    fs::remove_all(entry.path(), remove_error);
    if (remove_error) {
      return core::Unexpected(
          core::ErrorCode::kUnavailable,
          "cannot clear " + entry.path().string() + ": " + remove_error.message());
    }
  }
  if (error) {
    return core::Unexpected(core::ErrorCode::kUnavailable,
                            "cannot list " + root + "/tmp: " + error.message());
  }
  return std::unique_ptr<BlobStore>(std::make_unique<FsBlobStore>(root));
}

}  // namespace modelhub::storage
