// Keys are written in sorted order because the nlohmann objects these mirror are std::maps.
#include "modelhub/card/internal/report_json.h"

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

// Writes section `i` and its subtree; returns the index after the subtree. Sections are in
// document order with children right after their parent, so a subtree is a contiguous range.
size_t WriteSection(const std::vector<Section>& sections, size_t i, JsonWriter* w) {
  const Section& s = sections[i];
  w->BeginObject();
  w->Key("children");
  w->BeginArray();
  size_t next = i + 1;
  while (next < sections.size() && sections[next].parent == static_cast<int>(i)) {
    next = WriteSection(sections, next, w);
  }
  w->EndArray();
  w->Key("end_line");
  w->Int(s.end_line);
  w->Key("level");
  w->Int(s.level);
  w->Key("line");
  w->Int(s.line);
  w->Key("title");
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
  const std::pair<const char*, const nlohmann::json*> fields[] = {
      {"dataset_args", &r.dataset_args},   {"dataset_config", &r.dataset_config},
      {"dataset_name", &r.dataset_name},   {"dataset_revision", &r.dataset_revision},
      {"dataset_split", &r.dataset_split}, {"dataset_type", &r.dataset_type},
      {"metric_args", &r.metric_args},     {"metric_config", &r.metric_config},
      {"metric_name", &r.metric_name},     {"metric_type", &r.metric_type},
      {"metric_value", &r.metric_value},   {"source_name", &r.source_name},
      {"source_url", &r.source_url},       {"task_name", &r.task_name},
      {"task_type", &r.task_type},         {"verified", &r.verified},
      {"verify_token", &r.verify_token}};
  w->BeginObject();
  for (const auto& [key, value] : fields) {
    w->Key(key);
    w->Value(*value);
  }
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
  w->BeginObject();
  w->Key("max_score");
  w->Int(100);
  w->Key("score");
  w->Int(report.score);
  w->Key("signals");
  w->BeginArray();
  for (const SignalData& s : report.signals) {
    w->BeginObject();
    w->Key("evidence");
    w->BeginArray();
    for (size_t i = 0; i < s.evidence_count; ++i) {
      w->BeginObject();
      w->Key("line");
      w->Int(s.evidence[i].line);
      w->Key("quote");
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
    w->BeginObject();
    w->Key("child");
    w->String(h.child);
    w->Key("commercial");
    w->String(h.commercial);
    w->Key("depth");
    w->Int(h.depth);
    w->Key("license");
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
