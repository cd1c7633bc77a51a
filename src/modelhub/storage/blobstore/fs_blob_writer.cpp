#include "modelhub/storage/blobstore/internal/fs_blob_writer.h"

#include <algorithm>
#include <cstring>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "modelhub/core/random.h"
#include "modelhub/core/sha256.h"

namespace modelhub::storage::internal {
namespace {

// Writes reach the kernel in 4 MiB pieces: few syscalls per GiB, and the buffer stays small
// enough to allocate per upload.
constexpr size_t kBufferSize = size_t{4} << 20;
// Every 16 MiB, writeback of the newest range is started and the range before it is waited for,
// so dirty pages never pile up and the final fsync only has the tail to flush.
constexpr uint64_t kWritebackChunk = uint64_t{16} << 20;

class FsBlobWriter final : public BlobWriter {
 public:
  FsBlobWriter(std::string root, std::string temp_path, int fd)
      : root_(std::move(root)),
        temp_path_(std::move(temp_path)),
        fd_(fd),
        buffer_(new char[kBufferSize]) {}

  ~FsBlobWriter() override {
    if (!finished_) Abandon();
  }

  core::Status Write(std::string_view bytes) override {
    if (finished_) return core::Unexpected(core::ErrorCode::kInternal, "blob writer is finished");
    // Hash while the caller's bytes are still in cache.
    hasher_.Update(bytes);
    written_ += bytes.size();
    size_t room = kBufferSize - buffered_;
    if (bytes.size() < room) {
      std::memcpy(buffer_.get() + buffered_, bytes.data(), bytes.size());
      buffered_ += bytes.size();
      return core::Ok();
    }
    std::memcpy(buffer_.get() + buffered_, bytes.data(), room);
    buffered_ += room;
    bytes.remove_prefix(room);
    MH_RETURN_IF_ERROR(Flush());
    // Large writes go straight from the caller's memory in whole buffers, without a copy.
    size_t direct = bytes.size() - bytes.size() % kBufferSize;
    if (direct > 0) {
      MH_RETURN_IF_ERROR(WriteAll(bytes.data(), direct));
      bytes.remove_prefix(direct);
    }
    std::memcpy(buffer_.get(), bytes.data(), bytes.size());
    buffered_ = bytes.size();
    return core::Ok();
  }

  uint64_t BytesWritten() const override { return written_; }

  core::Result<BlobInfo> Commit(std::optional<std::string_view> expected_sha256,
                                std::optional<uint64_t> expected_size) override {
    if (finished_) return core::Unexpected(core::ErrorCode::kInternal, "blob writer is finished");
    auto result = CommitOrFail(expected_sha256, expected_size);
    if (!result) Abandon();
    return result;
  }

 private:
  core::Result<BlobInfo> CommitOrFail(std::optional<std::string_view> expected_sha256,
                                      std::optional<uint64_t> expected_size) {
    BlobInfo info{hasher_.FinishHex(), written_};
    if (expected_size && *expected_size != info.size) {
      return core::Unexpected(core::ErrorCode::kBadRequest,
                              "size mismatch: expected " + std::to_string(*expected_size) +
                                  " bytes, received " + std::to_string(info.size));
    }
    if (expected_sha256 && *expected_sha256 != info.sha256) {
      return core::Unexpected(core::ErrorCode::kBadRequest,
                              "sha256 mismatch: expected " + std::string(*expected_sha256) +
                                  ", received content has " + info.sha256);
    }
    MH_RETURN_IF_ERROR(Flush());
    // The data must be on disk before the name points at it; otherwise a crash could leave a
    // final name with missing or garbage content.
    if (::fsync(fd_) != 0) return core::Unexpected(SystemError("fsync", temp_path_));
    ::close(fd_);
    fd_ = -1;

    std::string final_path = BlobPath(root_, info.sha256);
    std::string inner_dir = final_path.substr(0, final_path.rfind('/'));
    std::string outer_dir = inner_dir.substr(0, inner_dir.rfind('/'));
    MH_RETURN_IF_ERROR(MakeDirectory(outer_dir, root_));
    MH_RETURN_IF_ERROR(MakeDirectory(inner_dir, outer_dir));
    // NOREPLACE keeps an existing blob (same content by construction) and any reader of it intact.
    if (::renameat2(AT_FDCWD, temp_path_.c_str(), AT_FDCWD, final_path.c_str(), RENAME_NOREPLACE) !=
        0) {
      if (errno == EEXIST) {
        ::unlink(temp_path_.c_str());
        finished_ = true;
        return info;
      }
      if (errno != EINVAL && errno != ENOSYS) {
        return core::Unexpected(SystemError("rename to", final_path));
      }
      // Filesystems without RENAME_NOREPLACE: replacing with identical content is harmless.
      if (::rename(temp_path_.c_str(), final_path.c_str()) != 0) {
        return core::Unexpected(SystemError("rename to", final_path));
      }
    }
    finished_ = true;
    MH_RETURN_IF_ERROR(SyncDirectory(inner_dir));
    return info;
  }

