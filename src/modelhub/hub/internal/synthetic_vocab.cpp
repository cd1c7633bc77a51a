#include "modelhub/hub/internal/synthetic_vocab.h"

namespace modelhub::hub::internal {
namespace {

constexpr Foundation kFoundations[] = {
    {"meta-llama/Llama-2-7b-hf", "llama-2-7b", "text-generation", "transformers", "llama2",
     6'738'415'616, "llama", "LlamaForCausalLM", "manual", 6},
    {"meta-llama/Meta-Llama-3-8B", "llama-3-8b", "text-generation", "transformers", "llama3",
     8'030'261'248, "llama", "LlamaForCausalLM", "manual", 9},
    {"meta-llama/Llama-3.1-8B", "llama-3.1-8b", "text-generation", "transformers", "llama3.1",
     8'030'261'248, "llama", "LlamaForCausalLM", "manual", 12},
    {"meta-llama/Llama-3.1-70B", "llama-3.1-70b", "text-generation", "transformers", "llama3.1",
     70'553'706'496, "llama", "LlamaForCausalLM", "manual", 2},
    {"meta-llama/Llama-3.2-1B", "llama-3.2-1b", "text-generation", "transformers", "llama3.2",
     1'235'814'400, "llama", "LlamaForCausalLM", "manual", 5},
    {"mistralai/Mistral-7B-v0.1", "mistral-7b", "text-generation", "transformers", "apache-2.0",
     7'241'732'096, "mistral", "MistralForCausalLM", "", 9},
    {"mistralai/Mixtral-8x7B-v0.1", "mixtral-8x7b", "text-generation", "transformers", "apache-2.0",
     46'702'792'704, "mixtral", "MixtralForCausalLM", "", 2},
    {"Qwen/Qwen2.5-7B", "qwen2.5-7b", "text-generation", "transformers", "apache-2.0",
     7'615'616'512, "qwen2", "Qwen2ForCausalLM", "", 9},
    {"Qwen/Qwen2.5-0.5B", "qwen2.5-0.5b", "text-generation", "transformers", "apache-2.0",
     494'032'768, "qwen2", "Qwen2ForCausalLM", "", 5},
    {"google/gemma-2-9b", "gemma-2-9b", "text-generation", "transformers", "gemma", 9'241'705'984,
     "gemma2", "Gemma2ForCausalLM", "manual", 4},
    {"microsoft/phi-2", "phi-2", "text-generation", "transformers", "mit", 2'779'683'840, "phi",
     "PhiForCausalLM", "", 3},
    {"microsoft/Phi-3-mini-4k-instruct", "phi-3-mini", "text-generation", "transformers", "mit",
     3'821'079'552, "phi3", "Phi3ForCausalLM", "", 3},
    {"tiiuae/falcon-7b", "falcon-7b", "text-generation", "transformers", "apache-2.0",
     6'921'720'704, "falcon", "FalconForCausalLM", "", 1.5},
    {"EleutherAI/pythia-1b", "pythia-1b", "text-generation", "transformers", "apache-2.0",
     1'011'781'632, "gpt_neox", "GPTNeoXForCausalLM", "", 1.5},
    {"HuggingFaceTB/SmolLM2-1.7B", "smollm2-1.7b", "text-generation", "transformers", "apache-2.0",
     1'711'376'384, "llama", "LlamaForCausalLM", "", 2},
    {"openai-community/gpt2", "gpt2", "text-generation", "transformers", "mit", 124'439'808, "gpt2",
     "GPT2LMHeadModel", "", 5},
    {"facebook/opt-1.3b", "opt-1.3b", "text-generation", "transformers", "other", 1'315'758'080,
     "opt", "OPTForCausalLM", "", 1},
    {"bigscience/bloom-560m", "bloom-560m", "text-generation", "transformers",
     "bigscience-bloom-rail-1.0", 559'214'592, "bloom", "BloomForCausalLM", "", 1},
    {"google-bert/bert-base-uncased", "bert-base-uncased", "fill-mask", "transformers",
     "apache-2.0", 110'106'428, "bert", "BertForMaskedLM", "", 10},
    {"FacebookAI/roberta-base", "roberta-base", "fill-mask", "transformers", "mit", 124'697'433,
     "roberta", "RobertaForMaskedLM", "", 6},
    {"distilbert/distilbert-base-uncased", "distilbert-base-uncased", "fill-mask", "transformers",
     "apache-2.0", 66'985'530, "distilbert", "DistilBertForMaskedLM", "", 8},
    {"microsoft/deberta-v3-base", "deberta-v3-base", "fill-mask", "transformers", "mit",
     184'422'144, "deberta-v2", "DebertaV2ForMaskedLM", "", 3},
    {"google-t5/t5-base", "t5-base", "translation", "transformers", "apache-2.0", 222'903'552, "t5",
     "T5ForConditionalGeneration", "", 3},
    {"facebook/bart-large", "bart-large", "feature-extraction", "transformers", "apache-2.0",
     406'291'456, "bart", "BartModel", "", 2},
    {"Helsinki-NLP/opus-mt-en-de", "opus-mt-en-de", "translation", "transformers", "cc-by-4.0",
     73'886'208, "marian", "MarianMTModel", "", 1},
    {"openai/whisper-small", "whisper-small", "automatic-speech-recognition", "transformers",
     "apache-2.0", 241'734'912, "whisper", "WhisperForConditionalGeneration", "", 6},
    {"facebook/wav2vec2-base", "wav2vec2-base", "automatic-speech-recognition", "transformers",
     "apache-2.0", 95'044'608, "wav2vec2", "Wav2Vec2ForPreTraining", "", 3},
    {"google/vit-base-patch16-224", "vit-base-patch16-224", "image-classification", "transformers",
     "apache-2.0", 86'567'656, "vit", "ViTForImageClassification", "", 4},
    {"microsoft/resnet-50", "resnet-50", "image-classification", "transformers", "apache-2.0",
     25'557'032, "resnet", "ResNetForImageClassification", "", 2},
    {"facebook/detr-resnet-50", "detr-resnet-50", "object-detection", "transformers", "apache-2.0",
     41'578'400, "detr", "DetrForObjectDetection", "", 1},
    {"stabilityai/stable-diffusion-xl-base-1.0", "sdxl", "text-to-image", "diffusers", "openrail++",
     2'567'463'684, "", "", "", 6},
    {"runwayml/stable-diffusion-v1-5", "sd-1.5", "text-to-image", "diffusers",
     "creativeml-openrail-m", 859'520'964, "", "", "", 4},
    {"black-forest-labs/FLUX.1-dev", "flux-dev", "text-to-image", "diffusers", "other",
     11'901'408'320, "", "", "auto", 4},
    {"sentence-transformers/all-MiniLM-L6-v2", "all-minilm-l6-v2", "sentence-similarity",
     "sentence-transformers", "apache-2.0", 22'713'216, "bert", "BertModel", "", 5},
    {"BAAI/bge-base-en-v1.5", "bge-base-en-v1.5", "feature-extraction", "sentence-transformers",
     "mit", 109'482'240, "bert", "BertModel", "", 3},
    {"openai/clip-vit-base-patch32", "clip-vit-base", "zero-shot-image-classification",
     "transformers", "mit", 151'277'313, "clip", "CLIPModel", "", 2},
    {"llava-hf/llava-1.5-7b-hf", "llava-1.5-7b", "image-text-to-text", "transformers", "llama2",
     7'063'427'072, "llava", "LlavaForConditionalGeneration", "", 1.5},
    {"dslim/bert-base-NER", "bert-base-ner", "token-classification", "transformers", "mit",
     108'317'193, "bert", "BertForTokenClassification", "", 1.5},
};

constexpr Choice kModelPipelines[] = {
    {"text-generation", 26},
    {"", 15},
    {"text-classification", 9},
    {"text-to-image", 6},
    {"automatic-speech-recognition", 4},
    {"image-classification", 4},
    {"reinforcement-learning", 4},
    {"token-classification", 3.5},
    {"text2text-generation", 3},
    {"feature-extraction", 3},
    {"sentence-similarity", 3},
    {"fill-mask", 3},
    {"question-answering", 2},
    {"translation", 2},
    {"image-text-to-text", 2},
    {"summarization", 1},
    {"object-detection", 1},
    {"audio-classification", 1},
    {"text-to-speech", 1},
    {"zero-shot-classification", 0.5},
    {"image-segmentation", 0.5},
};

constexpr Choice kTransformers[] = {{"transformers", 90}, {"", 6}, {"pytorch", 2}, {"keras", 2}};
constexpr Choice kDiffusers[] = {{"diffusers", 85}, {"", 15}};
constexpr Choice kSentence[] = {{"sentence-transformers", 85}, {"transformers", 15}};
constexpr Choice kReinforcement[] = {{"stable-baselines3", 60}, {"ml-agents", 30}, {"", 10}};
constexpr Choice kImage[] = {{"transformers", 70}, {"timm", 25}, {"keras", 5}};
constexpr Choice kSpeech[] = {{"transformers", 80}, {"nemo", 8}, {"speechbrain", 7}, {"", 5}};
constexpr Choice kNoPipeline[] = {{"", 40},     {"transformers", 30}, {"pytorch", 10},
                                  {"keras", 8}, {"sklearn", 5},       {"mlx", 4},
                                  {"onnx", 3}};
constexpr Choice kTokens[] = {{"transformers", 85}, {"spacy", 8}, {"flair", 7}};

constexpr Choice kLicenses[] = {
    {"apache-2.0", 30},
    {"", 25},
    {"mit", 14},
    {"cc-by-nc-4.0", 5},
    {"other", 5},
    {"cc-by-4.0", 4},
    {"openrail", 3},
    {"creativeml-openrail-m", 2},
    {"gpl-3.0", 1.5},
    {"cc-by-sa-4.0", 1.5},
    {"bsd-3-clause", 1},
    {"afl-3.0", 1},
    {"cc-by-nc-sa-4.0", 1},
    {"agpl-3.0", 0.5},
    {"unlicense", 0.5},
    {"wtfpl", 0.3},
    {"cc0-1.0", 0.5},
};

constexpr Choice kLanguageSets[] = {
    {"en", 55},  {"", 20},    {"zh", 3},      {"en|zh", 2},        {"fr", 2},
    {"de", 2},   {"es", 2},   {"ru", 1.5},    {"ja", 1.5},         {"ko", 1},
    {"ar", 1},   {"pt", 1},   {"it", 0.8},    {"vi", 0.6},         {"hi", 0.6},
    {"tr", 0.5}, {"id", 0.5}, {"en|ja", 0.5}, {"multilingual", 1}, {"en|fr|de|es|it", 1},
    {"nl", 0.4}, {"pl", 0.4},
};

constexpr Choice kTextDatasets[] = {
    {"tatsu-lab/alpaca", 8},
    {"HuggingFaceH4/ultrachat_200k", 8},
    {"Open-Orca/OpenOrca", 6},
    {"teknium/OpenHermes-2.5", 6},
    {"HuggingFaceH4/ultrafeedback_binarized", 5},
    {"timdettmers/openassistant-guanaco", 5},
    {"openai/gsm8k", 3},
    {"meta-math/MetaMathQA", 3},
    {"wikitext", 2},
    {"databricks/databricks-dolly-15k", 3},
};
constexpr Choice kClassificationDatasets[] = {
    {"imdb", 10},      {"glue", 8},    {"dair-ai/emotion", 6},      {"yelp_review_full", 4},
    {"tweet_eval", 4}, {"ag_news", 3}, {"financial_phrasebank", 2}, {"multi_nli", 2},
};
constexpr Choice kSpeechDatasets[] = {
    {"mozilla-foundation/common_voice_11_0", 10},
    {"librispeech_asr", 6},
    {"google/fleurs", 3},
};
constexpr Choice kImageDatasets[] = {
    {"cifar10", 6}, {"imagefolder", 10}, {"food101", 3}, {"beans", 3}, {"imagenet-1k", 2},
};
constexpr Choice kTokenDatasets[] = {{"conll2003", 10}, {"wikiann", 4}, {"ncbi_disease", 2}};
constexpr Choice kQaDatasets[] = {{"squad", 10}, {"squad_v2", 6}, {"adversarial_qa", 1}};
constexpr Choice kOtherDatasets[] = {
    {"imagefolder", 3}, {"samsum", 2}, {"cnn_dailymail", 2}, {"wmt16", 2}, {"opus_books", 2}};

constexpr Choice kTextSuffixes[] = {
    {"instruct", 10},  {"chat", 8},        {"sft", 8},      {"dpo", 6},     {"orpo", 2},
    {"alpaca", 3},     {"code", 3},        {"math", 3},     {"medical", 2}, {"roleplay", 3},
    {"uncensored", 2}, {"german", 1},      {"japanese", 1}, {"v2", 4},      {"reasoning", 2},
    {"finetuned", 6},  {"lora-merged", 3}, {"test", 3},     {"128k", 1},    {"checkpoint-500", 2},
};
constexpr Choice kClassificationSuffixes[] = {
    {"finetuned-imdb", 8}, {"sentiment", 6}, {"finetuned-emotion", 6}, {"finetuned-sst2", 4},
    {"toxicity", 2},       {"nli", 2},       {"finetuned-tweets", 3},  {"finetuned", 6},
};
constexpr Choice kSpeechSuffixes[] = {
    {"finetuned-common-voice", 6},
    {"fine-tuned-hindi", 2},
    {"librispeech", 3},
    {"finetuned", 5},
    {"arabic", 2},
    {"german", 2},
};
constexpr Choice kImageSuffixes[] = {
    {"finetuned-eurosat", 4}, {"finetuned-cifar10", 4}, {"food101", 2}, {"beans", 3},
    {"finetuned", 6},
};
constexpr Choice kDiffusionSuffixes[] = {
    {"lora-pokemon", 3}, {"dreambooth-dog", 4}, {"anime", 4},
    {"realistic", 3},    {"pixel-art", 2},      {"finetuned", 4},
};
constexpr Choice kGenericSuffixes[] = {
    {"finetuned", 8}, {"ner", 3}, {"finetuned-squad", 3}, {"v1", 3}, {"custom", 2}, {"test", 3},
};

constexpr Choice kQuantizers[] = {
    {"mradermacher", 30}, {"TheBloke", 25}, {"bartowski", 20},         {"QuantFactory", 8},
    {"MaziyarPanahi", 6}, {"unsloth", 6},   {"lmstudio-community", 5},
};

constexpr const char* kTopNamespaces[] = {
    "Helsinki-NLP",
    "huggingtweets",
    "sb3",
    "Xenova",
    "ThomasSimonini",
    "LoneStriker",
    "nvidia",
    "microsoft",
    "google",
    "facebook",
    "allenai",
    "NousResearch",
    "Intel",
    "intfloat",
    "cognitivecomputations",
    "lmsys",
    "HuggingFaceH4",
    "teknium",
    "jondurbin",
    "deepseek-ai",
    "stabilityai",
    "sentence-transformers",
    "BAAI",
    "Salesforce",
    "amazon",
    "ibm-granite",
    "CohereForAI",
    "01-ai",
    "TinyLlama",
    "WizardLMTeam",
};

constexpr const char* kSyllables[] = {
    "ka",  "lo", "mi",  "ra", "zen",  "tor",  "vi",  "na",   "el",  "ar",  "shi", "do",
    "ben", "jo", "lu",  "pe", "sa",   "ko",   "ri",  "an",   "ma",  "tek", "dev", "ai",
    "nik", "yu", "han", "li", "chen", "wang", "kim", "park", "ali", "raj", "ova", "sky",
};

constexpr Choice kDatasetTasks[] = {
    {"text-generation", 20},     {"text-classification", 15},
    {"question-answering", 10},  {"", 20},
    {"translation", 5},          {"summarization", 4},
    {"image-classification", 6}, {"automatic-speech-recognition", 4},
    {"token-classification", 4}, {"text-to-image", 3},
    {"conversational", 3},
};

constexpr const char* kDatasetTopics[] = {
    "reviews", "instruct", "math",   "code",      "medical", "legal",     "news",
    "tweets",  "wiki",     "chat",   "dpo-pairs", "qa",      "summaries", "captions",
    "speech",  "receipts", "emails", "finance",   "poems",   "recipes",
};

constexpr Choice kSpaceSdks[] = {{"gradio", 60}, {"streamlit", 20}, {"docker", 12}, {"static", 8}};

constexpr const char* kSpaceWords[] = {
    "chat",  "demo",       "playground", "leaderboard", "arena",    "image-gen",
    "voice", "translator", "summarizer", "detector",    "explorer", "viewer",
    "tts",   "whisper",    "rag",        "assistant",
};

}  // namespace

std::span<const Foundation> Foundations() { return kFoundations; }
std::span<const Choice> ModelPipelines() { return kModelPipelines; }

std::span<const Choice> LibrariesFor(std::string_view pipeline) {
  if (pipeline == "text-to-image") return kDiffusers;
  if (pipeline == "sentence-similarity") return kSentence;
  if (pipeline == "reinforcement-learning") return kReinforcement;
  if (pipeline == "image-classification") return kImage;
  if (pipeline == "automatic-speech-recognition") return kSpeech;
  if (pipeline == "token-classification") return kTokens;
  if (pipeline.empty()) return kNoPipeline;
  return kTransformers;
}

std::span<const Choice> Licenses() { return kLicenses; }
std::span<const Choice> LanguageSets() { return kLanguageSets; }

std::span<const Choice> TrainingDatasets(std::string_view pipeline) {
  if (pipeline == "text-generation" || pipeline == "image-text-to-text") return kTextDatasets;
  if (pipeline == "text-classification" || pipeline == "zero-shot-classification") {
    return kClassificationDatasets;
  }
  if (pipeline == "automatic-speech-recognition") return kSpeechDatasets;
  if (pipeline == "image-classification") return kImageDatasets;
  if (pipeline == "token-classification") return kTokenDatasets;
  if (pipeline == "question-answering") return kQaDatasets;
  return kOtherDatasets;
}

std::span<const Choice> FinetuneSuffixes(std::string_view pipeline) {
  if (pipeline == "text-generation" || pipeline == "image-text-to-text") return kTextSuffixes;
  if (pipeline == "text-classification" || pipeline == "fill-mask") {
    return kClassificationSuffixes;
  }
  if (pipeline == "automatic-speech-recognition") return kSpeechSuffixes;
  if (pipeline == "image-classification") return kImageSuffixes;
  if (pipeline == "text-to-image") return kDiffusionSuffixes;
  return kGenericSuffixes;
}

std::span<const Choice> Quantizers() { return kQuantizers; }
std::span<const char* const> TopNamespaces() { return kTopNamespaces; }
std::span<const char* const> NameSyllables() { return kSyllables; }
std::span<const Choice> DatasetTasks() { return kDatasetTasks; }
std::span<const char* const> DatasetTopics() { return kDatasetTopics; }
std::span<const Choice> SpaceSdks() { return kSpaceSdks; }
std::span<const char* const> SpaceWords() { return kSpaceWords; }

}  // namespace modelhub::hub::internal
