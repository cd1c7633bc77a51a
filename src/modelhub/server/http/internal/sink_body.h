// A Beast Body whose reader passes each parsed piece of a request body straight to a BodySink,
// so that streamed uploads (Content-Length or chunked) reach the sink without an extra copy.
// Included only by session.cpp.
#ifndef MODELHUB_SERVER_HTTP_INTERNAL_SINK_BODY_H_
#define MODELHUB_SERVER_HTTP_INTERNAL_SINK_BODY_H_

#include <cstdint>
#include <string_view>

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <boost/system/error_code.hpp>

#include "modelhub/core/result.h"
#include "modelhub/server/http/message.h"

namespace modelhub::server::http::internal {

struct SinkBody {
  struct value_type {
    BodySink* sink = nullptr;
    // The first error the sink returned; the parse then fails with operation_canceled.
    core::Status status;
  };

  class reader {
   public:
    template <bool kIsRequest, class Fields>
    reader(boost::beast::http::header<kIsRequest, Fields>& /*header*/, value_type& body)
        : body_(body) {}

    void init(const boost::optional<std::uint64_t>& /*content_length*/,
              boost::beast::error_code& error) {
      error = {};
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& error) {
      std::size_t consumed = 0;
      for (const auto buffer : boost::beast::buffers_range_ref(buffers)) {
        core::Status status = body_.sink->Write(
            std::string_view(static_cast<const char*>(buffer.data()), buffer.size()));
        if (!status) {
          body_.status = std::move(status);
          error = boost::system::errc::make_error_code(boost::system::errc::operation_canceled);
          return consumed;
        }
        consumed += buffer.size();
      }
      error = {};
      return consumed;
    }

    void finish(boost::beast::error_code& error) { error = {}; }

   private:
    value_type& body_;
  };
};

}  // namespace modelhub::server::http::internal

#endif  // MODELHUB_SERVER_HTTP_INTERNAL_SINK_BODY_H_
