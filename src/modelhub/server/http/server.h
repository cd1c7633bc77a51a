// The HTTP/1.1 server: Boost.Asio coroutines on a fixed pool of threads, keep-alive, bounded
// header and body sizes, file bodies with sendfile(2), graceful shutdown.
//
// Application callbacks run on the pool threads and may block briefly (SQLite, small reads); each
// connection handles one request at a time. Stop() may be called from any thread or a signal
// watcher: it stops accepting, lets requests in flight finish (bounded by a drain timeout) and
// closes idle keep-alive connections; Run() then returns.
#ifndef MODELHUB_SERVER_HTTP_SERVER_H_
#define MODELHUB_SERVER_HTTP_SERVER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "modelhub/core/result.h"
#include "modelhub/server/http/message.h"

namespace modelhub::server::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port; see Server::port()
  int threads = 0;       // 0 = hardware concurrency
  size_t max_header_bytes = 64 * 1024;
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds drain_timeout{30};
  bool handle_signals = true;  // SIGINT/SIGTERM call Stop()
};

class Server {
 public:
  // Binds and listens (Unavailable when the address is taken); does not serve until Run().
  static core::Result<std::unique_ptr<Server>> Create(const ServerOptions& options,
                                                      Application& application);
  virtual ~Server() = default;

  // The bound port (useful with port 0).
  virtual uint16_t port() const = 0;
  // Serves until Stop(); blocks the calling thread, which joins the pool.
  virtual void Run() = 0;
  virtual void Stop() = 0;
};

}  // namespace modelhub::server::http

#endif  // MODELHUB_SERVER_HTTP_SERVER_H_
