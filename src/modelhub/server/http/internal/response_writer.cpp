#include "modelhub/server/http/internal/response_writer.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <sys/sendfile.h>
#include <sys/socket.h>

#include "modelhub/core/log.h"

namespace modelhub::server::http::internal {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;

// One sendfile call moves at most this much; the kernel stops earlier when the socket buffer is
// full. Large calls keep the syscall count low on a 1 GiB body.
constexpr size_t kMaxSendfileBytes = size_t{16} << 20;
// A fast reader never makes sendfile return EAGAIN; yielding this often lets the other
// connections on this thread make progress.
constexpr uint64_t kYieldEveryBytes = uint64_t{64} << 20;

bool IsManagedField(std::string_view field) {
  const beast::string_view name(field.data(), field.size());
  return beast::iequals(name, "Content-Length") || beast::iequals(name, "Transfer-Encoding") ||
         beast::iequals(name, "Connection");
}

bool StatusHasBody(int status) { return status >= 200 && status != 204 && status != 304; }

// Copies the application's fields; the framing fields are the server's to set.
template <class Message>
void FillHeader(Message& header, const Response& response, const ResponseContext& context) {
  header.version(context.version);
  header.result(static_cast<unsigned>(response.status));
  for (const auto& [name, value] : response.headers.fields()) {
    if (!IsManagedField(name)) header.insert(name, value);
  }
  header.keep_alive(context.keep_alive);
}

// send(2) of all of `data`, waiting for writability on EAGAIN. MSG_MORE tells the kernel that the
// file follows, so that header and first file bytes share a segment.
asio::awaitable<bool> SendAll(tcp::socket& socket, std::string_view data, bool more,
                              Deadline& deadline) {
  const int flags = MSG_NOSIGNAL | (more ? MSG_MORE : 0);
  while (!data.empty()) {
    if (!socket.is_open()) co_return false;
    const ssize_t sent = ::send(socket.native_handle(), data.data(), data.size(), flags);
    if (sent >= 0) {
      data.remove_prefix(static_cast<size_t>(sent));
      deadline.Touch();
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) co_return false;
    boost::system::error_code error;
    co_await socket.async_wait(tcp::socket::wait_write,
                               asio::redirect_error(asio::use_awaitable, error));
    if (error) co_return false;
  }
  co_return true;
}

asio::awaitable<bool> SendFile(tcp::socket& socket, const FileBody& file, Deadline& deadline) {
  auto offset = static_cast<off_t>(file.offset);
  uint64_t remaining = file.length;
  uint64_t since_yield = 0;
  while (remaining > 0) {
    // native_handle() is re-read each time: a forced shutdown closes the socket between steps.
    if (!socket.is_open()) co_return false;
    const size_t count = static_cast<size_t>(std::min<uint64_t>(remaining, kMaxSendfileBytes));
    const ssize_t sent = ::sendfile(socket.native_handle(), file.fd, &offset, count);
    if (sent > 0) {
      remaining -= static_cast<uint64_t>(sent);
      since_yield += static_cast<uint64_t>(sent);
      deadline.Touch();
      if (since_yield >= kYieldEveryBytes) {
        since_yield = 0;
        co_await asio::post(socket.get_executor(), asio::use_awaitable);
      }
      continue;
    }
    if (sent == 0) {
      core::LogError("file body ended " + std::to_string(remaining) + " bytes early");
      co_return false;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) co_return false;
    boost::system::error_code error;
    co_await socket.async_wait(tcp::socket::wait_write,
                               asio::redirect_error(asio::use_awaitable, error));
    if (error) co_return false;
  }
  co_return true;
}

asio::awaitable<bool> WriteFileResponse(tcp::socket& socket, Response& response,
                                        const ResponseContext& context, Deadline& deadline) {
  const FileBody& file = *response.file;
  bhttp::response<bhttp::empty_body> message;
  FillHeader(message, response, context);
  const bool has_body = StatusHasBody(response.status);
  const uint64_t length =
      context.head && response.content_length ? *response.content_length : file.length;
  if (has_body) message.content_length(length);

  // The header is serialized to memory rather than written with async_write_header so that it
  // can go out with MSG_MORE, in front of the sendfile(2) bytes.
  std::string header_text;
  bhttp::response_serializer<bhttp::empty_body> serializer(message);
  serializer.split(true);
  boost::system::error_code error;
  while (!serializer.is_header_done() && !error) {
    serializer.next(error, [&](boost::system::error_code&, const auto& buffers) {
      for (const auto buffer : beast::buffers_range_ref(buffers)) {
        header_text.append(static_cast<const char*>(buffer.data()), buffer.size());
      }
      serializer.consume(beast::buffer_bytes(buffers));
    });
  }
  if (error) co_return false;

  const bool send_file = has_body && !context.head && file.length > 0;
  if (!co_await SendAll(socket, header_text, send_file, deadline)) co_return false;
  if (!send_file) co_return true;
  co_return co_await SendFile(socket, file, deadline);
}

}  // namespace

asio::awaitable<bool> WriteResponse(tcp::socket& socket, Response& response,
                                    const ResponseContext& context, Deadline& deadline) {
  // The sends below use the descriptor directly and rely on EAGAIN instead of blocking.
  boost::system::error_code error;
  socket.native_non_blocking(true, error);
  if (error) co_return false;
  if (response.file) co_return co_await WriteFileResponse(socket, response, context, deadline);

  bhttp::response<bhttp::string_body> message;
  FillHeader(message, response, context);
  if (StatusHasBody(response.status)) {
    const uint64_t length =
        context.head && response.content_length ? *response.content_length : response.body.size();
    message.content_length(length);
    if (!context.head) message.body() = std::move(response.body);
  }
  deadline.Touch();
  co_await bhttp::async_write(socket, message, asio::redirect_error(asio::use_awaitable, error));
  co_return !error;
}

asio::awaitable<bool> WriteContinue(tcp::socket& socket, Deadline& deadline) {
  constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
  boost::system::error_code error;
  socket.native_non_blocking(true, error);
  if (error) co_return false;
  co_return co_await SendAll(socket, kContinue, false, deadline);
}

}  // namespace modelhub::server::http::internal
