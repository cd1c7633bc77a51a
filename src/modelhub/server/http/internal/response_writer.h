// Sends a Response on a connection: string bodies in one gathered write, file bodies with
// sendfile(2). Used only by the session; runs on the connection's strand.
#ifndef MODELHUB_SERVER_HTTP_INTERNAL_RESPONSE_WRITER_H_
#define MODELHUB_SERVER_HTTP_INTERNAL_RESPONSE_WRITER_H_

#include <utility>  // Asio 1.74's awaitable.hpp uses std::exchange without including it.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "modelhub/server/http/internal/deadline.h"
#include "modelhub/server/http/message.h"

namespace modelhub::server::http::internal {

struct ResponseContext {
  unsigned version = 11;  // HTTP version of the request (10 or 11)
  bool head = false;      // a HEAD request: announce the length, send no body
  bool keep_alive = true;
};

// Writes `response` (consuming its body). Returns false when the connection failed and must be
// closed; a file shorter than announced counts as a failure.
boost::asio::awaitable<bool> WriteResponse(boost::asio::ip::tcp::socket& socket, Response& response,
                                           const ResponseContext& context, Deadline& deadline);

// Sends the interim "100 Continue" that `Expect: 100-continue` clients wait for before a body.
boost::asio::awaitable<bool> WriteContinue(boost::asio::ip::tcp::socket& socket,
                                           Deadline& deadline);

}  // namespace modelhub::server::http::internal

#endif  // MODELHUB_SERVER_HTTP_INTERNAL_RESPONSE_WRITER_H_
