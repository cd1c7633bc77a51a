// Logging for exceptions that escape a coroutine (the catch-all every spawned coroutine has).
#ifndef MODELHUB_SERVER_HTTP_INTERNAL_LOG_EXCEPTION_H_
#define MODELHUB_SERVER_HTTP_INTERNAL_LOG_EXCEPTION_H_

#include <exception>
#include <string_view>

namespace modelhub::server::http::internal {

// Logs `error` (if any) at error level, prefixed with `where`.
void LogException(std::string_view where, std::exception_ptr error);

// Completion handler for co_spawn: logs an escaped exception instead of terminating.
struct LogOnException {
  std::string_view where;
  void operator()(std::exception_ptr error) const { LogException(where, error); }
};

}  // namespace modelhub::server::http::internal

#endif  // MODELHUB_SERVER_HTTP_INTERNAL_LOG_EXCEPTION_H_
