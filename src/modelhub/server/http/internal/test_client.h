// A deliberately plain HTTP/1.1 client over a blocking POSIX socket, for the server tests: it
// sends exactly the bytes a test writes and parses just enough of a response to check it.
#ifndef MODELHUB_SERVER_HTTP_INTERNAL_TEST_CLIENT_H_
#define MODELHUB_SERVER_HTTP_INTERNAL_TEST_CLIENT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace modelhub::server::http::internal {

struct TestResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  std::string Header(const std::string& lower_name) const;
};

class TestClient {
 public:
  // Connects to 127.0.0.1:`port`; check connected().
  explicit TestClient(uint16_t port);
  ~TestClient();
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  bool Send(std::string_view bytes);
  // Reads one response; the body is read by Content-Length unless `head`. Interim 1xx responses
  // are returned like any other. nullopt when the connection closes first.
  std::optional<TestResponse> Read(bool head = false);
  // True when the server closed the connection (EOF with nothing more to read); false on data
  // or on the 10 s receive timeout.
  bool ReadsEof();

 private:
  bool Fill();

  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
};

}  // namespace modelhub::server::http::internal

#endif  // MODELHUB_SERVER_HTTP_INTERNAL_TEST_CLIENT_H_
