// libFuzzer target for the HTTP fields the server parses itself: Range headers (against several
// representation sizes), query strings and form bodies, and repo paths and ids from URLs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "modelhub/core/encoding.h"
#include "modelhub/core/ids.h"
#include "modelhub/server/http/query.h"
#include "modelhub/server/http/range.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (uint64_t length : {uint64_t{0}, uint64_t{1}, uint64_t{1000}, UINT64_MAX}) {
    auto range = modelhub::server::http::ParseRange(text, length);
    if (range && *range && ((*range)->first > (*range)->last || (*range)->last >= length)) {
      __builtin_trap();  // a range the server would act on must lie inside the representation
    }
  }
  (void)modelhub::server::http::QueryParams::Parse(text);
  (void)modelhub::core::ValidateRepoPath(text);
  (void)modelhub::core::ParseRepoId(text);
  (void)modelhub::core::PercentDecode(text, true);
  (void)modelhub::core::Base64Decode(text);
  return 0;
}
