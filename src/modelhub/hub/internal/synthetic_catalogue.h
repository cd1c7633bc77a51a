// SyntheticCatalogue: plans the repos of a synthetic Hub-like catalogue, one at a time, as a pure
// function of (seed, counts): ids, files, timestamps and counters. Models come first (a few
// well-known bases, then originals, fine-tunes, adapters, quantisations and merges whose base_model
// chains reach back through earlier models), then datasets, then spaces. Not thread-safe.
#ifndef MODELHUB_HUB_INTERNAL_SYNTHETIC_CATALOGUE_H_
#define MODELHUB_HUB_INTERNAL_SYNTHETIC_CATALOGUE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "modelhub/core/ids.h"

namespace modelhub::hub::internal {

struct SyntheticFile {
  std::string path;
  std::string content;
  bool lfs = false;  // stored in the blob store, committed as an lfsFile
};

struct SyntheticRepo {
  core::RepoType type = core::RepoType::kModel;
  core::RepoId id;
  bool is_private = false;
  std::string gated;  // "", "auto" or "manual"
  std::string sdk;    // spaces
  std::vector<SyntheticFile> files;
  int64_t created_at = 0;     // ms since the epoch
  int64_t last_modified = 0;  // ms
  int64_t downloads = 0;      // last 30 days, as the Hub counts them
  int64_t downloads_all_time = 0;
  int64_t likes = 0;
  double trending = 0;  // recent-activity score
};

class SyntheticCatalogue {
 public:
  SyntheticCatalogue(uint64_t seed, size_t models, size_t datasets, size_t spaces);
  ~SyntheticCatalogue();
  SyntheticCatalogue(const SyntheticCatalogue&) = delete;
  SyntheticCatalogue& operator=(const SyntheticCatalogue&) = delete;

  size_t size() const;
  bool Done() const;
  // The next repo in creation order. Must not be called once Done().
  SyntheticRepo Next();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace modelhub::hub::internal

#endif  // MODELHUB_HUB_INTERNAL_SYNTHETIC_CATALOGUE_H_
