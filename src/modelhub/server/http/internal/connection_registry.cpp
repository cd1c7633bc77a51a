#include "modelhub/server/http/internal/connection_registry.h"

#include <utility>
#include <vector>

namespace modelhub::server::http::internal {

void ConnectionRegistry::Add(Connection* connection, std::weak_ptr<Connection> handle) {
  std::lock_guard lock(mutex_);
  connections_.emplace(connection, std::move(handle));
}

void ConnectionRegistry::Remove(Connection* connection) {
  std::function<void()> on_empty;
  {
    std::lock_guard lock(mutex_);
    connections_.erase(connection);
    if (connections_.empty() && on_empty_) on_empty = std::exchange(on_empty_, nullptr);
  }
  if (on_empty) on_empty();
}

void ConnectionRegistry::BeginStop(std::function<void()> on_empty) {
  bool empty = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_.exchange(true, std::memory_order_acq_rel)) return;
    empty = connections_.empty();
    if (!empty) on_empty_ = on_empty;
  }
  if (empty) {
    on_empty();
    return;
  }
  ShutdownAll(false);
}

void ConnectionRegistry::ShutdownAll(bool force) {
  // Shutdown() posts work that may destroy the connection; hold strong references outside the
  // lock so that a destructor calling Remove() cannot deadlock on it.
  std::vector<std::shared_ptr<Connection>> alive;
  {
    std::lock_guard lock(mutex_);
    alive.reserve(connections_.size());
    for (auto& [raw, handle] : connections_) {
      if (auto connection = handle.lock()) alive.push_back(std::move(connection));
    }
  }
  for (auto& connection : alive) connection->Shutdown(force);
}

size_t ConnectionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

}  // namespace modelhub::server::http::internal
