#include "modelhub/hub/internal/synthetic_catalogue.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <unordered_set>

#include "modelhub/hub/internal/synthetic_content.h"
#include "modelhub/hub/internal/synthetic_random.h"
#include "modelhub/hub/internal/synthetic_vocab.h"

namespace modelhub::hub::internal {
namespace {

// The catalogue's timeline: the first repo appears at kStart, "now" is kEnd (fixed, so that the
// same seed gives the same timestamps on every run). Repos per day grow exponentially.
constexpr int64_t kStart = 1'590'969'600'000;  // 2020-06-01T00:00:00Z
constexpr int64_t kEnd = 1'793'491'200'000;    // 2026-11-01T00:00:00Z
constexpr double kDayMs = 86'400'000.0;
constexpr double kGrowthPerYear = 0.7;  // about 2x more new repos each year

enum Stream : uint64_t { kModels = 1, kDatasets, kSpaces, kNamespaces };

const char* Pick(std::span<const Choice> choices, SyntheticRandom& random) {
  double total = 0;
  for (const Choice& choice : choices) total += choice.weight;
  double point = random.Uniform() * total;
  for (const Choice& choice : choices) {
    if (point < choice.weight) return choice.value;
    point -= choice.weight;
  }
  return choices.back().value;
}

template <typename T>
T PickOne(std::span<const T> items, SyntheticRandom& random) {
  return items[random.Below(items.size())];
}

std::vector<std::string> SplitLanguages(std::string_view set) {
  std::vector<std::string> out;
  while (!set.empty()) {
    size_t bar = set.find('|');
    out.emplace_back(set.substr(0, bar));
    if (bar == std::string_view::npos) break;
    set.remove_prefix(bar + 1);
  }
  return out;
}

// A repo name part the Hub accepts: word characters, '-' and '.', no "--" or "..", at most 96.
std::string CleanName(std::string name, size_t max_size = 96) {
  std::string out;
  for (char c : name) {
    bool word = std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    if (!word && c != '-' && c != '.') c = '-';
    if ((c == '-' || c == '.') && (out.empty() || out.back() == '-' || out.back() == '.')) continue;
    out += c;
    if (out.size() >= max_size) break;
  }
  while (!out.empty() && (out.back() == '-' || out.back() == '.')) out.pop_back();
  if (out.ends_with(".git")) out += "-model";
  return out.empty() ? "model" : out;
}

std::string Syllables(SyntheticRandom& random, size_t count) {
  std::string word;
  for (size_t i = 0; i < count; ++i) word += PickOne(NameSyllables(), random);
  return word;
}

struct ModelNode {
  std::string id;
  int32_t parent = -1;
  int32_t foundation = 0;
  ModelKind kind = ModelKind::kRoot;
  uint8_t depth = 0;
  const char* pipeline = "";
  const char* library = "";
  const char* license = "";
  const char* languages = "";
  int64_t parameters = 0;
};

std::string NameOf(const std::string& id) { return id.substr(id.find('/') + 1); }

int64_t TimeAt(size_t index, size_t count, SyntheticRandom& random) {
  double fraction = (static_cast<double>(index) + random.Uniform()) / static_cast<double>(count);
  double years = static_cast<double>(kEnd - kStart) / (365.25 * kDayMs);
  double at = std::log1p(fraction * std::expm1(kGrowthPerYear * years)) / kGrowthPerYear;
  return kStart + static_cast<int64_t>(at * 365.25 * kDayMs);
}

int64_t ModifiedAfter(int64_t created, SyntheticRandom& random) {
  double delay =
      random.Chance(0.45) ? random.Uniform(0, 3'600'000) : random.Exponential(45 * kDayMs);
  return std::min(kEnd, created + static_cast<int64_t>(delay));
}

// All-time downloads: about one month's worth per month of age, varying.
int64_t AllTime(int64_t downloads, int64_t created, SyntheticRandom& random) {
  double months = static_cast<double>(kEnd - created) / (30 * kDayMs);
  return downloads +
         static_cast<int64_t>(static_cast<double>(downloads) * months * random.Uniform(0.3, 1.0));
}

double Trending(int64_t likes, int64_t last_modified, SyntheticRandom& random) {
  double age_days = static_cast<double>(kEnd - last_modified) / kDayMs;
  double score = static_cast<double>(likes) * random.Uniform(0.02, 0.3) * std::exp(-age_days / 21);
  if (random.Chance(0.01)) score += random.Pareto(1, 1.5);
  return std::floor(score * 10) / 10;
}

// Parameter counts of original models snap to 1, 2 or 5 times a power of ten, so that the
// safetensors headers (LFS objects, each written and fsynced once) stay a few thousand.
int64_t RoundParameters(double parameters) {
  double power = std::pow(10.0, std::floor(std::log10(std::max(parameters, 1.0))));
  double leading = parameters / power;
  double step = leading < 1.5 ? 1 : leading < 3.5 ? 2 : leading < 7.5 ? 5 : 10;
  return static_cast<int64_t>(step * power);
}

std::string Dtype(int64_t parameters, SyntheticRandom& random) {
  if (parameters > 1'000'000'000) return random.Chance(0.6) ? "BF16" : "F16";
  return random.Chance(0.7) ? "F32" : "F16";
}

}  // namespace

struct SyntheticCatalogue::State {
  uint64_t seed = 0;
  size_t models = 0, datasets = 0, spaces = 0;
  size_t next = 0;
  size_t namespace_count = 0;
  std::vector<ModelNode> nodes;
  std::vector<uint32_t> text_generation;  // nodes that can be merged
  std::vector<double> foundation_weights;
  std::unordered_set<std::string> taken;  // "<type>/<namespace>/<name>"

