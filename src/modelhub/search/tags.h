// The tags of a repo, derived as the Hub derives them: from the card metadata (library, pipeline
// tag, free tags, license, languages, datasets, base models) and from the files it holds.
#ifndef MODELHUB_SEARCH_TAGS_H_
#define MODELHUB_SEARCH_TAGS_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "modelhub/core/ids.h"

namespace modelhub::search {

// Tags in a stable order without duplicates. `card_data` may be null; `paths` are all file paths.
std::vector<std::string> DeriveTags(core::RepoType type, const nlohmann::json& card_data,
                                    const std::vector<std::string>& paths);

}  // namespace modelhub::search

#endif  // MODELHUB_SEARCH_TAGS_H_
