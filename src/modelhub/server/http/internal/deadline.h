// The inactivity deadline of one connection. Every I/O step pushes it forward; a watchdog on the
// connection's strand closes the socket when it passes. Touched only on that strand.
#ifndef MODELHUB_SERVER_HTTP_INTERNAL_DEADLINE_H_
#define MODELHUB_SERVER_HTTP_INTERNAL_DEADLINE_H_

#include <chrono>

namespace modelhub::server::http::internal {

struct Deadline {
  std::chrono::steady_clock::duration timeout{};
  std::chrono::steady_clock::time_point at{};

  void Touch() { at = std::chrono::steady_clock::now() + timeout; }
  bool Passed() const { return std::chrono::steady_clock::now() >= at; }
};

}  // namespace modelhub::server::http::internal

#endif  // MODELHUB_SERVER_HTTP_INTERNAL_DEADLINE_H_
