#include "modelhub/cli/card_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "modelhub/card/compare.h"
#include "modelhub/card/inspect.h"
#include "modelhub/card/json_text.h"
#include "modelhub/card/lint.h"
#include "modelhub/card/model_card.h"
#include "modelhub/card/model_index.h"
#include "modelhub/card/writer.h"

namespace modelhub::cli {
namespace {

using nlohmann::json;

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return buffer.str();
}

std::string Dump(const json& value) {
  return value.dump(2, ' ', false, json::error_handler_t::replace);
}

// Cards in a directory, named like the shared corpus: "org--name.md" or "org/name/README.md".
class DirectoryResolver : public card::CardResolver {
 public:
  explicit DirectoryResolver(std::string dir) : dir_(std::move(dir)) {}
  std::optional<std::string> CardText(std::string_view repo_id) override {
    std::string flat(repo_id);
    for (size_t at = flat.find('/'); at != std::string::npos; at = flat.find('/', at + 2)) {
      flat.replace(at, 1, "--");
    }
    for (const auto& candidate :
         {std::filesystem::path(dir_) / (flat + ".md"),
          std::filesystem::path(dir_) / std::string(repo_id) / "README.md"}) {
      if (auto text = ReadFile(candidate.string())) return text;
    }
    return std::nullopt;
  }

 private:
  std::string dir_;
};

std::optional<card::CardKind> KindOption(const std::string& kind) {
  if (kind == "model") return card::CardKind::kModel;
  if (kind == "dataset") return card::CardKind::kDataset;
  if (kind == "space") return card::CardKind::kSpace;
  return std::nullopt;
}

void PrintReadable(const std::string& file, const json& report) {
  std::cout << "== " << file << " (" << report["kind"].get<std::string>() << " card)\n";
  for (const auto& e : report["errors"]) {
    std::cout << "  metadata error: line " << e["line"] << ", column " << e["column"] << ": "
              << e["kind"].get<std::string>() << ": " << e["message"].get<std::string>() << "\n";
  }
  std::cout << "  metadata keys: " << report["metadata"].size()
            << ", eval results: " << report["eval_results"].size()
            << ", sections: " << report["sections"].size() << "\n";
  std::cout << "  trust score: " << report["trust"]["score"] << "/100\n";
  for (const auto& s : report["trust"]["signals"]) {
    std::cout << "    " << s["points"] << "/" << s["max_points"] << "  "
              << s["id"].get<std::string>() << ": " << s["finding"].get<std::string>() << "\n";
  }
  const json& lineage = report["lineage"];
  if (!lineage["base_models"].empty()) {
    std::cout << "  lineage: " << lineage["relation"].get<std::string>() << " of "
              << lineage["base_models"].dump()
              << "; commercial use: " << Dump(lineage["license_verdict"]["commercial_use"]) << "\n";
    for (const auto& c : lineage["license_verdict"]["conflicts"]) {
      std::cout << "    conflict: " << c.get<std::string>() << "\n";
    }
  }
  std::cout << "  lint: " << report["lint"].size() << " finding(s)\n";
  for (const auto& f : report["lint"]) {
    std::cout << "    " << f["severity"].get<std::string>() << " " << f["id"].get<std::string>()
              << " (line " << f["line"] << "): " << f["message"].get<std::string>()
              << "\n      fix: " << f["fix"].get<std::string>() << "\n";
  }
}

struct InspectArgs {
  std::vector<std::string> files;
  bool json = false;
  std::string kind;
  std::string cards_dir;
  std::string repo_id;
};

int RunInspect(const InspectArgs& args) {
  std::unique_ptr<DirectoryResolver> resolver;
  if (!args.cards_dir.empty()) resolver = std::make_unique<DirectoryResolver>(args.cards_dir);
  int status = 0;
  // With --json the reports are written as text without a DOM (card_bench measures that path),
  // joined into an array unless there is one file, and indented as Dump() would.
  std::string reports;
  size_t report_count = 0;
  for (const std::string& file : args.files) {
    const auto text = ReadFile(file);
    if (!text) {
      std::cerr << "modelhub card: cannot read " << file << "\n";
      status = 1;
      continue;
    }
    card::InspectOptions options;
    options.kind = KindOption(args.kind);
    options.repo_id = args.repo_id;
    options.resolver = resolver.get();
    options.file = file;
    if (args.json) {
      if (report_count++ != 0) reports += ',';
      card::AppendInspectCardJson(*text, options, &reports);
    } else {
      PrintReadable(file, card::InspectCard(*text, options));
    }
  }
  if (args.json) {
    const bool single = args.files.size() == 1 && report_count == 1;
    std::cout << card::IndentJson(single ? reports : "[" + reports + "]", 2) << "\n";
  }
  return status;
}

int RunLint(const std::vector<std::string>& files, bool as_json) {
  int status = 0;
  json all = json::array();
  for (const std::string& file : files) {
    const auto text = ReadFile(file);
    if (!text) {
      std::cerr << "modelhub card: cannot read " << file << "\n";
      status = 1;
      continue;
    }
    card::Card c;
    card::ParseCard(*text, &c);
    const auto findings = card::Lint(c, card::ParseModelIndex(c.metadata));
    if (card::HasErrors(findings)) status = 1;
    if (as_json) {
      all.push_back({{"file", file}, {"findings", card::FindingsToJson(findings)}});
      continue;
    }
    for (const card::Finding& f : findings) {
      std::cout << file << ":" << f.line << ": " << card::SeverityName(f.severity) << " [" << f.id
                << "] " << f.message << "\n    fix: " << f.fix << "\n";
    }
  }
  if (as_json) std::cout << Dump(all) << "\n";
  return status;
}

int RunCompare(const std::vector<std::string>& files, bool as_json) {
  std::vector<card::CompareColumn> columns;
  for (const std::string& file : files) {
    const auto text = ReadFile(file);
    if (!text) {
      std::cerr << "modelhub card: cannot read " << file << "\n";
      return 1;
    }
    card::Card c;
    card::ParseCard(*text, &c);
    card::ModelIndex index = card::ParseModelIndex(c.metadata);
    columns.push_back({std::filesystem::path(file).stem().string(), std::move(index.results)});
  }
  const card::CompareTable table = card::CompareResults(columns);
  if (as_json) {
    std::cout << Dump(card::CompareToJson(table)) << "\n";
  } else {
    std::cout << card::CompareToMarkdown(table);
  }
  return 0;
}

}  // namespace

