#include "modelhub/card/lineage.h"

#include <algorithm>
#include <deque>
#include <set>

#include "modelhub/card/front_matter.h"
#include "modelhub/card/internal/card_facts.h"
#include "modelhub/card/internal/report_text.h"
#include "modelhub/card/internal/text.h"
#include "modelhub/card/vocab.h"

namespace modelhub::card {

// Lists of literals as string_views: a braced list of literals is an initializer_list of
// const char*, which cost a strlen per element per card (card_bench).
using std::string_view_literals::operator""sv;
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 16;

bool HasTag(const internal::TopLevelKeys& keys, std::initializer_list<std::string_view> wanted) {
  for (std::string_view tag : internal::MetadataStrings(keys.tags)) {
    for (std::string_view w : wanted) {
      if (internal::EqualsLowered(tag, w)) return true;
    }
  }
  return false;
}

// Restrictiveness for conflict checks; -1 when not comparable (other, unknown).
int Rank(const std::string& license_class) {
  if (license_class == "permissive") return 0;
  if (license_class == "copyleft") return 1;
  if (license_class == "community-restricted") return 2;
  if (license_class == "non-commercial") return 3;
  return -1;
}

// `hop` is new: its strings are empty. An empty value is not assigned, and an empty license is
// not looked up (no license has an empty id): FindLicense("") reads the whole list, and most
// cards declare no license_name (card_bench: with CombineCommercial's views, ~290 instructions
// per card).
void DescribeLicense(const internal::TopLevelKeys& keys, LineageHop* hop) {
  const json* license = keys.license;
  if (license != nullptr && license->is_string()) {
    hop->license = license->get_ref<const std::string&>();
  }
  const json* name = keys.license_name;
  if (name != nullptr && name->is_string()) {
    hop->license_name = name->get_ref<const std::string&>();
  }
  const auto info = hop->license.empty() ? std::nullopt : FindLicense(hop->license);
  hop->license_class = info ? LicenseClassName(info->license_class) : "unknown"sv;
  hop->commercial = info ? CommercialName(info->commercial) : "unknown"sv;
}

std::vector<std::string> BaseModelsOf(const internal::TopLevelKeys& keys) {
  std::vector<std::string> bases;
  for (std::string_view base : internal::MetadataStrings(keys.base_model)) {
    bases.emplace_back(base);
  }
  return bases;
}

Relation InferRelationOf(const internal::TopLevelKeys& keys,
                         const std::vector<std::string>& repo_files, std::string_view repo_id) {
  Relation r;
  const internal::MetadataStringList bases = internal::MetadataStrings(keys.base_model);
  const json* explicit_relation = keys.base_model_relation;
  if (explicit_relation != nullptr && explicit_relation->is_string()) {
    return {explicit_relation->get<std::string>(), false, "base_model_relation"};
  }
  if (bases.empty()) return r;
  r.inferred = true;
  const auto has_file = [&](std::string_view suffix) {
    return std::any_of(repo_files.begin(), repo_files.end(), [&](const std::string& f) {
      return f.size() >= suffix.size() &&
             f.compare(f.size() - suffix.size(), suffix.size(), suffix) == 0;
    });
  };
  // `library_name == "peft"` in place: comparing with the literal built a JSON string.
  const json* library = keys.library_name;
  if (has_file("adapter_config.json")) return {"adapter", true, "adapter_config.json"};
  if (library != nullptr && library->is_string() &&
      library->get_ref<const std::string&>() == "peft") {
    return {"adapter", true, "library_name: peft"};
  }
  if (HasTag(keys, {"lora"})) return {"adapter", true, "tag lora"};
  if (has_file(".gguf")) return {"quantized", true, "GGUF files"};
  if (HasTag(keys, {"gguf", "gptq", "awq", "exl2"})) {
    return {"quantized", true, "quantisation tag"};
  }
  const std::string name = internal::ToLower(repo_id);
  for (std::string_view q : {"gguf"sv, "gptq"sv, "awq"sv, "exl2"sv}) {
    if (name.find(q) != std::string::npos) return {"quantized", true, "repo name"};
  }
  if (bases.size() >= 2) return {"merge", true, "several base models"};
  if (HasTag(keys, {"merge", "mergekit"})) return {"merge", true, "merge tag"};
  return {"finetune", true, "default"};
}

std::string CombineCommercial(const std::vector<LineageHop>& hops) {
  bool conditional = false;
  bool unknown = false;
  // Compared as views: the size first, then the bytes inline (against `const char*`, each
  // comparison was a memcmp call).
  for (const LineageHop& hop : hops) {
    const std::string_view commercial = hop.commercial;
    if (commercial == "no"sv) return "no";
    conditional |= commercial == "conditional"sv;
    unknown |= commercial == "unknown"sv;
  }
  if (unknown) return "unknown";
  return conditional ? "conditional" : "yes";
}

void Judge(Lineage* lineage) {
  if (lineage->hops.empty()) return;
  const LineageHop& self = lineage->hops.front();
  // The ancestors are read in place (a copy of them was most of this function's cost).
  const auto ancestors_begin = lineage->hops.begin() + 1;
  if (self.license.empty() && lineage->hops.size() > 1) {
    // Missing license: presumed inherited from the most restrictive parent.
    lineage->license_presumed = true;
    lineage->conflicts.push_back(
        "the card declares no license; it is presumed to inherit its "
        "parents' terms");
  }
  for (auto it = ancestors_begin; it != lineage->hops.end(); ++it) {
    const LineageHop& a = *it;
    if (!a.resolved) continue;
    const int mine = Rank(self.license_class);
    const int theirs = Rank(a.license_class);
    if (!self.license.empty() && mine >= 0 && theirs > mine) {
      lineage->conflicts.push_back("declares " + self.license + " (" + self.license_class +
                                   ") over " + a.repo_id + " which is " + a.license + " (" +
                                   a.license_class + "): a derivative cannot relax it");
    }
    if (self.license == "other" && a.license == "other" && !a.license_name.empty() &&
        self.license_name != a.license_name) {
      lineage->conflicts.push_back("custom license '" + self.license_name + "' differs from " +
                                   a.repo_id + "'s '" + a.license_name + "'");
    }
  }
  lineage->commercial_use = CombineCommercial(lineage->hops);
}

}  // namespace

