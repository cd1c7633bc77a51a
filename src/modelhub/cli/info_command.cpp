#include "modelhub/cli/info_command.h"

#include <cstdio>
#include <iostream>
#include <memory>

#include "modelhub/cli/download_command.h"
#include "modelhub/cli/repo_args.h"
#include "modelhub/client/catalog.h"
#include "modelhub/client/hf_cache.h"
#include "modelhub/client/progress.h"

namespace modelhub::cli {
namespace {
using nlohmann::json;

struct InfoFlags {
  std::string repo;
  std::string repo_type = "model";
  std::string revision;
  std::string endpoint;
  std::string token;
  bool json = false;
  bool files = false;
};

// A scalar as text, a list joined with ", ", anything else as compact JSON; "" for null.
std::string Text(const json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  if (value.is_array()) {
    std::string out;
    for (const json& item : value) {
      std::string part = Text(item);
      if (part.empty()) continue;
      if (!out.empty()) out += ", ";
      out += part;
    }
    return out;
  }
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string Field(const json& info, const char* key) {
  auto it = info.find(key);
  return it == info.end() ? "" : Text(*it);
}

void Line(const std::string& label, const std::string& value) {
  if (value.empty()) return;
  std::printf("%-14s %s\n", (label + ":").c_str(), value.c_str());
}

uint64_t SiblingSize(const json& sibling) {
  if (auto lfs = sibling.find("lfs"); lfs != sibling.end() && lfs->is_object()) {
    if (auto size = lfs->find("size"); size != lfs->end() && size->is_number_unsigned()) {
      return size->get<uint64_t>();
    }
  }
  auto size = sibling.find("size");
  return size != sibling.end() && size->is_number_unsigned() ? size->get<uint64_t>() : 0;
}

void PrintSummary(const json& info, const std::string& type, bool list_files) {
  Line("id", Field(info, "id"));
  Line("type", type);
  Line("sha", Field(info, "sha"));
  Line("lastModified", Field(info, "lastModified"));
  Line("createdAt", Field(info, "createdAt"));
  Line("private", Field(info, "private"));
  Line("gated", Field(info, "gated"));
  Line("pipeline_tag", Field(info, "pipeline_tag"));
  Line("library", Field(info, "library_name"));
  const json card = info.value("cardData", json::object());
  std::string license = card.is_object() && card.contains("license") ? Text(card["license"]) : "";
  if (license.empty() && info.contains("tags") && info["tags"].is_array()) {
    for (const json& tag : info["tags"]) {
      if (tag.is_string() && tag.get<std::string>().rfind("license:", 0) == 0) {
        license = tag.get<std::string>().substr(8);
      }
    }
  }
  Line("license", license);
  Line("tags", Field(info, "tags"));
  std::string counters;
  if (info.contains("downloads")) counters += Field(info, "downloads") + " downloads";
  if (info.contains("likes")) {
    counters += (counters.empty() ? "" : ", ") + Field(info, "likes") + " likes";
  }
  Line("stats", counters);
  if (card.is_object()) {
    for (const char* key : {"base_model", "base_model_relation", "datasets", "language", "metrics",
                            "model_name", "pretty_name", "task_categories"}) {
      if (card.contains(key)) Line("  " + std::string(key), Text(card[key]));
    }
    if (auto index = card.find("model-index"); index != card.end() && index->is_array()) {
      size_t results = 0;
      for (const json& model : *index) {
        if (model.is_object() && model.contains("results") && model["results"].is_array()) {
          results += model["results"].size();
        }
      }
      Line("  model-index", std::to_string(results) + " result(s)");
    }
  }
  if (auto siblings = info.find("siblings"); siblings != info.end() && siblings->is_array()) {
    uint64_t total = 0;
    for (const json& sibling : *siblings) total += SiblingSize(sibling);
    Line("files", std::to_string(siblings->size()) + " (" +
                      client::FormatBytes(static_cast<double>(total)) + ")");
    if (list_files) {
      for (const json& sibling : *siblings) {
        bool lfs = sibling.contains("lfs") && sibling["lfs"].is_object();
        std::printf("  %10s  %s%s\n",
                    client::FormatBytes(static_cast<double>(SiblingSize(sibling))).c_str(),
                    sibling.value("rfilename", "").c_str(), lfs ? "  (lfs)" : "");
      }
    }
  }
}

int RunInfo(const InfoFlags& flags) {
  auto repo = ParseRepoArgs(flags.repo, flags.repo_type);
  if (!repo) return 2;
  std::string endpoint = flags.endpoint.empty() ? client::DefaultEndpoint() : flags.endpoint;
  client::HttpClient http(flags.token.empty() ? client::DefaultToken() : flags.token,
                          client::RetryPolicy{});
  core::Result<json> info =
      client::FetchRepoInfo(http, endpoint, *repo, flags.revision, /*blobs=*/true);
  if (!info) return ReportClientError(info.error(), false);
  if (flags.json) {
    std::cout << info->dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    return 0;
  }
  PrintSummary(*info, flags.repo_type, flags.files);
  return 0;
}

}  // namespace

void RegisterInfoCommand(CLI::App& app) {
  auto flags = std::make_shared<InfoFlags>();
  CLI::App* command = app.add_subcommand("info", "Show a repo's metadata (and files)");
  command->add_option("repo", flags->repo, "Repo id (namespace/name)")->required();
  command->add_option("--repo-type", flags->repo_type, "model, dataset or space");
  command->add_option("--revision", flags->revision, "Branch, tag or commit (default main)");
  command->add_option("--token", flags->token, "Access token (default HF_TOKEN)");
  command->add_option("--endpoint", flags->endpoint, "Hub URL (default HF_ENDPOINT)");
  command->add_flag("--json", flags->json, "Print the server's JSON");
  command->add_flag("--files", flags->files, "List every file with its size");
  command->callback([flags] { throw CLI::RuntimeError(RunInfo(*flags)); });
}

}  // namespace modelhub::cli
