#include "modelhub/server/http/server.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "modelhub/server/http/error_response.h"
#include "modelhub/server/http/internal/test_client.h"

namespace modelhub::server::http {
namespace {

using internal::TestClient;
using internal::TestResponse;
using namespace std::chrono_literals;

std::string RandomBytes(size_t size, unsigned seed) {
  std::mt19937 generator(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(generator());
  return bytes;
}

// FNV-1a, enough to tell two multi-megabyte bodies apart in a test.
uint64_t Fingerprint(std::string_view bytes, uint64_t hash = 14695981039346656037ull) {
  for (char c : bytes) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return hash;
}

class CountingSink : public BodySink {
 public:
  explicit CountingSink(std::atomic<size_t>* largest_chunk) : largest_chunk_(largest_chunk) {}
  core::Status Write(std::string_view chunk) override {
    size_ += chunk.size();
    hash_ = Fingerprint(chunk, hash_);
    if (chunk.size() > *largest_chunk_) *largest_chunk_ = chunk.size();
    if (size_ > (size_t{64} << 20)) {
      return core::Unexpected(core::ErrorCode::kPayloadTooLarge, "sink limit");
    }
    return core::Ok();
  }
  Response Finish() override {
    return JsonResponse(
        201, "{\"size\":" + std::to_string(size_) + ",\"hash\":" + std::to_string(hash_) + "}");
  }

 private:
  std::atomic<size_t>* largest_chunk_;
  size_t size_ = 0;
  uint64_t hash_ = 14695981039346656037ull;
};

class TestApplication : public Application {
 public:
  explicit TestApplication(std::string file_path) : file_path_(std::move(file_path)) {}

  BodyPlan PlanBody(const Request& request) override {
    BodyPlan plan;
    if (request.path == "/upload") {
      plan.kind = BodyPlan::Kind::kStream;
      plan.sink = std::make_unique<CountingSink>(&largest_chunk);
    } else if (request.path == "/reject") {
      plan.kind = BodyPlan::Kind::kReject;
      plan.rejection = ErrorResponse({core::ErrorCode::kForbidden, "no"});
    } else {
      plan.max_buffered_bytes = 1 << 20;
    }
    return plan;
  }

  Response Handle(Request& request) override {
    Response response;
    if (request.path == "/hello") {
      response.headers.Set("Content-Type", "text/plain");
      response.body = "hello world";
    } else if (request.path == "/echo") {
      response.body = request.method + " " + request.query + " " + request.body;
    } else if (request.path == "/file") {
      const int fd = ::open(file_path_.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) return ErrorResponse({core::ErrorCode::kInternal, "open failed"});
      FileBody file;
      file.owner = std::shared_ptr<void>(nullptr, [fd](void*) { ::close(fd); });
      file.fd = fd;
      file.length = static_cast<uint64_t>(::lseek(fd, 0, SEEK_END));
      response.file = std::move(file);
    } else if (request.path == "/head-only") {
      response.content_length = 12345;
    } else if (request.path == "/slow") {
      slow_started.set_value();
      std::this_thread::sleep_for(700ms);
      response.body = "slow done";
    } else if (request.path == "/throw") {
      throw std::runtime_error("handler bug");
    } else {
      return ErrorResponse({core::ErrorCode::kNotFound, "no route"});
    }
    return response;
  }

  std::atomic<size_t> largest_chunk{0};
  std::promise<void> slow_started;

 private:
  std::string file_path_;
};

class ServerTest : public ::testing::Test {
 protected:
  static constexpr size_t kFileSize = (size_t{3} << 20) + 17;

  void SetUp() override {
    char path[] = "/tmp/modelhub_http_test_XXXXXX";
    const int fd = ::mkstemp(path);
    ASSERT_GE(fd, 0);
    file_path_ = path;
    file_bytes_ = RandomBytes(kFileSize, 7);
    ASSERT_EQ(::write(fd, file_bytes_.data(), file_bytes_.size()),
              static_cast<ssize_t>(file_bytes_.size()));
    ::close(fd);
    application_ = std::make_unique<TestApplication>(file_path_);
  }

  void TearDown() override {
    StopServer();
    ::unlink(file_path_.c_str());
  }

  void StartServer(ServerOptions options = {}) {
    options.port = 0;
    options.threads = 2;
    options.handle_signals = false;
    options.max_header_bytes = 8 * 1024;
    auto server = Server::Create(options, *application_);
    ASSERT_TRUE(server.has_value()) << server.error().message;
    server_ = std::move(*server);
    runner_ = std::thread([this] { server_->Run(); });
  }

  void StopServer() {
    if (!server_) return;
    server_->Stop();
    runner_.join();
    server_.reset();
  }

  std::optional<TestResponse> Exchange(TestClient& client, const std::string& request,
                                       bool head = false) {
    if (!client.Send(request)) return std::nullopt;
    return client.Read(head);
  }

  std::string file_path_;
  std::string file_bytes_;
  std::unique_ptr<TestApplication> application_;
  std::unique_ptr<Server> server_;
  std::thread runner_;
};

std::string Get(std::string_view path, std::string_view extra = "") {
  return "GET " + std::string(path) + " HTTP/1.1\r\nHost: t\r\n" + std::string(extra) + "\r\n";
}

TEST_F(ServerTest, CreateFailsOnTakenPort) {
  StartServer();
  ServerOptions options;
  options.port = server_->port();
  options.handle_signals = false;
  auto second = Server::Create(options, *application_);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, core::ErrorCode::kUnavailable);
}

TEST_F(ServerTest, StringBodyAndKeepAlive) {
  StartServer();
  TestClient client(server_->port());
  ASSERT_TRUE(client.connected());
  for (int i = 0; i < 2; ++i) {
    auto response = Exchange(client, Get("/hello"));
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "hello world");
    EXPECT_EQ(response->Header("content-length"), "11");
    EXPECT_EQ(response->Header("content-type"), "text/plain");
  }
  auto missing = Exchange(client, Get("/nothing"));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->Header("content-type"), "application/json");
}

