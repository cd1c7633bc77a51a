#include "modelhub/server/http/server.h"

#include <atomic>
#include <csignal>
#include <optional>
#include <string>
#include <thread>
#include <utility>  // Asio 1.74's awaitable.hpp uses std::exchange without including it.
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "modelhub/core/log.h"
#include "modelhub/server/http/internal/connection_registry.h"
#include "modelhub/server/http/internal/log_exception.h"
#include "modelhub/server/http/internal/session.h"

namespace modelhub::server::http {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// After a failed accept (e.g. EMFILE) the loop pauses instead of spinning on the same error.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);

class ServerImpl final : public Server {
 public:
  ServerImpl(const ServerOptions& options, Application& application)
      : options_(options),
        application_(application),
        threads_(options.threads > 0 ? options.threads
                                     : static_cast<int>(std::thread::hardware_concurrency())),
        io_context_(threads_ > 0 ? threads_ : 1),
        strand_(asio::make_strand(io_context_)),
        acceptor_(strand_),
        drain_timer_(strand_) {
    if (threads_ <= 0) threads_ = 1;
    session_settings_.max_header_bytes = options.max_header_bytes;
    session_settings_.idle_timeout = options.idle_timeout;
  }

  core::Status Listen() {
    boost::system::error_code error;
    tcp::resolver resolver(io_context_);
    const auto endpoints = resolver.resolve(options_.host, std::to_string(options_.port),
                                            tcp::resolver::passive, error);
    if (error || endpoints.empty()) {
      return core::Unexpected(core::ErrorCode::kUnavailable,
                              "Cannot resolve '" + options_.host + "': " + error.message());
    }
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();
    if (acceptor_.open(endpoint.protocol(), error) ||
        acceptor_.set_option(tcp::acceptor::reuse_address(true), error) ||
        acceptor_.bind(endpoint, error) ||
        acceptor_.listen(asio::socket_base::max_listen_connections, error)) {
      return core::Unexpected(core::ErrorCode::kUnavailable,
                              "Cannot listen on " + options_.host + ":" +
                                  std::to_string(options_.port) + ": " + error.message());
    }
    port_ = acceptor_.local_endpoint(error).port();
    if (options_.handle_signals) {
      signals_.emplace(strand_, SIGINT, SIGTERM);
      signals_->async_wait([this](const boost::system::error_code& wait_error, int signal) {
        if (wait_error) return;
        core::LogInfo("signal " + std::to_string(signal) + " received, stopping");
        Stop();
      });
    }
    return core::Ok();
  }

  uint16_t port() const override { return port_; }

  void Run() override {
    asio::co_spawn(strand_, Accept(), internal::LogOnException{"http accept"});
    std::vector<std::thread> pool;
    pool.reserve(static_cast<size_t>(threads_ - 1));
    for (int i = 1; i < threads_; ++i) pool.emplace_back([this] { RunWorker(); });
    RunWorker();
    for (auto& thread : pool) thread.join();
  }

  void Stop() override {
    if (stop_requested_.exchange(true)) return;
    asio::post(strand_, [this] { BeginDrain(); });
  }

 private:
  void RunWorker() {
    // A handler that throws must not take the pool down; the coroutines catch their own, so
    // this is the last line of defence.
    for (;;) {
      try {
        io_context_.run();
        return;
      } catch (...) {
        internal::LogException("http worker", std::current_exception());
      }
    }
  }

  asio::awaitable<void> Accept() {
    while (!stop_requested_) {
      tcp::socket socket(asio::make_strand(io_context_));
      boost::system::error_code error;
      co_await acceptor_.async_accept(socket, asio::redirect_error(asio::use_awaitable, error));
      if (stop_requested_ || !acceptor_.is_open()) co_return;
      if (error) {
        core::LogWarning("accept failed: " + error.message());
        asio::steady_timer pause(strand_, kAcceptRetryDelay);
        co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, error));
        continue;
      }
      // Responses are written header-then-file; Nagle would hold small tails for a delayed ACK.
      socket.set_option(tcp::no_delay(true), error);
      internal::StartSession(std::move(socket), session_settings_, application_, registry_);
    }
  }

  // On the strand: stop accepting, close idle connections, and bound the wait for busy ones.
  void BeginDrain() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    if (signals_) signals_->cancel(ignored);
    drain_timer_.expires_after(options_.drain_timeout);
    drain_timer_.async_wait([this](const boost::system::error_code& error) {
      if (error) return;
      core::LogWarning("drain timeout: closing " + std::to_string(registry_.size()) +
                       " connections");
      registry_.ShutdownAll(true);
    });
    registry_.BeginStop([this] { asio::post(strand_, [this] { drain_timer_.cancel(); }); });
  }

  ServerOptions options_;
  Application& application_;
  internal::SessionSettings session_settings_;
  // Declared before the io_context: connections still queued in it when it is destroyed
  // deregister themselves here.
  internal::ConnectionRegistry registry_;
  int threads_;
  asio::io_context io_context_;
  asio::strand<asio::io_context::executor_type> strand_;
  tcp::acceptor acceptor_;
  std::optional<asio::signal_set> signals_;
  asio::steady_timer drain_timer_;
  std::atomic<bool> stop_requested_{false};
  uint16_t port_ = 0;
};

}  // namespace

core::Result<std::unique_ptr<Server>> Server::Create(const ServerOptions& options,
                                                     Application& application) {
  // sendfile(2) has no MSG_NOSIGNAL: a peer that hangs up mid-file must yield EPIPE, not kill
  // the process.
  std::signal(SIGPIPE, SIG_IGN);
  auto server = std::make_unique<ServerImpl>(options, application);
  MH_RETURN_IF_ERROR(server->Listen());
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace modelhub::server::http
