// Keys are written in sorted order because the nlohmann objects these mirror are std::maps.
#include "modelhub/card/internal/report_json.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <unordered_map>

#include "modelhub/card/internal/text.h"

namespace modelhub::card::internal {
namespace {

// `s` as a JSON string, exactly as JsonWriter::String writes it.
std::string JsonString(std::string_view s) {
  std::string out;
  JsonWriter w(&out);
  w.String(s);
  w.Finish();
  return out;
}

// The JSON of findings and trust signals whose texts are static (literals and tables), cached by
// the texts' addresses: most of a report's findings and signals are the same few dozen
// sentences, and escaping and copying them field by field was ~7% of inspect (card_bench). The
// caches hold one entry per distinct combination in the code, so they stay small.
struct StaticKey {
  std::string_view texts[3];
  int numbers[2] = {0, 0};

  bool operator==(const StaticKey& other) const {
    for (int i = 0; i < 3; ++i) {
      if (texts[i].data() != other.texts[i].data() || texts[i].size() != other.texts[i].size()) {
        return false;
      }
    }
    return numbers[0] == other.numbers[0] && numbers[1] == other.numbers[1];
  }
};

struct StaticKeyHash {
  size_t operator()(const StaticKey& key) const {
    size_t h = 0;
    for (const std::string_view t : key.texts) {
      h = h * 31 + std::hash<const void*>()(t.data());
    }
    return h * 31 + static_cast<size_t>(key.numbers[0] * 101 + key.numbers[1]);
  }
};

// A cache of JSON texts by StaticKey: the map holds them, and an open-addressed table in front
// of it answers the usual lookup with one multiply and a key comparison or two (card_bench: the
// unordered_map's hashing and probing, and the frame of the code that fills a new entry, were
// ~100 instructions per lookup, ~17 lookups per card; half that now). The map's nodes do not
// move, so the table points into them; past half full it takes no more entries, and further keys
// go to the map.
template <typename Json>
class StaticCache {
 public:
  // The entry for `key`, nullptr when the table does not hold it.
  const Json* Find(const StaticKey& key) const {
    for (size_t i = SlotOf(key);; i = (i + 1) % kSlots) {
      const Slot& slot = slots_[i];
      if (slot.json == nullptr) return nullptr;
      if (slot.key == key) return slot.json;
    }
  }
  // The entry for `key` in the map, filled by `make()` when new, and entered in the table.
  template <typename Make>
  __attribute__((noinline)) const Json& Add(const StaticKey& key, Make make) {
    auto [it, inserted] = map_.try_emplace(key);
    if (inserted) it->second = make();
    if (used_ < kSlots / 2) {
      size_t i = SlotOf(key);
      while (slots_[i].json != nullptr) i = (i + 1) % kSlots;
      ++used_;
      slots_[i] = {key, &it->second};
    }
    return it->second;
  }