TEST_F(ServerTest, PipelinedRequests) {
  StartServer();
  TestClient client(server_->port());
  ASSERT_TRUE(client.Send(Get("/hello") + Get("/echo?x=1")));
  auto first = client.Read();
  auto second = client.Read();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, "hello world");
  EXPECT_EQ(second->body, "GET x=1 ");
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  StartServer();
  TestClient client(server_->port());
  auto response = Exchange(client, Get("/hello", "Connection: close\r\n"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->Header("connection"), "close");
  EXPECT_TRUE(client.ReadsEof());
}

TEST_F(ServerTest, FileBodyGetAndHead) {
  StartServer();
  TestClient client(server_->port());
  auto head = Exchange(client, "HEAD /file HTTP/1.1\r\nHost: t\r\n\r\n", /*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("content-length"), std::to_string(kFileSize));
  // A body after the HEAD answer would be read as the next response's start and fail this.
  auto get = Exchange(client, Get("/file"));
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->body.size(), kFileSize);
  EXPECT_TRUE(get->body == file_bytes_);
  auto again = Exchange(client, Get("/hello"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, "hello world");
}

TEST_F(ServerTest, HeadOfStringBodyAndContentLengthOverride) {
  StartServer();
  TestClient client(server_->port());
  auto head = Exchange(client, "HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n", true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->Header("content-length"), "11");
  auto announced = Exchange(client, "HEAD /head-only HTTP/1.1\r\nHost: t\r\n\r\n", true);
  ASSERT_TRUE(announced);
  EXPECT_EQ(announced->Header("content-length"), "12345");
  auto after = Exchange(client, Get("/hello"));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->body, "hello world");
}

TEST_F(ServerTest, BufferedPostWithLengthAndChunked) {
  StartServer();
  TestClient client(server_->port());
  auto plain =
      Exchange(client, "POST /echo?q=1 HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nabcde");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->body, "POST q=1 abcde");
  auto chunked = Exchange(client,
                          "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->body, "POST  abcde");
}

TEST_F(ServerTest, OversizedContentLengthIs413WithoutReadingBody) {
  StartServer();
  TestClient client(server_->port());
  auto response =
      Exchange(client, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10000000\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->Header("content-type"), "application/json");
  EXPECT_NE(response->body.find("\"error\""), std::string::npos);
  EXPECT_TRUE(client.ReadsEof());
}

TEST_F(ServerTest, OversizedChunkedBodyIs413) {
  StartServer();
  TestClient client(server_->port());
  std::string request = "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string chunk(256 * 1024, 'x');
  for (int i = 0; i < 5; ++i) request += "40000\r\n" + chunk + "\r\n";
  request += "0\r\n\r\n";
  client.Send(request);  // the server may close before taking it all
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
}

TEST_F(ServerTest, OversizedHeaderIs431) {
  StartServer();
  TestClient client(server_->port());
  auto response = Exchange(client, Get("/hello", "X-Big: " + std::string(16 * 1024, 'a') + "\r\n"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_EQ(response->Header("content-type"), "application/json");
  EXPECT_TRUE(client.ReadsEof());
}

TEST_F(ServerTest, MalformedRequestIs400) {
  StartServer();
  TestClient client(server_->port());
  auto response = Exchange(client, "GET /hello HTTP/1.1\r\nBad Header\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->Header("content-type"), "application/json");
}

TEST_F(ServerTest, RejectionSkipsBodyAndCloses) {
  StartServer();
  TestClient client(server_->port());
  auto response = Exchange(client,
                           "PUT /reject HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n"
                           "Expect: 100-continue\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 403);  // no "100 Continue" before it
  EXPECT_TRUE(client.ReadsEof());
}

TEST_F(ServerTest, HandlerExceptionIs500) {
  StartServer();
  TestClient client(server_->port());
  auto response = Exchange(client, Get("/throw"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_TRUE(client.ReadsEof());
}

class StreamedUpload : public ServerTest, public ::testing::WithParamInterface<bool> {};

TEST_P(StreamedUpload, ReachesSinkWithExpectContinue) {
  const bool chunked = GetParam();
  StartServer();
  TestClient client(server_->port());
  const std::string body = RandomBytes(size_t{9} << 20, 11);
  std::string header = "PUT /upload HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n";
  header += chunked ? "Transfer-Encoding: chunked\r\n\r\n"
                    : "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  ASSERT_TRUE(client.Send(header));
  auto interim = client.Read();
  ASSERT_TRUE(interim);
  ASSERT_EQ(interim->status, 100);
  if (chunked) {
    // Uneven chunk sizes cross the server's read boundaries at every offset.
    size_t offset = 0;
    size_t step = 1;
    while (offset < body.size()) {
      const size_t size = std::min(body.size() - offset, step);
      char size_line[32];
      std::snprintf(size_line, sizeof(size_line), "%zx\r\n", size);
      ASSERT_TRUE(client.Send(size_line + body.substr(offset, size) + "\r\n"));
      offset += size;
      step = step * 7 + 3;
      if (step > (size_t{3} << 20)) step = 1;
    }
    ASSERT_TRUE(client.Send("0\r\n\r\n"));
  } else {
    ASSERT_TRUE(client.Send(body));
  }
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, "{\"size\":" + std::to_string(body.size()) +
                                ",\"hash\":" + std::to_string(Fingerprint(body)) + "}");
  if (!chunked) {
    // The body is read in large pieces, not Beast's default 64 KiB (the LFS path depends on it).
    EXPECT_GT(application_->largest_chunk.load(), size_t{64} << 10);
  }
  // The connection stays usable after a streamed body.
  auto next = Exchange(client, Get("/hello"));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "hello world");
}

INSTANTIATE_TEST_SUITE_P(Framing, StreamedUpload, ::testing::Bool(), [](const auto& param_info) {
  return param_info.param ? "Chunked" : "Length";
});

TEST_F(ServerTest, StreamedUploadWithoutExpect) {
  StartServer();
  TestClient client(server_->port());
  const std::string body = RandomBytes(size_t{4} << 20, 3);
  auto response = Exchange(client, "PUT /upload HTTP/1.1\r\nHost: t\r\nContent-Length: " +
                                       std::to_string(body.size()) + "\r\n\r\n" + body);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 201);
  EXPECT_NE(response->body.find(std::to_string(Fingerprint(body))), std::string::npos);
}

TEST_F(ServerTest, HundredConcurrentConnections) {
  StartServer();
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < 100; ++i) {
    clients.push_back(std::make_unique<TestClient>(server_->port()));
    ASSERT_TRUE(clients.back()->connected());
    ASSERT_TRUE(clients.back()->Send(Get("/echo?i=" + std::to_string(i))));
  }
  std::vector<std::thread> readers;
  std::atomic<int> ok{0};
  for (int i = 0; i < 100; ++i) {
    readers.emplace_back([&, i] {
      auto response = clients[static_cast<size_t>(i)]->Read();
      if (response && response->body == "GET i=" + std::to_string(i) + " ") ++ok;
    });
  }
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(ok.load(), 100);
}

TEST_F(ServerTest, StopLetsSlowRequestFinishAndClosesIdle) {
  StartServer();
  TestClient idle(server_->port());
  ASSERT_TRUE(Exchange(idle, Get("/hello")));
  TestClient busy(server_->port());
  auto started = application_->slow_started.get_future();
  ASSERT_TRUE(busy.Send(Get("/slow")));
  ASSERT_EQ(started.wait_for(5s), std::future_status::ready);
  const auto stop_time = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_TRUE(idle.ReadsEof());
  EXPECT_LT(std::chrono::steady_clock::now() - stop_time, 600ms);  // before the slow one ends
  auto response = busy.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "slow done");
  EXPECT_EQ(response->Header("connection"), "close");
  runner_.join();
  server_.reset();
  EXPECT_FALSE(TestClient(0).connected());  // nothing listens any more; sanity of the helper
}

TEST_F(ServerTest, IdleTimeoutClosesConnection) {
  ServerOptions options;
  options.idle_timeout = 1s;
  StartServer(options);
  TestClient client(server_->port());
  ASSERT_TRUE(Exchange(client, Get("/hello")));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.ReadsEof());
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
}

}  // namespace
}  // namespace modelhub::server::http
