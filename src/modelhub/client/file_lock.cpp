#include "modelhub/client/file_lock.h"

#include <cerrno>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace modelhub::client {
namespace fs = std::filesystem;
using core::ErrorCode;
using core::Unexpected;

core::Result<FileLock> FileLock::Acquire(const fs::path& path) {
  MH_ASSIGN_OR_RETURN(int fd, Lock(path, true));
  return FileLock(fd);
}

core::Result<std::optional<FileLock>> FileLock::TryAcquire(const fs::path& path) {
  MH_ASSIGN_OR_RETURN(int fd, Lock(path, false));
  if (fd < 0) return std::optional<FileLock>();
  return std::optional<FileLock>(FileLock(fd));
}

core::Result<int> FileLock::Lock(const fs::path& path, bool blocking) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  // Mode 0644 and O_TRUNC as filelock does; the file's content is never used.
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Unexpected(ErrorCode::kInternal,
                      "cannot open lock file " + path.string() + ": " + std::strerror(errno));
  }
  while (::flock(fd, LOCK_EX | (blocking ? 0 : LOCK_NB)) != 0) {
    if (errno == EINTR) continue;
    int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) return -1;
    return Unexpected(ErrorCode::kInternal,
                      "cannot lock " + path.string() + ": " + std::strerror(error));
  }
  return fd;
}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

FileLock::~FileLock() {
  // Closing the descriptor drops the flock; the lock file stays, as filelock leaves it.
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace modelhub::client
