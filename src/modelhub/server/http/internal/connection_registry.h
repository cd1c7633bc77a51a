// The set of open connections, so that Server::Stop can close idle keep-alive connections at once
// and every connection when the drain timeout expires. Thread-safe; free of Asio so that it is
// testable and cheap to include.
#ifndef MODELHUB_SERVER_HTTP_INTERNAL_CONNECTION_REGISTRY_H_
#define MODELHUB_SERVER_HTTP_INTERNAL_CONNECTION_REGISTRY_H_

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace modelhub::server::http::internal {

class Connection {
 public:
  virtual ~Connection() = default;
  // Closes the connection if it is idle (waiting for the next request), or in any state when
  // `force`. Thread-safe: the work is posted to the connection's own strand.
  virtual void Shutdown(bool force) = 0;
};

class ConnectionRegistry {
 public:
  void Add(Connection* connection, std::weak_ptr<Connection> handle);
  // Called from the connection's destructor. Runs the BeginStop callback once when the last
  // connection leaves after a stop began.
  void Remove(Connection* connection);
  // Marks the server as stopping, shuts idle connections and arranges for `on_empty` to run once
  // no connection is left (at once if there are none). Later calls do nothing.
  void BeginStop(std::function<void()> on_empty);
  void ShutdownAll(bool force);
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections_;
  std::function<void()> on_empty_;
  std::atomic<bool> stopping_{false};
};

}  // namespace modelhub::server::http::internal

#endif  // MODELHUB_SERVER_HTTP_INTERNAL_CONNECTION_REGISTRY_H_
