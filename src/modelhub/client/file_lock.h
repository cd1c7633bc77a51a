// An exclusive advisory lock on a file, the kind huggingface_hub takes through the `filelock`
// package (UnixFileLock: open O_RDWR|O_CREAT|O_TRUNC, then flock(LOCK_EX)), so a modelhub process
// and a Python process downloading the same blob into one cache wait for each other.
// The lock is released when the object is destroyed (or the process dies).
#ifndef MODELHUB_CLIENT_FILE_LOCK_H_
#define MODELHUB_CLIENT_FILE_LOCK_H_

#include <filesystem>
#include <optional>

#include "modelhub/core/result.h"

namespace modelhub::client {

class FileLock {
 public:
  // Blocks until the lock is held. Creates parent folders as needed.
  static core::Result<FileLock> Acquire(const std::filesystem::path& path);
  // nullopt (not an error) when another process holds it.
  static core::Result<std::optional<FileLock>> TryAcquire(const std::filesystem::path& path);

  FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  // The locked descriptor, or -1 when not blocking and another process holds the lock.
  static core::Result<int> Lock(const std::filesystem::path& path, bool blocking);
  int fd_ = -1;
};

}  // namespace modelhub::client

#endif  // MODELHUB_CLIENT_FILE_LOCK_H_
