#include "modelhub/card/inspect.h"

#include <memory>

#include "modelhub/card/internal/card_facts.h"
#include "modelhub/card/internal/json_pool.h"
#include "modelhub/card/internal/json_writer.h"
#include "modelhub/card/internal/parse_card.h"
#include "modelhub/card/internal/report_json.h"
#include "modelhub/card/internal/report_text.h"
#include "modelhub/card/internal/yaml_composer.h"
#include "modelhub/card/lint.h"
#include "modelhub/card/model_index.h"

namespace modelhub::card {
namespace {

// The calling thread's card, whose buffers (the body and YAML copies, the lower-cased body, the
// line vectors) are reused from one inspection to the next: allocating and freeing them per card
// was ~4% of card_bench, mostly glibc consolidating its free lists for the large blocks. A fresh
// card when the thread's is in use (a resolver that inspects from inside an inspection).
class CardLease {
 public:
  CardLease() {
    if (in_use_) {
      owned_ = std::make_unique<Card>();
    } else {
      in_use_ = true;
    }
  }
  ~CardLease() {
    if (owned_) return;
    in_use_ = false;
    // What the card read is not kept past the inspection; only the buffers' storage is. The
    // metadata's strings, nodes and containers go to the thread's next YAML loads, emptied
    // bottom-up so that nlohmann's destructor never builds its heap stack of descendants.
    internal::RecycleJsonContents(scratch_.metadata);
    if (!scratch_.metadata.is_object()) {
      scratch_.metadata = nlohmann::json(nlohmann::json::value_t::object);
    }
    internal::YamlComposer::Recycle(scratch_.yaml);
    // Sections and code blocks keep their strings' storage, which ParseCard overwrites.
    for (Section& section : scratch_.sections) section.title.clear();
    for (CodeBlock& block : scratch_.code_blocks) {
      block.language.clear();
      block.code.clear();
    }
    constexpr size_t kKeep = size_t{1} << 20;  // drop what one outsized card grew
    constexpr size_t kKeepItems = 256;
    if (scratch_.front.body.capacity() > kKeep || scratch_.body_lower_storage.capacity() > kKeep ||
        scratch_.sections.size() > kKeepItems || scratch_.code_blocks.size() > kKeepItems) {
      scratch_.front = FrontMatter();
      scratch_.body_lower = {};
      scratch_.body_lower_storage = std::string();
      scratch_.body_lines = {};
      scratch_.line_starts = {};
      scratch_.sections = {};
      scratch_.code_blocks = {};
    }
  }
  CardLease(const CardLease&) = delete;
  CardLease& operator=(const CardLease&) = delete;

  Card& card() { return owned_ ? *owned_ : scratch_; }

 private:
  static thread_local Card scratch_;
  static thread_local bool in_use_;
  std::unique_ptr<Card> owned_;
};

thread_local Card CardLease::scratch_;
thread_local bool CardLease::in_use_ = false;

// The storage of the thread's last findings vector, which its next inspection takes over.
thread_local std::vector<internal::FindingData> spare_findings;

// Every analysis of one card; both report forms are written from it. The analyses are built in
// place, in the members' order (card_bench: assigning them was ~1.7k instructions per card, most
// of it moving the trust signals' texts).
struct Inspection {
  CardLease lease;
  Card& card;
  ModelIndex index;
  internal::TopLevelKeys keys;  // found once for lineage, lint and trust
  Lineage lineage;
  std::vector<internal::FindingData> findings;
  internal::TrustData trust;

