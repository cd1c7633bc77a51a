// libFuzzer target for the card parsers that take outside bytes: front matter split, YAML
// loading and the full inspection (lint, trust, lineage) on the result. Built with clang
// (-fsanitize=fuzzer,address,undefined) under MODELHUB_FUZZ; replay_main.cpp replays the corpus
// in normal builds. The fast YAML path is checked against libyaml's whenever it takes the text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "modelhub/card/front_matter.h"
#include "modelhub/card/inspect.h"
#include "modelhub/card/internal/yaml_fast.h"
#include "modelhub/card/yaml.h"

namespace {

using modelhub::card::YamlLoad;
using modelhub::card::YamlLocation;

bool SameLocations(const std::vector<YamlLocation>& a, const std::vector<YamlLocation>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].path != b[i].path || a[i].line != b[i].line || a[i].column != b[i].column) {
      return false;
    }
  }
  return true;
}

// Dumped values: NaN reads as null on both sides, which is close enough for a fuzzer.
bool SameLoad(const YamlLoad& a, const YamlLoad& b) {
  if (a.ok() != b.ok()) return false;
  if (!a.ok()) return a.error.ToString() == b.error.ToString();
  const auto& x = *a.document;
  const auto& y = *b.document;
  if (x.value.dump() != y.value.dump() || !SameLocations(x.keys, y.keys) ||
      !SameLocations(x.duplicate_keys, y.duplicate_keys) ||
      x.coercions.size() != y.coercions.size()) {
    return false;
  }
  for (size_t i = 0; i < x.coercions.size(); ++i) {
    if (!SameLocations({x.coercions[i].location}, {y.coercions[i].location}) ||
        x.coercions[i].raw != y.coercions[i].raw ||
        x.coercions[i].value.dump() != y.coercions[i].value.dump()) {
      return false;
    }
  }
  return true;
}

void CheckFastYaml(std::string_view yaml) {
  const auto fast = modelhub::card::internal::LoadYamlFast(yaml);
  if (fast && !SameLoad(*fast, modelhub::card::internal::LoadYamlWithLibyaml(yaml))) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)modelhub::card::LoadYaml(text);
  CheckFastYaml(text);
  CheckFastYaml(modelhub::card::SplitFrontMatter(text).yaml);
  (void)modelhub::card::ParseCardMetadata(text);
  const nlohmann::json report = modelhub::card::InspectCard(text);
  const std::string dumped = report.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  // The writer's text is the report's dump byte for byte; successive inputs also exercise the
  // per-thread card both reuse (nothing of the previous card may leak into the next report).
  if (modelhub::card::InspectCardJson(text) != dumped) __builtin_trap();
  return 0;
}
