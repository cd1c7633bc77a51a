#include "modelhub/server/http/internal/session.h"

#include <exception>
#include <limits>
#include <memory>
#include <string>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include "modelhub/core/error.h"
#include "modelhub/core/log.h"
#include "modelhub/server/http/error_response.h"
#include "modelhub/server/http/internal/deadline.h"
#include "modelhub/server/http/internal/log_exception.h"
#include "modelhub/server/http/internal/response_writer.h"
#include "modelhub/server/http/internal/sink_body.h"

namespace modelhub::server::http::internal {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;
using HeaderParser = bhttp::request_parser<bhttp::empty_body>;

// Streamed bodies are read in pieces this large: the LFS upload path hashes at ~1.5 GB/s and
// small reads would make the syscalls, not SHA-256, the limit.
constexpr size_t kStreamReadBytes = size_t{1} << 20;
// After a large upload the read buffer is given back so idle keep-alive connections stay small.
constexpr size_t kIdleBufferBytes = size_t{64} << 10;
// How long a connection closed with an unread request body keeps draining it.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr uint64_t kNoBodyLimit = std::numeric_limits<uint64_t>::max();

bool IsParseError(const boost::system::error_code& error) {
  return &error.category() == &bhttp::make_error_code(bhttp::error::bad_target).category();
}

Response LayerError(core::ErrorCode code, std::string message) {
  return ErrorResponse(core::Error{code, std::move(message)});
}

Request ToRequest(const HeaderParser::value_type& header, std::string remote_address) {
  Request request;
  request.method = std::string(header.method_string());
  request.target = std::string(header.target());
  const size_t question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  for (const auto& field : header) {
    request.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  request.remote_address = std::move(remote_address);
  return request;
}

class Session final : public Connection, public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const SessionSettings& settings, Application& application,
          ConnectionRegistry& registry)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        settings_(settings),
        application_(application),
        registry_(registry) {
    deadline_.timeout = settings.idle_timeout;
    boost::system::error_code error;
    const tcp::endpoint remote = socket_.remote_endpoint(error);
    if (!error) remote_address_ = remote.address().to_string();
  }
  ~Session() override { registry_.Remove(this); }

  static void Start(const std::shared_ptr<Session>& self) {
    self->deadline_.Touch();
    asio::co_spawn(self->socket_.get_executor(), Loop(self), LogOnException{"http session"});
    asio::co_spawn(self->socket_.get_executor(), Watch(self), LogOnException{"http watchdog"});
  }

  void Shutdown(bool force) override {
    asio::post(socket_.get_executor(), [self = shared_from_this(), force] {
      if (force || self->idle_) self->Close();
    });
  }

 private:
  struct Outcome {
    Response response;
    bool keep_alive = true;
  };

  static asio::awaitable<void> Loop(std::shared_ptr<Session> self) {
    co_await self->Serve();
    if (self->unread_body_ && !self->closed_) co_await self->Linger();
    self->Close();
  }

  // Closing with unread request bytes makes the kernel send RST, which can destroy the error
  // response before the client reads it; so stop sending, then drain for a bounded time first
  // (what nginx calls lingering close).
  asio::awaitable<void> Linger() {
    boost::system::error_code error;
    socket_.shutdown(tcp::socket::shutdown_send, error);
    deadline_.at = std::chrono::steady_clock::now() + kLingerTime;  // the watchdog ends it
    buffer_.clear();
    while (!error) {
      co_await socket_.async_read_some(buffer_.prepare(kStreamReadBytes),
                                       asio::redirect_error(asio::use_awaitable, error));
    }
  }

  // Closes the socket when the deadline passes without I/O progress; the session notices through
  // its pending operation failing.
  static asio::awaitable<void> Watch(std::shared_ptr<Session> self) {
    while (!self->closed_) {
      self->timer_.expires_at(self->deadline_.at);
      boost::system::error_code error;
      co_await self->timer_.async_wait(asio::redirect_error(asio::use_awaitable, error));
      if (self->closed_) break;
      if (self->deadline_.Passed()) {
        self->Close();
        break;
      }
    }
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    timer_.cancel();
  }