 private:
  static constexpr int kSlotBits = 8;
  static constexpr size_t kSlots = size_t{1} << kSlotBits;
  struct Slot {
    StaticKey key;
    const Json* json = nullptr;
  };
  // The second text tells most keys apart (a finding's message, a signal's finding); its address
  // is mixed with the first's, and the high bits of the product pick the slot.
  static size_t SlotOf(const StaticKey& key) {
    const auto a = reinterpret_cast<uintptr_t>(key.texts[0].data());
    const auto b = reinterpret_cast<uintptr_t>(key.texts[1].data());
    const uint64_t mixed =
        (a ^ (b << 1) ^ static_cast<uint64_t>(key.numbers[1])) * 0x9E3779B97F4A7C15ULL;
    return static_cast<size_t>(mixed >> (64 - kSlotBits));
  }
  std::array<Slot, kSlots> slots_;
  size_t used_ = 0;
  std::unordered_map<StaticKey, Json, StaticKeyHash> map_;
};

// A finding's object around its line: `{"fix":..,"id":..,"line":` and `,"message":..}`.
struct FindingJson {
  std::string head;
  std::string tail;
};

const FindingJson& StaticFindingJson(const FindingData& f) {
  thread_local StaticCache<FindingJson> cache;
  const StaticKey key{{f.id.view(), f.message.view(), f.fix.view()},
                      {static_cast<int>(f.severity), 0}};
  if (const FindingJson* json = cache.Find(key)) return *json;
  return cache.Add(key, [&f] {
    return FindingJson{"{\"fix\":" + JsonString(f.fix.view()) +
                           ",\"id\":" + JsonString(f.id.view()) + ",\"line\":",
                       ",\"message\":" + JsonString(f.message.view()) +
                           ",\"severity\":" + JsonString(SeverityName(f.severity)) + "}"};
  });
}

// A signal's object after its evidence, `],"finding":..,"points":..}`, and the whole object of a
// signal without evidence, written in one piece (card_bench: most signals have none).
struct SignalJson {
  std::string after_evidence;
  std::string without_evidence;
};

const SignalJson& StaticSignalJson(const SignalData& s) {
  thread_local StaticCache<SignalJson> cache;
  const StaticKey key{{s.id.view(), s.finding.view(), {}}, {s.max_points, s.points}};
  if (const SignalJson* json = cache.Find(key)) return *json;
  return cache.Add(key, [&s] {
    const std::string tail = ",\"finding\":" + JsonString(s.finding.view()) +
                             ",\"id\":" + JsonString(s.id.view()) +
                             ",\"max_points\":" + std::to_string(s.max_points) +
                             ",\"points\":" + std::to_string(s.points) + "}";
    return SignalJson{"]" + tail, "{\"evidence\":[]" + tail};
  });
}

// Writes section `i` and its subtree; returns the index after the subtree. Sections are in
// document order with children right after their parent, so a subtree is a contiguous range.
// Formatted in place, a section without children in one piece (card_bench: a writer call per
// field was ~350 instructions per section, ~3k per card).
size_t WriteSection(const std::vector<Section>& sections, size_t i, JsonWriter* w) {
  static constexpr char kHead[] = "{\"children\":[";
  static constexpr size_t kTail = sizeof "],\"end_line\":" + sizeof ",\"level\":" +
                                  sizeof ",\"line\":" + sizeof ",\"title\":" + 3 * kMaxIntDigits +
                                  3;  // the sizes count the quotes and '}'
  const Section& s = sections[i];
  size_t next = i + 1;
  char* p = nullptr;
  if (next < sections.size() && sections[next].parent == static_cast<int>(i)) {
    p = PutLiteral(w->RoomSeparated(sizeof kHead), kHead);
    w->WroteOpen(p);
    while (next < sections.size() && sections[next].parent == static_cast<int>(i)) {
      next = WriteSection(sections, next, w);
    }
    p = w->Room(kTail + s.title.size());
  } else {
    p = PutLiteral(w->RoomSeparated(sizeof kHead + kTail + s.title.size()), kHead);
  }
  p = PutInt(PutLiteral(p, "],\"end_line\":"), s.end_line);
  p = PutInt(PutLiteral(p, ",\"level\":"), s.level);
  p = PutInt(PutLiteral(p, ",\"line\":"), s.line);
  p = PutLiteral(p, ",\"title\":");
  if (char* end = JsonWriter::PlainString(p, s.title)) {
    *end = '}';
    w->WroteValue(end + 1);
  } else {
    w->WroteThroughKey(p);
    w->String(s.title);
    w->EndObject();
  }
  return next;
}

}  // namespace

void WriteSections(const Card& card, JsonWriter* w) {
  w->BeginArray();
  for (size_t i = 0; i < card.sections.size();) i = WriteSection(card.sections, i, w);
  w->EndArray();
}

void WriteEvalResult(const EvalResult& r, JsonWriter* w) {
  // Literal keys, each written without a length or escape scan (card_bench: a table of const char*
  // keys, a strlen and an escape check per field, was ~500 instructions per card).
  w->BeginObject();
  w->Key("dataset_args");
  w->Value(r.dataset_args);
  w->Key("dataset_config");
  w->Value(r.dataset_config);
  w->Key("dataset_name");
  w->Value(r.dataset_name);
  w->Key("dataset_revision");
  w->Value(r.dataset_revision);
  w->Key("dataset_split");
  w->Value(r.dataset_split);
  w->Key("dataset_type");
  w->Value(r.dataset_type);
  w->Key("metric_args");
  w->Value(r.metric_args);
  w->Key("metric_config");
  w->Value(r.metric_config);
  w->Key("metric_name");
  w->Value(r.metric_name);
  w->Key("metric_type");
  w->Value(r.metric_type);
  w->Key("metric_value");
  w->Value(r.metric_value);
  w->Key("source_name");
  w->Value(r.source_name);
  w->Key("source_url");
  w->Value(r.source_url);
  w->Key("task_name");
  w->Value(r.task_name);
  w->Key("task_type");
  w->Value(r.task_type);
  w->Key("verified");
  w->Value(r.verified);
  w->Key("verify_token");
  w->Value(r.verify_token);
  w->EndObject();
}

void WriteFindings(const std::vector<FindingData>& findings, JsonWriter* w) {
  w->BeginArray();
  for (const FindingData& f : findings) {
    if (f.id.is_static() && f.message.is_static() && f.fix.is_static()) {
      // The head, the line and the tail formatted in place in one piece (card_bench: ~180
      // instructions per card over a writer call for each).
      const FindingJson& json = StaticFindingJson(f);
      char* p = w->RoomSeparated(json.head.size() + kMaxIntDigits + json.tail.size());
      std::memcpy(p, json.head.data(), json.head.size());
      p = PutInt(p + json.head.size(), f.line);
      std::memcpy(p, json.tail.data(), json.tail.size());
      w->WroteValue(p + json.tail.size());
      continue;
    }
    w->BeginObject();
    w->Key("fix");
    w->String(f.fix.view());
    w->Key("id");
    w->String(f.id.view());
    w->Key("line");
    w->Int(f.line);
    w->Key("message");
    w->String(f.message.view());
    w->Key("severity");
    w->String(SeverityName(f.severity));
    w->EndObject();
  }
  w->EndArray();
}

void WriteTrust(const TrustData& report, JsonWriter* w) {
  InPlaceRun(w, 64)
      .Literal("{\"max_score\":100,\"score\":")
      .Int(report.score)
      .Literal(",\"signals\":[")
      .EndOpen();
  for (const SignalData& s : report.signals) {
    const SignalJson* json =
        s.id.is_static() && s.finding.is_static() ? &StaticSignalJson(s) : nullptr;
    if (json != nullptr && s.evidence_count == 0) {
      const std::string& text = json->without_evidence;
      char* p = w->RoomSeparated(text.size());
      std::memcpy(p, text.data(), text.size());
      w->WroteValue(p + text.size());
      continue;
    }
    // Formatted in place, as sections are (card_bench: with the cache above, the trust part fell
    // from ~2.4k to ~2k instructions per card).
    static constexpr char kHead[] = "{\"evidence\":[";
    w->WroteOpen(PutLiteral(w->RoomSeparated(sizeof kHead), kHead));
    for (size_t i = 0; i < s.evidence_count; ++i) {
      const std::string_view quote = s.evidence[i].quote.view();
      char* p =
          w->RoomSeparated(sizeof "{\"line\":,\"quote\":\"\"}" + kMaxIntDigits + quote.size());
      p = PutInt(PutLiteral(p, "{\"line\":"), s.evidence[i].line);
      p = PutLiteral(p, ",\"quote\":");
      if (char* end = JsonWriter::PlainString(p, quote)) {
        *end = '}';
        w->WroteValue(end + 1);
      } else {
        w->WroteThroughKey(p);
        w->String(quote);
        w->EndObject();
      }
    }
    if (json != nullptr) {
      const std::string& text = json->after_evidence;
      char* p = w->Room(text.size());
      std::memcpy(p, text.data(), text.size());
      w->WroteValue(p + text.size());
      continue;
    }
    w->EndArray();
    w->Key("finding");
    const std::string_view finding = s.finding.view();
    if (IsValidUtf8(finding)) {
      w->String(finding);  // no repaired copy for the usual valid text
    } else {
      w->String(ValidUtf8(finding));
    }
    w->Key("id");
    w->String(s.id.view());
    w->Key("max_points");
    w->Int(s.max_points);
    w->Key("points");
    w->Int(s.points);
    w->EndObject();
  }
  w->EndArray();
  w->EndObject();
}

void WriteLineage(const Lineage& lineage, JsonWriter* w) {
  // The hops and the verdict formatted in place (card_bench: a writer call per field was ~650 of
  // the lineage's ~1.5k instructions per card).
  w->BeginObject();
  w->Key("base_models");
  w->StringArray(lineage.base_models);
  w->Key("cycles");
  w->StringArray(lineage.cycles);
  w->Key("hops");
  w->BeginArray();
  for (const LineageHop& h : lineage.hops) {
    const size_t strings = h.child.size() + h.commercial.size() + h.license.size() +
                           h.license_class.size() + h.license_name.size() + h.relation.size() +
                           h.repo_id.size();
    InPlaceRun f(w, 192 + strings);
    f.Literal("{\"child\":").String(h.child).Literal(",\"commercial\":").String(h.commercial);
    f.Literal(",\"depth\":").Int(h.depth).Literal(",\"license\":").StringOrNull(h.license);
    f.Literal(",\"license_class\":").String(h.license_class);
    f.Literal(",\"license_name\":").StringOrNull(h.license_name);
    f.Literal(",\"relation\":").String(h.relation).Literal(",\"repo_id\":").String(h.repo_id);
    f.Literal(",\"resolved\":").Bool(h.resolved).Literal("}");
    f.EndValue();
  }
  w->EndArray();
  {
    InPlaceRun f(w, 64 + lineage.commercial_use.size());
    f.Literal("\"license_verdict\":{\"commercial_use\":").StringOrNull(lineage.commercial_use);
    f.Literal(",\"conflicts\":").EndThroughKey();
  }
  w->StringArray(lineage.conflicts);
  {
    InPlaceRun f(w, 128);
    f.Literal("\"license_presumed\":").Bool(lineage.license_presumed);
    f.Literal(",\"note\":\"as declared; a coarse classification, not legal advice\"},\"missing\":");
    f.EndThroughKey();
  }
  w->StringArray(lineage.missing);
  {
    InPlaceRun f(w, 96 + lineage.relation.relation.size() + lineage.relation.reason.size());
    f.Literal("\"relation\":").StringOrNull(lineage.relation.relation);
    f.Literal(",\"relation_inferred\":").Bool(lineage.relation.inferred);
    f.Literal(",\"relation_reason\":").String(lineage.relation.reason).Literal("}");
    f.EndValue();
  }
}

}  // namespace modelhub::card::internal
