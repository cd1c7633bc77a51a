// One HTTP/1.1 connection: reads requests one at a time, asks the Application how to take each
// body, and writes the answers, until the peer closes, keep-alive ends, the idle timeout passes
// or the server stops. Runs as coroutines on the connection's strand.
#ifndef MODELHUB_SERVER_HTTP_INTERNAL_SESSION_H_
#define MODELHUB_SERVER_HTTP_INTERNAL_SESSION_H_

#include <chrono>
#include <cstddef>
#include <utility>  // Asio 1.74's awaitable.hpp uses std::exchange without including it.

#include <boost/asio/ip/tcp.hpp>

#include "modelhub/server/http/internal/connection_registry.h"
#include "modelhub/server/http/message.h"

namespace modelhub::server::http::internal {

struct SessionSettings {
  size_t max_header_bytes = 64 * 1024;
  std::chrono::steady_clock::duration idle_timeout = std::chrono::seconds(60);
};

// Takes over `socket` (whose executor must be a strand) and serves it; registers the connection
// in `registry` until it closes. `application` and `registry` must outlive the connection.
void StartSession(boost::asio::ip::tcp::socket socket, const SessionSettings& settings,
                  Application& application, ConnectionRegistry& registry);

}  // namespace modelhub::server::http::internal

#endif  // MODELHUB_SERVER_HTTP_INTERNAL_SESSION_H_
