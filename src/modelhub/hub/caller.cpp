#include "modelhub/hub/caller.h"

namespace modelhub::hub {

bool CanRead(const Caller& caller, const std::string& ns, bool is_private) {
  if (!is_private) return true;
  if (caller.anonymous()) return false;
  return caller.is_admin || caller.name == ns;
}

bool CanWrite(const Caller& caller, const std::string& ns) {
  if (!caller.can_write()) return false;
  return caller.is_admin || caller.name == ns;
}

}  // namespace modelhub::hub