  asio::awaitable<void> Serve() {
    for (;;) {
      if (registry_.stopping()) co_return;
      HeaderParser parser;
      parser.header_limit(static_cast<std::uint32_t>(settings_.max_header_bytes));
      // Each body plan sets its own limit. Not boost::none: Beast 1.74 compares a Content-Length
      // against an empty optional as "larger" and fails with body_limit.
      parser.body_limit(kNoBodyLimit);
      boost::system::error_code error;
      idle_ = true;
      deadline_.Touch();
      co_await bhttp::async_read_header(socket_, buffer_, parser,
                                        asio::redirect_error(asio::use_awaitable, error));
      idle_ = false;
      if (error == bhttp::error::header_limit) {
        unread_body_ = true;
        co_await Reply(LayerError(core::ErrorCode::kBadRequest, "Request header fields too large"),
                       431);
        co_return;
      }
      if (IsParseError(error) && error != bhttp::error::end_of_stream &&
          error != bhttp::error::partial_message) {
        unread_body_ = true;
        co_await Reply(LayerError(core::ErrorCode::kBadRequest, "Malformed HTTP request"), 400);
        co_return;
      }
      if (error) co_return;  // peer closed, timeout or shutdown

      const unsigned version = parser.get().version();
      const bool head = parser.get().method() == bhttp::verb::head;
      bool response_started = false;
      bool keep_alive = false;
      bool failed = false;
      try {
        keep_alive = co_await ServeRequest(parser, response_started);
      } catch (...) {
        LogException("http request", std::current_exception());
        failed = true;
      }
      if (failed) {
        unread_body_ = true;  // the failure may have come before the body was read
        // co_await is not allowed inside a handler, hence the flag.
        if (!response_started) {
          Response response = LayerError(core::ErrorCode::kInternal, "Internal server error");
          co_await WriteResponse(socket_, response, {version, head, false}, deadline_);
        }
        co_return;
      }
      if (!keep_alive) co_return;
    }
  }

  // Sends a response of the layer's own and ends the connection.
  asio::awaitable<void> Reply(Response response, int status) {
    response.status = status;
    co_await WriteResponse(socket_, response, {11, false, false}, deadline_);
  }

  asio::awaitable<bool> ServeRequest(HeaderParser& parser, bool& response_started) {
    // Read everything needed from the header now: the body parsers take the message over.
    const auto& header = parser.get();
    Request request = ToRequest(header, remote_address_);
    const ResponseContext context{header.version(), header.method() == bhttp::verb::head,
                                  header.keep_alive()};
    const bool expects_continue = beast::iequals(header[bhttp::field::expect], "100-continue");
    const bool body_pending = !parser.is_done();

    BodyPlan plan = application_.PlanBody(request);
    Outcome outcome;
    outcome.keep_alive = context.keep_alive;
    switch (plan.kind) {
      case BodyPlan::Kind::kReject:
        outcome.response = std::move(plan.rejection);
        // The unread body would be taken for the next request.
        if (body_pending) {
          outcome.keep_alive = false;
          unread_body_ = true;
        }
        break;
      case BodyPlan::Kind::kBuffer:
        if (!co_await ReadBuffered(parser, plan.max_buffered_bytes,
                                   expects_continue && body_pending, request, outcome)) {
          co_return false;
        }
        break;
      case BodyPlan::Kind::kStream:
        if (!plan.sink) throw std::logic_error("BodyPlan::kStream without a sink");
        if (!co_await ReadStreamed(parser, *plan.sink, expects_continue && body_pending, outcome)) {
          co_return false;
        }
        break;
    }
    if (registry_.stopping()) outcome.keep_alive = false;
    if (auto connection = outcome.response.headers.Get("Connection");
        connection &&
        beast::iequals(beast::string_view(connection->data(), connection->size()), "close")) {
      outcome.keep_alive = false;
    }
    response_started = true;
    const bool written = co_await WriteResponse(
        socket_, outcome.response, {context.version, context.head, outcome.keep_alive}, deadline_);
    co_return written&& outcome.keep_alive;
  }

