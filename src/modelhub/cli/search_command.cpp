#include "modelhub/cli/search_command.h"

#include <algorithm>
#include <iostream>
#include <memory>

#include "modelhub/cli/download_command.h"
#include "modelhub/client/catalog.h"
#include "modelhub/client/hf_cache.h"

namespace modelhub::cli {
namespace {
using nlohmann::json;

struct SearchFlags {
  std::string query;
  std::string repo_type = "model";
  std::string author;
  std::vector<std::string> filters;
  std::string pipeline_tag;
  std::string sort;
  std::string direction;
  size_t limit = 20;
  // modelhub's own filters (README.md "Search"), by their server parameter names.
  std::vector<std::pair<std::string, std::string>> extras;
  std::vector<std::string> params;  // KEY=VALUE passed through
  std::string endpoint;
  std::string token;
  bool json = false;
};

std::string Cell(const json& item, const char* key) {
  auto it = item.find(key);
  if (it == item.end() || it->is_null()) return "-";
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

void PrintTable(const json& items) {
  const std::vector<std::string> headers = {"id", "pipeline_tag", "downloads", "likes",
                                            "lastModified"};
  std::vector<std::vector<std::string>> rows;
  for (const json& item : items) {
    if (!item.is_object()) continue;
    std::string modified = Cell(item, "lastModified");
    if (modified.size() > 10 && modified[10] == 'T') modified.resize(10);  // the date is enough
    rows.push_back({Cell(item, "id"), Cell(item, "pipeline_tag"), Cell(item, "downloads"),
                    Cell(item, "likes"), modified});
  }
  std::vector<size_t> widths;
  for (const std::string& header : headers) widths.push_back(header.size());
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  auto print = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      // Numbers right-aligned, text left-aligned.
      std::string pad(widths[i] - row[i].size(), ' ');
      line += (i == 2 || i == 3) ? pad + row[i] : row[i] + (i + 1 < row.size() ? pad : "");
      if (i + 1 < row.size()) line += "  ";
    }
    std::cout << line << "\n";
  };
  print(headers);
  for (const auto& row : rows) print(row);
  if (rows.empty()) std::cerr << "modelhub: no matching repos\n";
}

int RunSearch(const SearchFlags& flags) {
  auto type = core::ParseRepoType(flags.repo_type);
  if (!type) {
    std::cerr << "modelhub: error: --repo-type must be model, dataset or space\n";
    return 2;
  }
  client::QueryParams params;
  if (!flags.query.empty()) params.emplace_back("search", flags.query);
  if (!flags.author.empty()) params.emplace_back("author", flags.author);
  for (const std::string& filter : flags.filters) params.emplace_back("filter", filter);
  if (!flags.pipeline_tag.empty()) params.emplace_back("pipeline_tag", flags.pipeline_tag);
  if (!flags.sort.empty()) params.emplace_back("sort", flags.sort);
  if (!flags.direction.empty()) params.emplace_back("direction", flags.direction);
  for (const auto& extra : flags.extras) params.push_back(extra);
  for (const std::string& param : flags.params) {
    size_t equals = param.find('=');
    if (equals == std::string::npos || equals == 0) {
      std::cerr << "modelhub: error: --param needs KEY=VALUE, got '" << param << "'\n";
      return 2;
    }
    params.emplace_back(param.substr(0, equals), param.substr(equals + 1));
  }
  // The page size (at most 1000 on the server); further pages come through Link (§1). An
  // explicit --param limit=N sets the page size instead.
  bool has_page_size = std::any_of(params.begin(), params.end(),
                                   [](const auto& param) { return param.first == "limit"; });
  if (!has_page_size) {
    size_t page = flags.limit == 0 ? 1000 : std::min<size_t>(flags.limit, 1000);
    params.emplace_back("limit", std::to_string(page));
  }
  std::string endpoint = flags.endpoint.empty() ? client::DefaultEndpoint() : flags.endpoint;
  client::HttpClient http(flags.token.empty() ? client::DefaultToken() : flags.token,
                          client::RetryPolicy{});
  core::Result<json> items = client::ListRepos(http, endpoint, *type, params, flags.limit);
  if (!items) return ReportClientError(items.error(), false);
  if (flags.json) {
    std::cout << items->dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    return 0;
  }
  PrintTable(*items);
  return 0;
}

}  // namespace

void RegisterSearchCommand(CLI::App& app) {
  auto flags = std::make_shared<SearchFlags>();
  CLI::App* command = app.add_subcommand(
      "search", "List repos matching a query and filters (Hub parameters plus modelhub's own)");
  command->add_option("query", flags->query, "Substring of the repo id");
  command->add_option("--repo-type", flags->repo_type, "model, dataset or space");
  command->add_option("--author", flags->author, "Namespace");
  command->add_option("--filter", flags->filters, "Tag the repo must have (repeatable)");
  command->add_option("--pipeline-tag", flags->pipeline_tag, "Exact pipeline tag");
  command->add_option("--sort", flags->sort,
                      "downloads, likes, lastModified, createdAt, trendingScore, id, "
                      "num_parameters or mainSize");
  command->add_option("--direction", flags->direction, "-1 descending (default), 1 ascending")
      ->check(CLI::IsMember({"-1", "1"}));
  command->add_option("--limit", flags->limit, "At most this many repos (default 20, 0 = all)");
  // Each dedicated flag becomes the server parameter of the same name with '_' for '-'.
  for (const char* name :
       {"params-min", "params-max", "size-min", "size-max", "license-class", "commercial",
        "chain-commercial", "trust-min", "descendants-of", "relation", "has-evals", "gated"}) {
    std::string key = name;
    std::replace(key.begin(), key.end(), '-', '_');
    command->add_option_function<std::string>(
        std::string("--") + name,
        [flags, key](const std::string& value) { flags->extras.emplace_back(key, value); },
        "Server filter " + key);
  }
  command->add_option_function<std::vector<std::string>>(
      "--eval",
      [flags](const std::vector<std::string>& values) {
        for (const std::string& value : values) flags->extras.emplace_back("eval", value);
      },
      "<dataset>:<metric><op><value>[@<shots>], e.g. mmlu:accuracy>=0.6@5 (repeatable)");
  command->add_flag_callback(
      "--eval-verified", [flags] { flags->extras.emplace_back("eval_verified", "true"); },
      "--eval counts verified results only");
  command->add_option("--param", flags->params, "Any other listing parameter, KEY=VALUE");
  command->add_option("--token", flags->token, "Access token (default HF_TOKEN)");
  command->add_option("--endpoint", flags->endpoint, "Hub URL (default HF_ENDPOINT)");
  command->add_flag("--json", flags->json, "Print the repos as a JSON array");
  command->callback([flags] { throw CLI::RuntimeError(RunSearch(*flags)); });
}

}  // namespace modelhub::cli
