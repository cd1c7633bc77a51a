// libFuzzer target for the models.lock parser (outside bytes: a lockfile is committed to a
// project and edited by hand). Whatever parses must serialise and parse back to the same value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "modelhub/client/lockfile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = modelhub::client::ParseLockfile(text);
  if (!parsed) return 0;
  auto again = modelhub::client::ParseLockfile(modelhub::client::SerializeLockfile(*parsed));
  if (!again || !(*again == *parsed)) std::abort();
  return 0;
}