  // Creates `path` if missing and then makes its entry in `parent` durable.
  static core::Status MakeDirectory(const std::string& path, const std::string& parent) {
    if (::mkdir(path.c_str(), 0755) == 0) return SyncDirectory(parent);
    if (errno == EEXIST) return core::Ok();
    return core::Unexpected(SystemError("mkdir", path));
  }

  core::Status Flush() {
    if (buffered_ == 0) return core::Ok();
    MH_RETURN_IF_ERROR(WriteAll(buffer_.get(), buffered_));
    buffered_ = 0;
    return core::Ok();
  }

  core::Status WriteAll(const char* data, size_t size) {
    while (size > 0) {
      ssize_t count = ::write(fd_, data, size);
      if (count < 0) {
        if (errno == EINTR) continue;
        return core::Unexpected(SystemError("write", temp_path_));
      }
      data += count;
      size -= static_cast<size_t>(count);
      flushed_ += static_cast<uint64_t>(count);
    }
    StartWriteback();
    return core::Ok();
  }

  void StartWriteback() {
    if (flushed_ - writeback_started_ < kWritebackChunk) return;
    // Best effort: on filesystems without writeback control these fail and fsync does the work.
    ::sync_file_range(fd_, static_cast<off64_t>(writeback_started_),
                      static_cast<off64_t>(flushed_ - writeback_started_), SYNC_FILE_RANGE_WRITE);
    if (writeback_started_ > written_back_) {
      off64_t offset = static_cast<off64_t>(written_back_);
      off64_t length = static_cast<off64_t>(writeback_started_ - written_back_);
      ::sync_file_range(
          fd_, offset, length,
          SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
      // Uploads are rarely read back at once: drop their clean pages before they evict blobs
      // that are being downloaded.
      ::posix_fadvise(fd_, offset, length, POSIX_FADV_DONTNEED);
      written_back_ = writeback_started_;
    }
    writeback_started_ = flushed_;
  }

  void Abandon() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    ::unlink(temp_path_.c_str());
    finished_ = true;
  }

  const std::string root_;
  const std::string temp_path_;
  int fd_;
  std::unique_ptr<char[]> buffer_;
  size_t buffered_ = 0;
  core::Sha256 hasher_;
  uint64_t written_ = 0;            // bytes accepted from the caller
  uint64_t flushed_ = 0;            // bytes handed to the kernel
  uint64_t writeback_started_ = 0;  // end of the range whose writeback was started
  uint64_t written_back_ = 0;       // end of the range known to be on disk
  bool finished_ = false;
};

}  // namespace

bool IsSha256Hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string BlobPath(const std::string& root, std::string_view sha256) {
  std::string path = root;
  path.append("/").append(sha256.substr(0, 2)).append("/").append(sha256.substr(2, 2));
  path.append("/").append(sha256);
  return path;
}

core::Error SystemError(std::string_view operation, const std::string& path) {
  return {core::ErrorCode::kInternal,
          std::string(operation) + " " + path + ": " + std::strerror(errno)};
}

core::Status SyncDirectory(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return core::Unexpected(SystemError("open directory", path));
  int result = ::fsync(fd);
  ::close(fd);
  if (result != 0) return core::Unexpected(SystemError("fsync directory", path));
  return core::Ok();
}

core::Result<std::unique_ptr<BlobWriter>> NewFsBlobWriter(const std::string& root) {
  std::string temp_path = root + "/tmp/" + core::RandomHex(16);
  int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return core::Unexpected(SystemError("create", temp_path));
  return std::unique_ptr<BlobWriter>(std::make_unique<FsBlobWriter>(root, temp_path, fd));
}

}  // namespace modelhub::storage::internal