bool IsHubId(std::string_view id) {
  const auto valid_part = [](std::string_view part) {
    if (part.empty() || part.size() > 96 || part == "." || part == "..") return false;
    return std::all_of(part.begin(), part.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '_' || c == '.' || c == '-';
    });
  };
  const size_t slash = id.find('/');
  if (slash == std::string_view::npos) return valid_part(id);
  return valid_part(id.substr(0, slash)) && valid_part(id.substr(slash + 1));
}

std::vector<std::string> BaseModels(const json& metadata) {
  return BaseModelsOf(internal::TopLevelKeys(metadata));
}

Relation InferRelation(const json& metadata, const std::vector<std::string>& repo_files,
                       std::string_view repo_id) {
  return InferRelationOf(internal::TopLevelKeys(metadata), repo_files, repo_id);
}

Lineage TraceLineage(const json& metadata, std::string_view self, CardResolver* resolver,
                     const std::vector<std::string>& repo_files) {
  return internal::TraceLineage(internal::TopLevelKeys(metadata), self, resolver, repo_files);
}

Lineage internal::TraceLineage(const TopLevelKeys& keys, std::string_view self,
                               CardResolver* resolver, const std::vector<std::string>& repo_files) {
  Lineage lineage;
  lineage.base_models = BaseModelsOf(keys);
  // Without base models or an explicit relation the relation is the empty default: not built and
  // moved in (card_bench: ~200 instructions per card, most cards have neither).
  if (!lineage.base_models.empty() ||
      (keys.base_model_relation != nullptr && keys.base_model_relation->is_string())) {
    lineage.relation = InferRelationOf(keys, repo_files, self);
  }
  LineageHop& root = lineage.hops.emplace_back();
  root.repo_id = self;
  DescribeLicense(keys, &root);
  if (lineage.base_models.empty()) {
    // Nothing to walk: no queue, path or seen set to build (card_bench: their allocations were
    // most of this function's cost on cards without base_model).
    Judge(&lineage);
    return lineage;
  }

  struct Pending {
    std::string id;
    std::string child;
    std::string relation;
    int depth;
    std::vector<std::string> path;
  };
  std::deque<Pending> queue;
  const std::vector<std::string> start_path = {self.empty() ? "(this card)" : std::string(self)};
  for (const std::string& base : lineage.base_models) {
    queue.push_back({base, lineage.hops.front().repo_id, lineage.relation.relation, 1, start_path});
  }
  std::set<std::string> seen;
  if (!self.empty()) seen.insert(std::string(self));
  while (!queue.empty()) {
    Pending p = std::move(queue.front());
    queue.pop_front();
    if (std::find(p.path.begin(), p.path.end(), p.id) != p.path.end()) {
      std::string cycle;
      for (const std::string& step : p.path) cycle += step + " -> ";
      lineage.cycles.push_back(cycle + p.id);
      continue;
    }
    if (seen.count(p.id) != 0 || p.depth > kMaxDepth) continue;
    seen.insert(p.id);
    LineageHop hop;
    hop.repo_id = p.id;
    hop.depth = p.depth;
    hop.child = p.child;
    hop.relation = p.relation;
    std::optional<std::string> text;
    if (IsHubId(p.id) && resolver != nullptr) text = resolver->CardText(p.id);
    if (!text) {
      hop.resolved = false;
      hop.license_class = "unknown";
      hop.commercial = "unknown";
      lineage.missing.push_back(p.id);
      lineage.hops.push_back(std::move(hop));
      continue;
    }
    const auto parent_metadata = ParseCardMetadata(*text);
    // Read in place, not copied.
    static const json kNoMetadata = json::object();
    const json& parent = parent_metadata.has_value() ? *parent_metadata : kNoMetadata;
    const internal::TopLevelKeys parent_keys(parent);
    DescribeLicense(parent_keys, &hop);
    const Relation relation = InferRelationOf(parent_keys, {}, p.id);
    std::vector<std::string> path = p.path;
    path.push_back(p.id);
    for (const std::string& base : BaseModelsOf(parent_keys)) {
      queue.push_back({base, p.id, relation.relation, p.depth + 1, path});
    }
    lineage.hops.push_back(std::move(hop));
  }
  Judge(&lineage);
  return lineage;
}

