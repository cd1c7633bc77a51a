#include <unistd.h>

#include "modelhub/storage/blobstore/blob_store.h"

namespace modelhub::storage {

BlobFile::~BlobFile() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace modelhub::storage
