// base_model lineage: the declared parents, the relation (explicit or inferred with the project's
// heuristic, spec/model-cards.md section 2.3), a walk to the roots through a caller-supplied
// resolver with cycle and missing-link detection, and a license verdict along the chain
// ("as declared": a coarse engineering classification, not legal advice). Pure: the resolver
// does any I/O. Not thread-safe only insofar as the resolver is not.
#ifndef MODELHUB_CARD_LINEAGE_H_
#define MODELHUB_CARD_LINEAGE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace modelhub::card {

// `org/name` or a legacy id without namespace (`gpt2`), characters [A-Za-z0-9_.-].
bool IsHubId(std::string_view id);

// The repo id -> card text lookup the walk uses. The server backs it with its store; the CLI
// with a directory of cards. Returns nullopt when the repo or its card is unknown.
class CardResolver {
 public:
  virtual ~CardResolver() = default;
  virtual std::optional<std::string> CardText(std::string_view repo_id) = 0;
};

struct Relation {
  std::string relation;  // adapter | merge | quantized | finetune | "" (no base model)
  bool inferred = false;
  std::string reason;  // why, e.g. "library_name: peft"
};

// `repo_files` are file names in the repo when known (adapter_config.json, *.gguf, ...);
// `repo_id` lets a name such as "...-GGUF" count.
Relation InferRelation(const nlohmann::json& metadata,
                       const std::vector<std::string>& repo_files = {},
                       std::string_view repo_id = "");
std::vector<std::string> BaseModels(const nlohmann::json& metadata);

struct LineageHop {
  std::string repo_id;
  int depth = 0;         // 0 is the card itself
  std::string child;     // the repo that named this one as base_model ("" for depth 0)
  std::string relation;  // the child's relation to this hop
  std::string license;   // as declared ("" when missing)
  std::string license_name;
  std::string license_class;  // permissive | copyleft | community-restricted | non-commercial |
                              // other | unknown
  std::string commercial;     // yes | conditional | no | unknown
  bool resolved = true;       // false: the resolver had no card for this id
};

struct Lineage {
  std::vector<std::string> base_models;
  Relation relation;
  std::vector<LineageHop> hops;      // breadth-first from the card
  std::vector<std::string> missing;  // ids the resolver could not find or that are not Hub ids
  std::vector<std::string> cycles;   // "a -> b -> a"
  // Verdict.
  std::vector<std::string> conflicts;  // human-readable license conflicts
  std::string commercial_use;          // yes | conditional | no | unknown, along the whole chain
  bool license_presumed = false;       // the card declares none; inherited "as presumed"
};

// Walks from a card (its metadata and repo id, `self` may be "") up to 16 levels.
Lineage TraceLineage(const nlohmann::json& metadata, std::string_view self, CardResolver* resolver,
                     const std::vector<std::string>& repo_files = {});

nlohmann::json LineageToJson(const Lineage& lineage);

}  // namespace modelhub::card

#endif  // MODELHUB_CARD_LINEAGE_H_
