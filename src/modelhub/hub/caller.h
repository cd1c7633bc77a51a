// Who is making a request, as established from its token, and the one visibility predicate.
#ifndef MODELHUB_HUB_CALLER_H_
#define MODELHUB_HUB_CALLER_H_

#include <cstdint>
#include <string>

namespace modelhub::hub {

struct Caller {
  int64_t user_id = 0;  // 0 = anonymous
  std::string name;
  std::string fullname;
  std::string email;
  bool is_admin = false;
  std::string token_role;          // "read" | "write" | "" (anonymous)
  std::string token_display_name;  // shown by whoami-v2
  int64_t token_created_at = 0;

  bool anonymous() const { return user_id == 0; }
  bool can_write() const { return !anonymous() && token_role == "write"; }
};

// True when `caller` may see a repo owned by `ns` with the given privacy.
bool CanRead(const Caller& caller, const std::string& ns, bool is_private);
// True when `caller` may change repos in namespace `ns`.
bool CanWrite(const Caller& caller, const std::string& ns);

}  // namespace modelhub::hub

#endif  // MODELHUB_HUB_CALLER_H_
