#include "modelhub/server/http/internal/log_exception.h"

#include <string>

#include "modelhub/core/log.h"

namespace modelhub::server::http::internal {

void LogException(std::string_view where, std::exception_ptr error) {
  if (!error) return;
  std::string message(where);
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    message += ": ";
    message += e.what();
  } catch (...) {
    message += ": unknown exception";
  }
  core::LogError(message);
}

}  // namespace modelhub::server::http::internal