json LineageToJson(const Lineage& lineage) {
  json hops = json::array();
  for (const LineageHop& h : lineage.hops) {
    hops.push_back({{"repo_id", h.repo_id},
                    {"depth", h.depth},
                    {"child", h.child},
                    {"relation", h.relation},
                    {"license", h.license.empty() ? json(nullptr) : json(h.license)},
                    {"license_name", h.license_name.empty() ? json(nullptr) : json(h.license_name)},
                    {"license_class", h.license_class},
                    {"commercial", h.commercial},
                    {"resolved", h.resolved}});
  }
  return {{"base_models", lineage.base_models},
          {"relation",
           lineage.relation.relation.empty() ? json(nullptr) : json(lineage.relation.relation)},
          {"relation_inferred", lineage.relation.inferred},
          {"relation_reason", lineage.relation.reason},
          {"hops", hops},
          {"missing", lineage.missing},
          {"cycles", lineage.cycles},
          {"license_verdict",
           {{"conflicts", lineage.conflicts},
            {"commercial_use",
             lineage.commercial_use.empty() ? json(nullptr) : json(lineage.commercial_use)},
            {"license_presumed", lineage.license_presumed},
            {"note", "as declared; a coarse classification, not legal advice"}}}};
}

}  // namespace modelhub::card
