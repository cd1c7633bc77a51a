#include "modelhub/client/internal/partial_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "modelhub/core/ids.h"

namespace modelhub::client::internal {
namespace fs = std::filesystem;
using core::ErrorCode;
using core::Unexpected;

namespace {

constexpr char kMagic[8] = {'M', 'H', 'R', 'A', 'N', 'G', 'E', '1'};
constexpr uint64_t kHeaderSize = 24;  // magic, file size, range size
// Hash in steps of at least 4 MiB so that small curl writes do not each take the hash turn.
constexpr uint64_t kHashStep = 4ull << 20;

bool IsHex(const std::string& text) {
  return text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

core::Unexpected IoError(const std::string& what, const fs::path& path, int error) {
  std::string reason = error == ENOSPC ? "disk full" : std::strerror(error);
  return Unexpected(ErrorCode::kInternal, what + " " + path.string() + ": " + reason);
}

}  // namespace

core::Result<std::unique_ptr<PartialFile>> PartialFile::Open(const fs::path& path, uint64_t size,
                                                             const std::string& etag) {
  std::unique_ptr<PartialFile> file(new PartialFile());
  file->path_ = path;
  file->counters_path_ = path;
  file->counters_path_ += ".ranges";
  file->etag_ = etag;
  file->size_ = size;
  file->ranges_ = PlanRanges(size);
  file->done_.assign(file->ranges_.size(), 0);
  if (etag.size() == 64 && IsHex(etag)) {
    file->digest_ = std::make_unique<core::Digest>(core::Digest::Algorithm::kSha256);
  } else if (etag.size() == 40 && IsHex(etag)) {
    file->digest_ = std::make_unique<core::Digest>(core::Digest::Algorithm::kSha1);
    file->digest_->Update("blob " + std::to_string(size) + std::string(1, '\0'));
  }
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  file->fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (file->fd_ < 0) return IoError("cannot open", path, errno);
  MH_RETURN_IF_ERROR(file->LoadCounters());
  return file;
}

PartialFile::~PartialFile() {
  if (fd_ >= 0) ::close(fd_);
  if (counters_fd_ >= 0) ::close(counters_fd_);
}

core::Status PartialFile::LoadCounters() {
  counters_fd_ = ::open(counters_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (counters_fd_ < 0) return IoError("cannot open", counters_path_, errno);
  std::vector<uint64_t> stored(3 + done_.size(), 0);
  ssize_t got = ::pread(counters_fd_, stored.data(), stored.size() * 8, 0);
  uint64_t range_size = ranges_.empty() ? kDefaultChunkSize : ranges_[0].length;
  bool valid = got == static_cast<ssize_t>(stored.size() * 8) &&
               std::memcmp(stored.data(), kMagic, 8) == 0 && stored[1] == size_ &&
               (ranges_.size() <= 1 || stored[2] == range_size);
  struct stat info {};
  if (valid && ::fstat(fd_, &info) == 0) {
    for (size_t i = 0; i < done_.size(); ++i) {
      done_[i] = std::min(stored[3 + i], ranges_[i].length);
      // Counters are written after the data, but never trust more than the file holds.
      if (ranges_[i].start + done_[i] > static_cast<uint64_t>(info.st_size)) done_[i] = 0;
      resumed_bytes_ += done_[i];
    }
  } else {
    resumed_bytes_ = 0;
    if (::ftruncate(fd_, 0) != 0 || ::ftruncate(counters_fd_, 0) != 0) {
      return IoError("cannot truncate", path_, errno);
    }
    stored.assign(stored.size(), 0);
    std::memcpy(stored.data(), kMagic, 8);
    stored[1] = size_;
    stored[2] = range_size;
    if (::pwrite(counters_fd_, stored.data(), stored.size() * 8, 0) !=
        static_cast<ssize_t>(stored.size() * 8)) {
      return IoError("cannot write", counters_path_, errno);
    }
  }
  return core::Ok();
}

std::vector<size_t> PartialFile::IncompleteRanges() const {
  std::lock_guard lock(mutex_);
  std::vector<size_t> indices;
  for (size_t i = 0; i < ranges_.size(); ++i) {
    if (done_[i] < ranges_[i].length) indices.push_back(i);
  }
  return indices;
}

ByteRange PartialFile::Remaining(size_t index) const {
  std::lock_guard lock(mutex_);
  return {ranges_[index].start + done_[index], ranges_[index].length - done_[index]};
}

core::Status PartialFile::Append(size_t index, const char* data, size_t size) {
  uint64_t offset;
  {
    std::lock_guard lock(mutex_);
    if (done_[index] + size > ranges_[index].length) {
      return Unexpected(ErrorCode::kBadRequest, "server sent more bytes than the range asked");
    }
    offset = ranges_[index].start + done_[index];
  }
  while (size > 0) {
    ssize_t wrote = ::pwrite(fd_, data, size, static_cast<off_t>(offset));
    if (wrote < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot write", path_, errno);
    }
    uint64_t counter;
    {
      std::lock_guard lock(mutex_);
      done_[index] += static_cast<uint64_t>(wrote);
      counter = done_[index];
    }
    // After the data: a counter never runs ahead of bytes the kernel has.
    if (::pwrite(counters_fd_, &counter, 8, static_cast<off_t>(kHeaderSize + index * 8)) != 8) {
      return IoError("cannot write", counters_path_, errno);
    }
    data += wrote;
    size -= static_cast<size_t>(wrote);
    offset += static_cast<uint64_t>(wrote);
    if (counter == ranges_[index].length) {
      // Start writing the finished range to disk now, so that the fdatasync before the rename
      // finds little left to do (it cost ~0.6 s per GiB at the end otherwise;
      // bench/client_download.sh). Only a hint: errors surface at fdatasync.
      ::sync_file_range(fd_, static_cast<off_t>(ranges_[index].start),
                        static_cast<off_t>(ranges_[index].length), SYNC_FILE_RANGE_WRITE);
    }
  }
  AdvanceHash(false);
  return core::Ok();
}

void PartialFile::AdvanceHash(bool force) {
  std::unique_lock lock(mutex_);
  if (!digest_ || hashing_) return;
  auto worth = [&](uint64_t frontier) {
    return frontier > hash_offset_ &&
           (force || frontier - hash_offset_ >= kHashStep || frontier == size_);
  };
  uint64_t frontier = ContiguousPrefix(ranges_, done_);
  if (!worth(frontier)) return;
  hashing_ = true;
  // The bytes were written moments ago, so these reads come from the page cache; one thread at a
  // time hashes, outside the lock, while the others keep writing.
  std::vector<char> buffer(1 << 20);
  while (worth(frontier) && io_error_.empty()) {
    uint64_t from = hash_offset_;
    lock.unlock();
    std::string error;
    while (from < frontier) {
      size_t want = static_cast<size_t>(std::min<uint64_t>(buffer.size(), frontier - from));
      ssize_t got = ::pread(fd_, buffer.data(), want, static_cast<off_t>(from));
      if (got <= 0) {
        error = "cannot read back " + path_.string();
        break;
      }
      digest_->Update(buffer.data(), static_cast<size_t>(got));
      from += static_cast<uint64_t>(got);
    }
    lock.lock();
    if (!error.empty()) io_error_ = error;
    hash_offset_ = from;
    frontier = ContiguousPrefix(ranges_, done_);
  }
  hashing_ = false;
  hashed_.notify_all();
}

core::Status PartialFile::Commit(const fs::path& final_path, const std::string& label) {
  std::string actual;
  if (digest_) {
    std::unique_lock lock(mutex_);
    while (hash_offset_ < size_ && io_error_.empty()) {
      if (hashing_) {
        hashed_.wait(lock);
        continue;
      }
      lock.unlock();
      AdvanceHash(true);
      lock.lock();
    }
    if (!io_error_.empty()) return Unexpected(ErrorCode::kInternal, io_error_);
    actual = digest_->FinishHex();
  }
  std::error_code ec;
  if (digest_ && actual != etag_) {
    fs::remove(path_, ec);
    fs::remove(counters_path_, ec);
    return Unexpected(ErrorCode::kPreconditionFailed,
                      "content of " + label + " does not match its hash (expected " + etag_ +
                          ", got " + actual + "); the partial download was discarded");
  }
  // Durable before it gets its final name: a blob under its etag is always whole.
  if (::fdatasync(fd_) != 0) return IoError("cannot flush", path_, errno);
  fs::create_directories(final_path.parent_path(), ec);
  fs::rename(path_, final_path, ec);
  if (ec) return Unexpected(ErrorCode::kInternal, "cannot rename to " + final_path.string());
  fs::remove(counters_path_, ec);
  return core::Ok();
}

}  // namespace modelhub::client::internal