  // Reads the body into request.body and asks the application; false on a broken connection.
  asio::awaitable<bool> ReadBuffered(HeaderParser& parser, uint64_t limit, bool send_continue,
                                     Request& request, Outcome& outcome) {
    if (const auto length = parser.content_length(); length && *length > limit) {
      // Refused before reading: the client may be about to send gigabytes.
      outcome.response = LayerError(core::ErrorCode::kPayloadTooLarge,
                                    "Request body exceeds " + std::to_string(limit) + " bytes");
      outcome.keep_alive = false;
      unread_body_ = true;
      co_return true;
    }
    if (!parser.is_done()) {
      if (send_continue && !co_await WriteContinue(socket_, deadline_)) co_return false;
      bhttp::request_parser<bhttp::string_body> body_parser(std::move(parser));
      body_parser.body_limit(limit);
      boost::system::error_code error;
      deadline_.Touch();
      co_await bhttp::async_read(socket_, buffer_, body_parser,
                                 asio::redirect_error(asio::use_awaitable, error));
      if (error == bhttp::error::body_limit) {
        outcome.response = LayerError(core::ErrorCode::kPayloadTooLarge,
                                      "Request body exceeds " + std::to_string(limit) + " bytes");
        outcome.keep_alive = false;
        unread_body_ = true;
        co_return true;
      }
      if (IsParseError(error) && error != bhttp::error::end_of_stream &&
          error != bhttp::error::partial_message) {
        outcome.response = LayerError(core::ErrorCode::kBadRequest, "Malformed request body");
        outcome.keep_alive = false;
        unread_body_ = true;
        co_return true;
      }
      if (error) co_return false;
      request.body = std::move(body_parser.get().body());
    }
    outcome.response = application_.Handle(request);
    co_return true;
  }

  // Feeds the body to `sink` as it arrives; false on a broken connection.
  asio::awaitable<bool> ReadStreamed(HeaderParser& parser, BodySink& sink, bool send_continue,
                                     Outcome& outcome) {
    if (send_continue && !co_await WriteContinue(socket_, deadline_)) co_return false;
    bhttp::request_parser<SinkBody> body_parser(std::move(parser));
    body_parser.body_limit(kNoBodyLimit);
    body_parser.eager(true);
    body_parser.get().body().sink = &sink;
    bool need_more = false;
    boost::system::error_code error;
    while (!body_parser.is_done()) {
      if (buffer_.size() == 0 || need_more) {
        deadline_.Touch();
        const size_t read = co_await socket_.async_read_some(
            buffer_.prepare(kStreamReadBytes), asio::redirect_error(asio::use_awaitable, error));
        if (error) co_return false;  // includes a peer closing mid-body
        buffer_.commit(read);
      }
      buffer_.consume(body_parser.put(buffer_.data(), error));
      need_more = error == bhttp::error::need_more;
      if (need_more) continue;
      if (!body_parser.get().body().status) {
        outcome.response = ErrorResponse(body_parser.get().body().status.error());
        outcome.keep_alive = false;  // the rest of the body was not read
        unread_body_ = true;
        co_return true;
      }
      if (error) {
        outcome.response = LayerError(core::ErrorCode::kBadRequest, "Malformed request body");
        outcome.keep_alive = false;
        unread_body_ = true;
        co_return true;
      }
    }
    if (buffer_.capacity() > kIdleBufferBytes && buffer_.size() < kIdleBufferBytes) {
      buffer_.shrink_to_fit();
    }
    outcome.response = sink.Finish();
    co_return true;
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  Deadline deadline_;
  SessionSettings settings_;
  Application& application_;
  ConnectionRegistry& registry_;
  std::string remote_address_;
  bool idle_ = false;
  bool closed_ = false;
  bool unread_body_ = false;  // closing with request bytes still in flight: linger first
};

}  // namespace

void StartSession(tcp::socket socket, const SessionSettings& settings, Application& application,
                  ConnectionRegistry& registry) {
  auto session = std::make_shared<Session>(std::move(socket), settings, application, registry);
  registry.Add(session.get(), session);
  Session::Start(session);
}

}  // namespace modelhub::server::http::internal