  std::string Namespace(size_t rank) {
    auto top = TopNamespaces();
    if (rank < top.size()) return top[rank];
    SyntheticRandom random = SyntheticRandom::For(seed, kNamespaces, rank);
    std::string name = Syllables(random, 2 + random.Below(2));
    if (random.Chance(0.3)) name += "-" + Syllables(random, 2);
    // The rank keeps generated names distinct from each other (syllables hold no digits).
    return name + std::to_string(rank);
  }

  std::string AnyNamespace(SyntheticRandom& random) {
    return Namespace(random.PowerLawRank(namespace_count, 0.8));
  }

  // A free id of `type` for `name` in `ns` (suffixing -2, -3, ... when taken).
  core::RepoId Claim(core::RepoType type, const std::string& ns, const std::string& wanted) {
    std::string base = CleanName(wanted, 88);
    std::string name = base;
    std::string prefix = std::string(core::RepoTypeName(type)) + "/" + ns + "/";
    for (int n = 2; !taken.insert(prefix + name).second; ++n) name = base + "-" + std::to_string(n);
    return core::RepoId{ns, name};
  }

  int32_t FoundationParent(SyntheticRandom& random) {
    size_t available = std::min(Foundations().size(), models);
    return static_cast<int32_t>(
        random.Weighted(std::span<const double>(foundation_weights).first(available)));
  }

  // A parent for a derived model: a well-known base or, as often, any earlier model (quantised
  // models are not fine-tuned further, their own base is taken instead).
  int32_t Parent(SyntheticRandom& random) {
    if (random.Chance(0.45)) return FoundationParent(random);
    auto index = static_cast<int32_t>(random.Below(nodes.size()));
    if (nodes[index].kind == ModelKind::kQuantized) index = nodes[index].parent;
    return index;
  }

