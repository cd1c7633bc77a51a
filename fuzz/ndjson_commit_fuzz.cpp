// libFuzzer target for the NDJSON commit body parser (spec/hub-api.md §6.2 step 3) and the checks
// every parsed path goes through before the repo service sees it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "modelhub/core/ids.h"
#include "modelhub/server/api/ndjson_commit.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto request = modelhub::server::api::ParseNdjsonCommit(body);
  if (request) {
    for (const auto& operation : request->operations) {
      (void)modelhub::core::ValidateRepoPath(operation.path);
    }
  }
  return 0;
}
