// HubApplication: the Hugging Face Hub protocol (spec/hub-api.md) on top of the repo service.
//
// Routes are thin adapters: they parse and validate HTTP input, call hub::RepoService and render
// JSON exactly as the clients read it. It owns no repo state; the service and access objects are
// borrowed and must outlive it. Thread-safe: the server calls it from all of its worker threads.
#ifndef MODELHUB_SERVER_API_HUB_APPLICATION_H_
#define MODELHUB_SERVER_API_HUB_APPLICATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modelhub/hub/access.h"
#include "modelhub/hub/repo_service.h"
#include "modelhub/server/api/listing_cache.h"
#include "modelhub/server/api/rate_limiter.h"
#include "modelhub/server/http/message.h"

namespace modelhub::server::api {

struct HubOptions {
  // Base URL the clients reach this server at, without a trailing '/'. "" derives it from each
  // request's Host header ("http://" + Host); behind TLS or a proxy set it explicitly, because
  // Python re-parses the URLs it gets back against its HF_ENDPOINT (spec §6.1).
  std::string public_url;
  // JSON and form bodies (repo create, paths-info, preupload, LFS batch) are buffered.
  uint64_t max_json_body = 64ull << 20;
  // NDJSON commit bodies are buffered and then base64-decoded, so a request peaks at about twice
  // this in memory. 256 MiB holds thousands of regular files; large files go through LFS anyway
  // (clients switch to LFS at 10 MB per file, spec §6.2 step 1).
  uint64_t max_commit_body = 256ull << 20;
  // Where multipart LFS parts wait for their completion call; must be on the data disk (parts of
  // one object add up to its size). "" = "<system temp dir>/modelhub-multipart".
  std::string multipart_dir;
  // Objects above this size are uploaded in parts of this size when the client offers multipart
  // (spec §6.3). 64 MiB keeps part counts low for Python's sequential part uploads while a failed
  // part costs little to resend.
  uint64_t multipart_chunk_size = 64ull << 20;
  // Lifetime of signed LFS upload/download URLs: long enough for a slow multi-GB upload.
  int64_t signed_url_seconds = 24 * 3600;
  // Rendered listing pages kept while the database is unchanged (listing_cache.h); 0 disables.
  size_t listing_cache_bytes = 64ull << 20;
  // Requests per token (or per address for anonymous callers) and 5-minute window, generous
  // enough for CI pipelines that download whole model families; 0 disables a budget.
  RateLimitOptions rate_limits{
      .api_requests = 10'000, .resolver_requests = 50'000, .window_seconds = 300};
  // Site admins calling from the machine itself (operators, scripts, the test harness) are not
  // counted unless this is set.
  bool rate_limit_loopback_admin = false;
  // git push may rewrite history (non-fast-forward branch updates, moving tags) when forced.
  bool git_allow_force_push = false;
};

class HubApplication : public http::Application {
 public:
  HubApplication(hub::RepoService& service, hub::Access& access, HubOptions options);

  http::BodyPlan PlanBody(const http::Request& request) override;
  http::Response Handle(http::Request& request) override;

 private:
  http::Response Dispatch(http::Request& request);
  // The rate-limit decision for `caller` (nullopt when not counted).
  std::optional<RateLimiter::Decision> CountRequest(const hub::Caller& caller,
                                                    const std::vector<std::string>& segments);

  hub::RepoService& service_;
  hub::Access& access_;
  HubOptions options_;
  ListingCache listing_cache_;
  RateLimiter rate_limiter_;
};

}  // namespace modelhub::server::api

#endif  // MODELHUB_SERVER_API_HUB_APPLICATION_H_
