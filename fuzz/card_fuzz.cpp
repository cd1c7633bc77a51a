// libFuzzer target for the card parsers that take outside bytes: front matter split, YAML
// loading and the full inspection (lint, trust, lineage) on the result. Built with clang
// (-fsanitize=fuzzer,address,undefined) under MODELHUB_FUZZ; replay_main.cpp replays the corpus
// in normal builds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "modelhub/card/front_matter.h"
#include "modelhub/card/inspect.h"
#include "modelhub/card/yaml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)modelhub::card::LoadYaml(text);
  (void)modelhub::card::ParseCardMetadata(text);
  const nlohmann::json report = modelhub::card::InspectCard(text);
  (void)report.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  return 0;
}
