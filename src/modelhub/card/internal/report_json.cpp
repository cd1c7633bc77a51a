// Keys are written in sorted order because the nlohmann objects these mirror are std::maps.
#include "modelhub/card/internal/report_json.h"

#include "modelhub/card/internal/text.h"

namespace modelhub::card::internal {
namespace {

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

void WriteFindings(const std::vector<Finding>& findings, JsonWriter* w) {
  w->BeginArray();
  for (const Finding& f : findings) {
    w->BeginObject();
    w->Key("fix");
    w->String(f.fix);
    w->Key("id");
    w->String(f.id);
    w->Key("line");
    w->Int(f.line);
    w->Key("message");
    w->String(f.message);
    w->Key("severity");
    w->String(SeverityName(f.severity));
    w->EndObject();
  }
  w->EndArray();
}

void WriteTrust(const TrustReport& report, JsonWriter* w) {
  w->BeginObject();
  w->Key("max_score");
  w->Int(100);
  w->Key("score");
  w->Int(report.score);
  w->Key("signals");
  w->BeginArray();
  for (const TrustSignal& s : report.signals) {
    w->BeginObject();
    w->Key("evidence");
    w->BeginArray();
    for (const Evidence& e : s.evidence) {
      w->BeginObject();
      w->Key("line");
      w->Int(e.line);
      w->Key("quote");
      w->String(e.quote);
      w->EndObject();
    }
    w->EndArray();
    w->Key("finding");
    if (IsValidUtf8(s.finding)) {
      w->String(s.finding);  // no repaired copy for the usual valid text
    } else {
      w->String(ValidUtf8(s.finding));
    }
    w->Key("id");
    w->String(s.id);
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