  SyntheticRepo NextModel(size_t index);
  SyntheticRepo NextDataset(size_t index);
  SyntheticRepo NextSpace(size_t index);
  void ModelFiles(const ModelNode& node, const ModelCardFields& card, const std::string& flavor,
                  SyntheticRandom& random, SyntheticRepo& repo);
};

SyntheticCatalogue::SyntheticCatalogue(uint64_t seed, size_t models, size_t datasets, size_t spaces)
    : state_(std::make_unique<State>()) {
  state_->seed = seed;
  state_->models = models;
  state_->datasets = datasets;
  state_->spaces = spaces;
  state_->namespace_count = std::max<size_t>(64, (models + datasets + spaces) / 4);
  state_->nodes.reserve(models);
  for (const Foundation& foundation : Foundations()) {
    state_->foundation_weights.push_back(foundation.popularity);
  }
}

SyntheticCatalogue::~SyntheticCatalogue() = default;

size_t SyntheticCatalogue::size() const {
  return state_->models + state_->datasets + state_->spaces;
}

bool SyntheticCatalogue::Done() const { return state_->next >= size(); }

SyntheticRepo SyntheticCatalogue::Next() {
  size_t index = state_->next++;
  if (index < state_->models) return state_->NextModel(index);
  index -= state_->models;
  if (index < state_->datasets) return state_->NextDataset(index);
  return state_->NextSpace(index - state_->datasets);
}

SyntheticRepo SyntheticCatalogue::State::NextModel(size_t index) {
  SyntheticRandom random = SyntheticRandom::For(seed, kModels, index);
  auto foundations = Foundations();
  SyntheticRepo repo;
  ModelNode node;
  ModelCardFields card;
  std::string flavor;  // quantisation: gguf, awq, gptq, bitsandbytes
  std::vector<int32_t> parents;
  if (index < foundations.size()) {
    const Foundation& base = foundations[index];
    node.id = base.id;
    node.foundation = static_cast<int32_t>(index);
    node.pipeline = base.pipeline;
    node.library = base.library;
    node.license = base.license;
    node.languages = std::string_view(base.family).starts_with("whisper") ? "multilingual" : "en";
    node.parameters = base.parameters;
    repo.gated = base.gated;
    auto slash = node.id.find('/');
    repo.id = Claim(core::RepoType::kModel, node.id.substr(0, slash), node.id.substr(slash + 1));
  } else {
    static constexpr double kKinds[] = {0.30, 0.36, 0.12, 0.16, 0.06};
    node.kind = static_cast<ModelKind>(random.Weighted(kKinds));
    if (node.kind == ModelKind::kQuantized && !text_generation.empty() && random.Chance(0.6)) {
      // Quantisers pick chat and instruct models, rarely anything else.
      parents.push_back(
          static_cast<int32_t>(text_generation[random.Below(text_generation.size())]));
    } else if (node.kind != ModelKind::kRoot) {
      parents.push_back(Parent(random));
    }
    if (node.kind == ModelKind::kQuantized) {
      std::string_view pipeline = nodes[parents[0]].pipeline;
      if (pipeline != "text-generation" && pipeline != "image-text-to-text") {
        node.kind = ModelKind::kFinetune;
      }
    }
    if (node.kind == ModelKind::kMerge) {
      parents.clear();
      size_t wanted = 2 + random.Below(2);
      for (int attempt = 0; attempt < 8 && parents.size() < wanted && !text_generation.empty();
           ++attempt) {
        auto pick = static_cast<int32_t>(
            random.Chance(0.4) ? FoundationParent(random)
                               : text_generation[random.Below(text_generation.size())]);
        if (std::string_view(nodes[pick].pipeline) == "text-generation" &&
            std::find(parents.begin(), parents.end(), pick) == parents.end()) {
          parents.push_back(pick);
        }
      }
      if (parents.size() < 2) {
        node.kind = ModelKind::kFinetune;
        parents.assign(1, Parent(random));
      }
    }
    std::string ns = AnyNamespace(random);
    std::string name;
    if (node.kind == ModelKind::kRoot) {
      node.pipeline = Pick(ModelPipelines(), random);
      node.library = Pick(LibrariesFor(node.pipeline), random);
      node.license = Pick(Licenses(), random);
      node.languages = Pick(LanguageSets(), random);
      std::vector<int32_t> same_task;
      for (size_t f = 0; f < foundations.size(); ++f) {
        if (std::string_view(foundations[f].pipeline) == node.pipeline) {
          same_task.push_back(static_cast<int32_t>(f));
        }
      }
      node.foundation = same_task.empty() ? static_cast<int32_t>(random.Below(foundations.size()))
                                          : same_task[random.Below(same_task.size())];
      static constexpr double kScales[] = {0.1, 0.25, 0.5, 1, 1, 1, 2};
      node.parameters =
          same_task.empty()
              ? RoundParameters(std::min(2e11, random.Pareto(1e5, 0.45)))
              : static_cast<int64_t>(static_cast<double>(foundations[node.foundation].parameters) *
                                     kScales[random.Below(7)]);
      if (std::string_view(node.pipeline) == "reinforcement-learning") {
        static constexpr const char* kAlgos[] = {"ppo", "dqn", "a2c", "sac", "td3"};
        static constexpr const char* kEnvs[] = {
            "LunarLander-v2", "CartPole-v1", "SpaceInvadersNoFrameskip-v4", "Pyramids",
            "SnowballTarget", "Huggy",       "PandaReachDense-v3"};
        name = std::string(kAlgos[random.Below(5)]) + "-" + kEnvs[random.Below(7)];
        node.languages = "";
        node.parameters = RoundParameters(random.Uniform(1e4, 1e6));
      } else {
        static constexpr const char* kPrefixes[] = {"my", "tiny", "small", "custom", "distilled"};
        name =
            (random.Chance(0.5) ? std::string(kPrefixes[random.Below(5)]) : Syllables(random, 2)) +
            "-" + foundations[node.foundation].family;
        if (random.Chance(0.3)) name += "-v" + std::to_string(1 + random.Below(4));
      }
    } else {
      const ModelNode& parent = nodes[parents[0]];
      node.foundation = parent.foundation;
      node.pipeline = parent.pipeline;
      node.library = parent.library;
      node.license = random.Chance(0.7) ? parent.license : Pick(Licenses(), random);
      node.languages = random.Chance(0.8) ? parent.languages : Pick(LanguageSets(), random);
      node.parameters = parent.parameters;
      std::string parent_name = NameOf(parent.id);
      if (parent_name.size() > 48) parent_name = foundations[parent.foundation].family;
      switch (node.kind) {
        case ModelKind::kFinetune:
          if (std::string_view(parent.pipeline) == "fill-mask" && random.Chance(0.8)) {
            static constexpr const char* kDownstream[] = {
                "text-classification", "token-classification", "question-answering"};
            node.pipeline = kDownstream[random.Below(3)];
          }
          name = parent_name + "-" + Pick(FinetuneSuffixes(node.pipeline), random);
          if (random.Chance(0.2))
            name += "-" + std::string(Pick(FinetuneSuffixes(node.pipeline), random));
          if (random.Chance(0.4)) card.relation = "finetune";
          break;
        case ModelKind::kAdapter: {
          node.library = "peft";
          name = parent_name + (random.Chance(0.6) ? "-lora" : "-qlora");
          if (random.Chance(0.5))
            name += "-" + std::string(Pick(FinetuneSuffixes(node.pipeline), random));
          if (random.Chance(0.7)) card.relation = "adapter";
          int64_t rank = int64_t{8} << random.Below(4);
          node.parameters = std::max<int64_t>(4096, parent.parameters / 4096 * rank / 8);
          break;
        }
        case ModelKind::kQuantized: {
          static constexpr double kFlavors[] = {0.6, 0.12, 0.13, 0.15};
          static constexpr const char* kFlavorNames[] = {"gguf", "awq", "gptq", "bitsandbytes"};
          flavor = kFlavorNames[random.Weighted(kFlavors)];
          node.library = flavor == "gguf" ? "" : "transformers";
          node.license = random.Chance(0.9) ? parent.license : node.license;
          node.languages = parent.languages;
          if (random.Chance(0.7)) ns = Pick(Quantizers(), random);
          if (flavor == "gguf") {
            name =
                parent_name + (ns == "mradermacher" && random.Chance(0.5) ? "-i1-GGUF" : "-GGUF");
          } else if (flavor == "bitsandbytes") {
            name = parent_name + "-bnb-4bit";
          } else {
            name = parent_name + (flavor == "awq" ? "-AWQ" : "-GPTQ");
          }
          if (random.Chance(0.6)) card.relation = "quantized";
          break;
        }
        case ModelKind::kMerge: {
          node.library = "transformers";
          std::string other = NameOf(nodes[parents[1]].id);
          name = parent_name.substr(0, 24) + "-" + other.substr(0, 24) +
                 (random.Chance(0.5) ? "-slerp" : "-ties-merge");
          if (random.Chance(0.8)) card.relation = "merge";
          break;
        }
        case ModelKind::kRoot:
          break;
      }
      for (int32_t p : parents) node.depth = std::max<uint8_t>(node.depth, nodes[p].depth + 1);
    }
    repo.is_private = random.Chance(0.01);
    if (random.Chance(0.005)) repo.gated = "auto";
    repo.id = Claim(core::RepoType::kModel, ns, name);
    node.id = repo.id.ToString();
    node.parent = parents.empty() ? -1 : parents[0];
  }
  node.kind = index < foundations.size() ? ModelKind::kRoot : node.kind;

  card.id = node.id;
  card.kind = node.kind;
  card.pipeline = node.pipeline;
  card.library = node.library;
  card.license = node.license;
  card.languages = SplitLanguages(node.languages);
  for (int32_t p : parents) card.base_models.push_back(nodes[p].id);
  if (node.kind != ModelKind::kQuantized && node.kind != ModelKind::kMerge && random.Chance(0.4)) {
    card.datasets.push_back(Pick(TrainingDatasets(node.pipeline), random));
  }
  if (node.kind == ModelKind::kMerge) card.tags = {"mergekit", "merge"};
  if (flavor == "gguf") card.tags = {"gguf", "llama-cpp"};
  if (flavor == "awq" || flavor == "gptq") card.tags = {"4-bit", flavor};
  if (flavor == "bitsandbytes") card.tags = {"unsloth", "4-bit", "bitsandbytes"};
  if (node.library == std::string_view("transformers") && random.Chance(0.3)) {
    card.tags.push_back(random.Chance(0.5) ? "generated_from_trainer" : "trl");
  }
  card.parameters = node.parameters;
  double evals = node.kind == ModelKind::kQuantized                     ? 0.02
                 : std::string_view(node.pipeline) == "text-generation" ? 0.14
                                                                        : 0.09;
  card.model_index = !std::string_view(node.pipeline).empty() &&
                     std::string_view(node.pipeline) != "reinforcement-learning" &&
                     random.Chance(evals);
  card.verified = card.model_index && random.Chance(0.05);

  repo.type = core::RepoType::kModel;
  repo.files.push_back({"README.md", ModelCard(card, random), false});
  ModelFiles(node, card, flavor, random, repo);

  repo.created_at = TimeAt(index, models, random);
  repo.last_modified = ModifiedAfter(repo.created_at, random);
  if (index < foundations.size()) {
    double popularity = foundations[index].popularity;
    repo.downloads = static_cast<int64_t>(5e5 * popularity * random.Pareto(1, 1.2));
    repo.likes = static_cast<int64_t>(800 * popularity * random.Pareto(1, 1.5));
  } else {
    double downloads = random.Pareto(1, 0.55) - 1;
    if (node.kind == ModelKind::kQuantized && random.Chance(0.5)) downloads *= 3;
    repo.downloads = static_cast<int64_t>(std::min(2e7, downloads));
    repo.likes = static_cast<int64_t>(std::pow(static_cast<double>(repo.downloads), 0.6) *
                                      random.Uniform(0, 0.15));
    if (random.Chance(0.2)) repo.likes += static_cast<int64_t>(random.Pareto(1, 1.3)) - 1;
    repo.likes = std::min<int64_t>(repo.likes, 20'000);
  }
  repo.trending = Trending(repo.likes, repo.last_modified, random);
  repo.downloads_all_time = AllTime(repo.downloads, repo.created_at, random);

  if (std::string_view(node.pipeline) == "text-generation" && node.kind != ModelKind::kQuantized &&
      node.kind != ModelKind::kAdapter) {
    text_generation.push_back(static_cast<uint32_t>(nodes.size()));
  }
  nodes.push_back(std::move(node));
  return repo;
}

void SyntheticCatalogue::State::ModelFiles(const ModelNode& node, const ModelCardFields& card,
                                           const std::string& flavor, SyntheticRandom& random,
                                           SyntheticRepo& repo) {
  const Foundation& family = Foundations()[node.foundation];
  std::string_view pipeline = node.pipeline;
  std::string name = repo.id.name;
  if (node.kind == ModelKind::kAdapter) {
    repo.files.push_back(
        {"adapter_config.json", AdapterConfig(card.base_models.front(), 16, node.pipeline), false});
    repo.files.push_back(
        {"adapter_model.safetensors",
         SafetensorsHeaderOnly(node.parameters, random.Chance(0.5) ? "F32" : "BF16"), true});
    return;
  }
  if (flavor == "gguf") {
    repo.files.push_back({name + ".Q4_K_M.gguf", "GGUF\x03 Q4_K_M", true});
    repo.files.push_back({name + ".Q8_0.gguf", "GGUF\x03 Q8_0", true});
    if (random.Chance(0.5)) repo.files.push_back({name + ".Q5_K_M.gguf", "GGUF\x03 Q5_K_M", true});
    return;
  }
  if (pipeline == "reinforcement-learning") {
    repo.files.push_back({name + ".zip", "PK\x03\x04 " + std::string(node.library), true});
    repo.files.push_back({"results.json",
                          "{\"mean_reward\": " + std::to_string(random.Below(300)) +
                              ".0, \"n_eval_episodes\": 10}\n",
                          false});
    return;
  }
  if (pipeline == "text-to-image" || std::string_view(family.model_type).empty()) {
    repo.files.push_back({"model_index.json",
                          "{\n  \"_class_name\": \"StableDiffusionPipeline\",\n  "
                          "\"_diffusers_version\": \"0.31.0\"\n}\n",
                          false});
    repo.files.push_back({"unet/diffusion_pytorch_model.safetensors",
                          SafetensorsHeaderOnly(node.parameters, "F16"), true});
    return;
  }
  std::string quantization = flavor;
  repo.files.push_back(
      {"config.json",
       ModelConfig(family.model_type, family.architecture, node.parameters, quantization), false});
  if (node.kind == ModelKind::kMerge) {
    std::string yaml = "slices:\n";
    for (const auto& base : card.base_models) {
      yaml += "  - sources:\n      - model: " + base + "\n        layer_range: [0, 32]\n";
    }
    repo.files.push_back(
        {"mergekit_config.yml", yaml + "merge_method: slerp\ndtype: bfloat16\n", false});
  }
  if (!quantization.empty()) {
    bool packed_int32 = quantization != "bitsandbytes";
    repo.files.push_back({"model.safetensors",
                          SafetensorsHeaderOnly(node.parameters / (packed_int32 ? 8 : 2),
                                                packed_int32 ? "I32" : "U8"),
                          true});
    return;
  }
  double weights = random.Uniform();
  if (weights < 0.75) {
    std::string dtype = Dtype(node.parameters, random);
    int64_t shards = std::min<int64_t>(8, 1 + node.parameters / 5'000'000'000);
    for (int64_t shard = 1; shard <= shards; ++shard) {
      int64_t count = node.parameters / shards + (shard == shards ? node.parameters % shards : 0);
      char path[64];
      std::snprintf(path, sizeof path, "model-%05lld-of-%05lld.safetensors",
                    static_cast<long long>(shard), static_cast<long long>(shards));
      repo.files.push_back(
          {shards == 1 ? "model.safetensors" : path, SafetensorsHeaderOnly(count, dtype), true});
    }
  } else if (weights < 0.9) {
    repo.files.push_back({"pytorch_model.bin", "PK\x03\x04 pytorch", true});
  }
}

SyntheticRepo SyntheticCatalogue::State::NextDataset(size_t index) {
  SyntheticRandom random = SyntheticRandom::For(seed, kDatasets, index);
  SyntheticRepo repo;
  repo.type = core::RepoType::kDataset;
  std::string task = Pick(DatasetTasks(), random);
  std::string license = Pick(Licenses(), random);
  std::string languages = Pick(LanguageSets(), random);
  std::string name = std::string(PickOne(DatasetTopics(), random)) + "-" + Syllables(random, 2);
  if (!languages.empty() && languages.find('|') == std::string::npos && random.Chance(0.3)) {
    name += "-" + languages;
  }
  if (random.Chance(0.15)) name += "-v" + std::to_string(2 + random.Below(3));
  repo.id = Claim(repo.type, AnyNamespace(random), name);
  repo.is_private = random.Chance(0.02);
  static constexpr Choice kSizes[] = {{"n<1K", 25},      {"1K<n<10K", 30}, {"10K<n<100K", 25},
                                      {"100K<n<1M", 13}, {"1M<n<10M", 6},  {"10M<n<100M", 1}};
  repo.files.push_back({"README.md",
                        DatasetCard(repo.id.ToString(), task, license, SplitLanguages(languages),
                                    Pick(kSizes, random), random),
                        false});
  repo.files.push_back({"data/train-00000-of-00001.parquet",
                        "PAR1 train " + std::to_string(random.Below(64)), true});
  if (random.Chance(0.4)) {
    repo.files.push_back({"data/test-00000-of-00001.parquet",
                          "PAR1 test " + std::to_string(random.Below(64)), true});
  }
  repo.created_at = TimeAt(index, datasets, random);
  repo.last_modified = ModifiedAfter(repo.created_at, random);
  repo.downloads = static_cast<int64_t>(std::min(2e7, random.Pareto(1, 0.6) - 1));
  repo.likes = std::min<int64_t>(10'000, static_cast<int64_t>(random.Pareto(1, 1.1)) - 1);
  repo.trending = Trending(repo.likes, repo.last_modified, random);
  repo.downloads_all_time = AllTime(repo.downloads, repo.created_at, random);
  return repo;
}

SyntheticRepo SyntheticCatalogue::State::NextSpace(size_t index) {
  SyntheticRandom random = SyntheticRandom::For(seed, kSpaces, index);
  SyntheticRepo repo;
  repo.type = core::RepoType::kSpace;
  repo.sdk = Pick(SpaceSdks(), random);
  std::string first = PickOne(SpaceWords(), random);
  std::string second = PickOne(SpaceWords(), random);
  repo.id = Claim(repo.type, AnyNamespace(random), first + "-" + second);
  repo.is_private = random.Chance(0.03);
  std::vector<std::string> linked_models;
  for (size_t i = 0, count = random.Below(3); i < count && !nodes.empty(); ++i) {
    linked_models.push_back(nodes[random.Chance(0.5) ? static_cast<size_t>(FoundationParent(random))
                                                     : random.Below(nodes.size())]
                                .id);
  }
  repo.files.push_back(
      {"README.md",
       SpaceCard(first + " " + second, repo.sdk, Pick(Licenses(), random), linked_models, random),
       false});
  if (repo.sdk == "docker") {
    repo.files.push_back({"Dockerfile",
                          "FROM python:3.11\nCOPY . /app\nCMD [\"python\", \"/app/app.py\"]\n",
                          false});
  } else if (repo.sdk == "static") {
    repo.files.push_back({"index.html", "<!doctype html><title>" + first + "</title>\n", false});
  }
  if (repo.sdk != "static") {
    repo.files.push_back(
        {"app.py",
         "import " + std::string(repo.sdk == "streamlit" ? "streamlit as st" : "gradio as gr") +
             "\n# " + first + " " + second + "\n",
         false});
    repo.files.push_back({"requirements.txt", "transformers\ntorch\n", false});
  }
  repo.created_at = TimeAt(index, spaces, random);
  repo.last_modified = ModifiedAfter(repo.created_at, random);
  repo.likes = std::min<int64_t>(20'000, static_cast<int64_t>(random.Pareto(1, 0.8)) - 1);
  repo.trending = Trending(repo.likes, repo.last_modified, random);
  repo.downloads_all_time = AllTime(repo.downloads, repo.created_at, random);
  return repo;
}

}  // namespace modelhub::hub::internal
