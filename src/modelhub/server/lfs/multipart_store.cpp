#include "modelhub/server/lfs/multipart_store.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>
#include <vector>

namespace modelhub::server::lfs {
namespace {

namespace fs = std::filesystem;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

}  // namespace

uint64_t PartCount(uint64_t size, uint64_t chunk_size) {
  return chunk_size == 0 ? 0 : (size + chunk_size - 1) / chunk_size;
}

uint64_t PartSize(uint64_t size, uint64_t chunk_size, uint64_t part) {
  const uint64_t count = PartCount(size, chunk_size);
  if (part == 0 || part > count) return 0;
  return part < count ? chunk_size : size - (count - 1) * chunk_size;
}

std::string MultipartStore::PartPath(std::string_view upload_id, uint64_t part) const {
  return root_ + "/" + std::string(upload_id) + "/part-" + std::to_string(part);
}

core::Status MultipartStore::Prepare(std::string_view upload_id) const {
  std::error_code error;
  fs::create_directories(fs::path(root_) / std::string(upload_id), error);
  if (error) {
    return core::Unexpected(core::ErrorCode::kInternal,
                            "Cannot create multipart directory: " + error.message());
  }
  return core::Ok();
}

core::Status MultipartStore::Assemble(std::string_view upload_id, uint64_t size,
                                      uint64_t chunk_size, storage::BlobWriter& writer) const {
  const uint64_t count = PartCount(size, chunk_size);
  std::vector<char> buffer(1 << 20);
  for (uint64_t part = 1; part <= count; ++part) {
    const std::string path = PartPath(upload_id, part);
    std::error_code error;
    const uint64_t on_disk = fs::file_size(path, error);
    if (error || on_disk != PartSize(size, chunk_size, part)) {
      return core::Unexpected(core::ErrorCode::kBadRequest,
                              "Part " + std::to_string(part) + " is missing or incomplete");
    }
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) {
      return core::Unexpected(core::ErrorCode::kInternal,
                              "Cannot open part " + std::to_string(part));
    }
    size_t read = 0;
    while ((read = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) {
      MH_RETURN_IF_ERROR(writer.Write(std::string_view(buffer.data(), read)));
    }
    if (std::ferror(file.get())) {
      return core::Unexpected(core::ErrorCode::kInternal,
                              "Cannot read part " + std::to_string(part));
    }
  }
  return core::Ok();
}

void MultipartStore::Remove(std::string_view upload_id) const {
  std::error_code ignored;
  fs::remove_all(fs::path(root_) / std::string(upload_id), ignored);
}

void MultipartStore::RemoveStale(int64_t max_age_seconds) const {
  std::error_code error;
  const auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(root_, error), end; !error && it != end; it.increment(error)) {
    std::error_code stat_error;
    const auto modified = it->last_write_time(stat_error);
    if (stat_error) continue;
    if (now - modified > std::chrono::seconds(max_age_seconds)) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
  }
}

}  // namespace modelhub::server::lfs
