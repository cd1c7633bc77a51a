// Keys are written in sorted order because the nlohmann objects these mirror are std::maps.
#include "modelhub/card/internal/report_json.h"

#include <cassert>
#include <charconv>
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

// A finding's object around its line: `{"fix":..,"id":..,"line":` and `,"message":..}`.
struct FindingJson {
  std::string head;
  std::string tail;
};

const FindingJson& StaticFindingJson(const FindingData& f) {
  thread_local std::unordered_map<StaticKey, FindingJson, StaticKeyHash> cache;
  const StaticKey key{{f.id.view(), f.message.view(), f.fix.view()},
                      {static_cast<int>(f.severity), 0}};
  auto [it, inserted] = cache.try_emplace(key);
  if (inserted) {
    it->second.head = "{\"fix\":" + JsonString(f.fix.view()) +
                      ",\"id\":" + JsonString(f.id.view()) + ",\"line\":";
    it->second.tail = ",\"message\":" + JsonString(f.message.view()) +
                      ",\"severity\":" + JsonString(SeverityName(f.severity)) + "}";
  }
  return it->second;
}

// A signal's object after its evidence: `,"finding":..,"points":..}`.
const std::string& StaticSignalTail(const SignalData& s) {
  thread_local std::unordered_map<StaticKey, std::string, StaticKeyHash> cache;
  const StaticKey key{{s.id.view(), s.finding.view(), {}}, {s.max_points, s.points}};
  auto [it, inserted] = cache.try_emplace(key);
  if (inserted) {
    it->second = ",\"finding\":" + JsonString(s.finding.view()) +
                 ",\"id\":" + JsonString(s.id.view()) +
                 ",\"max_points\":" + std::to_string(s.max_points) +
                 ",\"points\":" + std::to_string(s.points) + "}";
  }
  return it->second;
}

// A run of literal keys and integers rendered in place, for JsonWriter::RawThroughKey: a Key and
// an Int call per field cost twice as much as formatting the run (card_bench: ~1k instructions per
// card in the sections alone).
class KeysAndInts {
 public:
  // `literal` is JSON text as is: punctuation and quoted keys that need no escaping.
  KeysAndInts& Raw(std::string_view literal) {
    assert(literal.size() <= static_cast<size_t>(text_ + sizeof text_ - end_));
    std::memcpy(end_, literal.data(), literal.size());
    end_ += literal.size();
    return *this;
  }
  KeysAndInts& Int(int value) {
    assert(kMaxDigits <= static_cast<size_t>(text_ + sizeof text_ - end_));
    end_ = std::to_chars(end_, end_ + kMaxDigits, value).ptr;
    return *this;
  }
  std::string_view view() const { return {text_, static_cast<size_t>(end_ - text_)}; }

 private:
  static constexpr size_t kMaxDigits = 11;  // "-2147483648"
  char text_[128];
  char* end_ = text_;
};

// Writes section `i` and its subtree; returns the index after the subtree. Sections are in
// document order with children right after their parent, so a subtree is a contiguous range.
size_t WriteSection(const std::vector<Section>& sections, size_t i, JsonWriter* w) {
  const Section& s = sections[i];
  w->RawThroughKey("{\"children\":");
  w->BeginArray();
  size_t next = i + 1;
  while (next < sections.size() && sections[next].parent == static_cast<int>(i)) {
    next = WriteSection(sections, next, w);
  }
  w->EndArray();
  KeysAndInts fields;
  fields.Raw("\"end_line\":").Int(s.end_line).Raw(",\"level\":").Int(s.level);
  fields.Raw(",\"line\":").Int(s.line).Raw(",\"title\":");
  w->RawThroughKey(fields.view());
  w->String(s.title);
  w->EndObject();
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
      const FindingJson& json = StaticFindingJson(f);
      w->RawThroughKey(json.head);
      w->Int(f.line);
      w->RawClose(json.tail);
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
  KeysAndInts head;
  head.Raw("{\"max_score\":100,\"score\":").Int(report.score).Raw(",\"signals\":");
  w->RawThroughKey(head.view());
  w->BeginArray();
  for (const SignalData& s : report.signals) {
    w->RawThroughKey("{\"evidence\":");
    w->BeginArray();
    for (size_t i = 0; i < s.evidence_count; ++i) {
      KeysAndInts line;
      line.Raw("{\"line\":").Int(s.evidence[i].line).Raw(",\"quote\":");
      w->RawThroughKey(line.view());
      w->String(s.evidence[i].quote.view());
      w->EndObject();
    }
    w->EndArray();
    if (s.id.is_static() && s.finding.is_static()) {
      w->RawClose(StaticSignalTail(s));
      continue;
    }
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
  w->BeginObject();
  w->Key("base_models");
  w->StringArray(lineage.base_models);
  w->Key("cycles");
  w->StringArray(lineage.cycles);
  w->Key("hops");
  w->BeginArray();
  for (const LineageHop& h : lineage.hops) {
    w->RawThroughKey("{\"child\":");
    w->String(h.child);
    w->Key("commercial");
    w->String(h.commercial);
    KeysAndInts depth;
    depth.Raw("\"depth\":").Int(h.depth).Raw(",\"license\":");
    w->RawThroughKey(depth.view());
    w->StringOrNull(h.license);
    w->Key("license_class");
    w->String(h.license_class);
    w->Key("license_name");
    w->StringOrNull(h.license_name);
    w->Key("relation");
    w->String(h.relation);
    w->Key("repo_id");
    w->String(h.repo_id);
    w->Key("resolved");
    w->Bool(h.resolved);
    w->EndObject();
  }
  w->EndArray();
  w->Key("license_verdict");
  w->BeginObject();
  w->Key("commercial_use");
  w->StringOrNull(lineage.commercial_use);
  w->Key("conflicts");
  w->StringArray(lineage.conflicts);
  w->Key("license_presumed");
  w->Bool(lineage.license_presumed);
  w->Key("note");
  w->String("as declared; a coarse classification, not legal advice");
  w->EndObject();
  w->Key("missing");
  w->StringArray(lineage.missing);
  w->Key("relation");
  w->StringOrNull(lineage.relation.relation);
  w->Key("relation_inferred");
  w->Bool(lineage.relation.inferred);
  w->Key("relation_reason");
  w->String(lineage.relation.reason);
  w->EndObject();
}

}  // namespace modelhub::card::internal