  Inspection(std::string_view text, const InspectOptions& options)
      : card(Parsed(text, options, &lease.card())),
        index(ParseModelIndex(card.metadata)),
        keys(card.metadata),
        lineage(
            internal::TraceLineage(keys, options.repo_id, options.resolver, options.repo_files)),
        findings(Findings(card, index, keys)),
        trust(internal::AssessTrustData(card, index, keys, options.history)) {}
  ~Inspection() {
    // The results' strings came from the thread's JSON pool (ParseModelIndex) and go back to it.
    static constexpr nlohmann::json EvalResult::*kFields[] = {
        &EvalResult::task_type,        &EvalResult::task_name,      &EvalResult::dataset_type,
        &EvalResult::dataset_name,     &EvalResult::dataset_config, &EvalResult::dataset_split,
        &EvalResult::dataset_revision, &EvalResult::dataset_args,   &EvalResult::metric_type,
        &EvalResult::metric_value,     &EvalResult::metric_name,    &EvalResult::metric_config,
        &EvalResult::metric_args,      &EvalResult::verified,       &EvalResult::verify_token,
        &EvalResult::source_name,      &EvalResult::source_url};
    internal::JsonPool& pool = internal::ThreadJsonPool();
    for (EvalResult& result : index.results) {
      for (nlohmann::json EvalResult::*field : kFields) {
        if ((result.*field).is_string()) pool.PutString(result.*field);
      }
    }
    if (index.model_name.is_string()) pool.PutString(index.model_name);
    findings.clear();
    constexpr size_t kKeep = 64;  // findings; an outsized card's storage is not kept
    if (findings.capacity() <= kKeep && findings.capacity() > spare_findings.capacity()) {
      findings.swap(spare_findings);
    }
  }
  Inspection(const Inspection&) = delete;
  Inspection& operator=(const Inspection&) = delete;