void RegisterCardCommands(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("card", "Inspect, lint, compare and write model cards");
  cmd->require_subcommand(1);

  auto inspect = std::make_shared<InspectArgs>();
  CLI::App* i = cmd->add_subcommand("inspect",
                                    "Report metadata, eval results, sections, lint, "
                                    "trust and lineage for each card");
  i->add_option("files", inspect->files, "README.md files")->required();
  i->add_flag("--json", inspect->json, "JSON output");
  i->add_option("--type", inspect->kind, "model, dataset or space (guessed when absent)");
  i->add_option("--cards-dir", inspect->cards_dir,
                "Directory of parent cards (org--name.md or org/name/README.md) for lineage");
  i->add_option("--repo-id", inspect->repo_id, "The card's own repo id");
  i->callback([inspect] {
    if (const int status = RunInspect(*inspect)) throw CLI::RuntimeError(status);
  });

  auto lint_files = std::make_shared<std::vector<std::string>>();
  auto lint_json = std::make_shared<bool>(false);
  CLI::App* l = cmd->add_subcommand("lint", "Lint cards; exit 1 when any has an error");
  l->add_option("files", *lint_files, "README.md files")->required();
  l->add_flag("--json", *lint_json, "JSON output");
  l->callback([lint_files, lint_json] {
    if (const int status = RunLint(*lint_files, *lint_json)) throw CLI::RuntimeError(status);
  });

  auto compare_files = std::make_shared<std::vector<std::string>>();
  auto compare_json = std::make_shared<bool>(false);
  auto compare_markdown = std::make_shared<bool>(false);
  CLI::App* c = cmd->add_subcommand("compare", "Side-by-side evaluation table");
  c->add_option("files", *compare_files, "README.md files")->required()->expected(1, -1);
  c->add_flag("--json", *compare_json, "JSON output");
  c->add_flag("--markdown", *compare_markdown, "Markdown table (the default)");
  c->callback([compare_files, compare_json] {
    if (const int status = RunCompare(*compare_files, *compare_json)) {
      throw CLI::RuntimeError(status);
    }
  });

  auto spec = std::make_shared<card::NewCard>();
  auto evals = std::make_shared<std::vector<std::string>>();
  auto output = std::make_shared<std::string>();
  CLI::App* n = cmd->add_subcommand("new", "Write a card from the canonical template");
  n->add_option("--model-id", spec->model_id, "org/name")->required();
  n->add_option("--license", spec->license, "License id")->required();
  n->add_option("--license-name", spec->license_name, "Slug for license other");
  n->add_option("--license-link", spec->license_link, "LICENSE or a URL for license other");
  n->add_option("--pipeline-tag", spec->pipeline_tag, "Task");
  n->add_option("--library-name", spec->library_name, "Library");
  n->add_option("--base-model", spec->base_models, "Parent model id (repeatable)");
  n->add_option("--base-model-relation", spec->base_model_relation,
                "adapter, merge, quantized or finetune");
  n->add_option("--language", spec->languages, "Language code (repeatable)");
  n->add_option("--dataset", spec->datasets, "Training dataset id (repeatable)");
  n->add_option("--tag", spec->tags, "Tag (repeatable)");
  n->add_option("--eval", *evals, "dataset:metric=value[@split][#shots] (repeatable)");
  n->add_option("-o,--output", *output, "Write to this file instead of stdout");
  n->callback([spec, evals, output] {
    for (const std::string& e : *evals) {
      auto parsed = card::ParseEvalSpec(e);
      if (!parsed) throw CLI::ValidationError("--eval", parsed.error().message);
      spec->evals.push_back(*parsed);
    }
    const auto text = card::WriteCard(*spec);
    if (!text) throw CLI::ValidationError("card new", text.error().message);
    if (output->empty()) {
      std::cout << *text;
      return;
    }
    std::ofstream out(*output, std::ios::binary);
    out << *text;
    if (!out) throw CLI::RuntimeError("cannot write " + *output, 1);
  });
}

}  // namespace modelhub::cli