 private:
  static Card& Parsed(std::string_view text, const InspectOptions& options, Card* card) {
    // `text` outlives the inspection, so the card's body lines may point into it.
    internal::ParseCard(text, card, options.kind, internal::KeyLocations::kTopLevel,
                        /*body_in_text=*/true);
    return *card;
  }
  static std::vector<internal::FindingData> Findings(const Card& card, const ModelIndex& index,
                                                     const internal::TopLevelKeys& keys) {
    // A resolver may inspect other cards during TraceLineage, so the thread's findings storage
    // is taken only after it. A vector of a card's findings passes 1 KiB, and such a block makes
    // glibc consolidate its fast bins first (card_bench).
    std::vector<internal::FindingData> findings;
    findings.swap(spare_findings);
    internal::LintInto(card, index, keys, &findings);
    return findings;
  }
};

constexpr const char* kNotMappingMessage = "repo card metadata block should be a dict";

void WriteReport(const Inspection& x, std::string_view file, internal::JsonWriter* w) {
  const Card& card = x.card;
  const auto error = [w](std::string_view kind, std::string_view message, int line, int column) {
    w->BeginObject();
    w->Key("column");
    w->Int(column);
    w->Key("kind");
    w->String(kind);
    w->Key("line");
    w->Int(line);
    w->Key("message");
    w->String(message);
    w->EndObject();
  };
  // Keys in sorted order, as the std::map objects of InspectCard. The runs between the parts
  // formatted in place (card_bench: a writer call per field was ~300 instructions per card).
  internal::InPlaceRun(w, 16).Literal("{\"errors\":[").EndOpen();
  if (card.yaml_error) {
    error(card.yaml_error->kind, card.yaml_error->message, card.yaml_error->line,
          card.yaml_error->column);
  }
  if (card.metadata_not_mapping) error("ValueError", kNotMappingMessage, card.front.yaml_line, 1);
  internal::InPlaceRun(w, 24, internal::InPlaceRun::Continue{})
      .Literal("],\"eval_results\":[")
      .EndOpen();
  for (const EvalResult& r : x.index.results) internal::WriteEvalResult(r, w);
  {
    const std::string_view kind = CardKindName(card.kind);
    internal::InPlaceRun run(w, 224 + x.index.error.size() + file.size() + kind.size(),
                             internal::InPlaceRun::Continue{});
    run.Literal("],\"eval_results_error\":").StringOrNull(x.index.error);
    if (!file.empty()) run.Literal(",\"file\":").String(file);
    run.Literal(",\"front_matter\":{\"body_line\":").Int(card.front.body_line);
    run.Literal(",\"bom\":").Bool(card.front.had_bom);
    run.Literal(",\"present\":").Bool(card.front.present);
    run.Literal(",\"yaml_line\":").Int(card.front.yaml_line);
    run.Literal("},\"kind\":").String(kind).Literal(",\"lineage\":").EndThroughKey();
  }
  internal::WriteLineage(x.lineage, w);
  w->Key("lint");
  internal::WriteFindings(x.findings, w);
  w->Key("metadata");
  w->Value(card.metadata);
  w->Key("model_name");
  w->Value(x.index.model_name);
  w->Key("sections");
  internal::WriteSections(card, w);
  w->Key("trust");
  internal::WriteTrust(x.trust, w);
  w->EndObject();
}

}  // namespace

nlohmann::json InspectCard(std::string_view text, const InspectOptions& options) {
  const Inspection x(text, options);
  const Card& card = x.card;
  nlohmann::json eval_results = nlohmann::json::array();
  for (const EvalResult& r : x.index.results) eval_results.push_back(EvalResultToJson(r));
  nlohmann::json errors = nlohmann::json::array();
  if (card.yaml_error) {
    errors.push_back({{"kind", card.yaml_error->kind},
                      {"message", card.yaml_error->message},
                      {"line", card.yaml_error->line},
                      {"column", card.yaml_error->column}});
  }
  if (card.metadata_not_mapping) {
    errors.push_back({{"kind", "ValueError"},
                      {"message", kNotMappingMessage},
                      {"line", card.front.yaml_line},
                      {"column", 1}});
  }
  nlohmann::json report = {
      {"kind", CardKindName(card.kind)},
      {"front_matter",
       {{"present", card.front.present},
        {"bom", card.front.had_bom},
        {"yaml_line", card.front.yaml_line},
        {"body_line", card.front.body_line}}},
      {"metadata", card.metadata},
      {"errors", errors},
      {"model_name", x.index.model_name},
      {"eval_results", eval_results},
      {"eval_results_error",
       x.index.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(x.index.error)},
      {"sections", SectionsToJson(card)},
      {"lint", FindingsToJson(internal::ToFindings(x.findings))},
      {"trust", TrustToJson(internal::ToTrustReport(x.trust))},
      {"lineage", LineageToJson(x.lineage)},
  };
  if (!options.file.empty()) report["file"] = options.file;
  return report;
}

namespace {

// Inspects `text` and hands the report's text to `use`. The report is written into the thread's
// buffer, which keeps its storage and its size (growing the size back zero-fills): growing a fresh
// string took two or three large allocations per card, each of which makes glibc consolidate its
// fast bins (card_bench). A resolver that inspects other cards does so while the inspection is
// built, before the buffer is used.
template <typename Use>
void WithReportText(std::string_view text, const InspectOptions& options, Use use) {
  const Inspection x(text, options);
  thread_local std::string buffer;
  size_t size = 0;
  {
    internal::JsonWriter w(&buffer, internal::JsonWriter::Overwrite{});
    WriteReport(x, options.file, &w);
    size = w.Release();
  }
  use(std::string_view(buffer.data(), size));
  constexpr size_t kKeep = size_t{1} << 20;  // drop what one outsized report grew
  if (buffer.size() > kKeep) buffer = std::string();
}

}  // namespace

std::string InspectCardJson(std::string_view text, const InspectOptions& options) {
  std::string out;
  WithReportText(text, options, [&](std::string_view report) { out.assign(report); });
  return out;
}

void AppendInspectCardJson(std::string_view text, const InspectOptions& options, std::string* out) {
  WithReportText(text, options, [&](std::string_view report) { out->append(report); });
}

}  // namespace modelhub::card
