#include "modelhub/server/git/pkt_line.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "modelhub/server/git/gzip_body.h"

namespace modelhub::server::git {
namespace {

TEST(PktLineTest, WritesLengthPrefixedPacketsAndSpecialPackets) {
  std::string out;
  AppendPacket(out, "# service=git-upload-pack\n");
  AppendFlush(out);
  AppendDelim(out);
  EXPECT_EQ(out, "001e# service=git-upload-pack\n00000001");
}

TEST(PktLineTest, SidebandSplitsLargeDataIntoMaximalPackets) {
  std::string data(70'000, 'x');
  std::string out;
  AppendSideband(out, 1, data);
  // 65515 data bytes + band byte + 4 header bytes = 65520 ("fff0"), then the rest.
  EXPECT_EQ(out.substr(0, 5), "fff0\x01");
  const size_t rest = 70'000 - 65'515;
  EXPECT_EQ(out.size(), 65'520 + 4 + 1 + rest);
  std::string small;
  AppendSideband(small, 2, std::string(2000, 'p'), 996);
  EXPECT_EQ(small.substr(0, 5), "03e8\x02");  // side-band (not 64k): 1000-byte packets in all
}

TEST(PktLineTest, ReadsPacketsAndKeepsWhatFollows) {
  std::string in =
      "0032want 0123456789012345678901234567890123456789\n00000001"
      "0009done\n"
      "0000PACK...";
  PacketReader reader(in);
  auto want = reader.Next();
  ASSERT_TRUE(want.has_value() && want->has_value());
  EXPECT_EQ((*want)->payload, "want 0123456789012345678901234567890123456789");
  EXPECT_EQ((*reader.Next())->kind, Packet::Kind::kFlush);
  EXPECT_EQ((*reader.Next())->kind, Packet::Kind::kDelim);
  EXPECT_TRUE((*reader.Next())->is("done"));
  EXPECT_EQ((*reader.Next())->kind, Packet::Kind::kFlush);
  EXPECT_EQ(reader.rest(), "PACK...");
}

TEST(PktLineTest, MalformedInputIsABadRequest) {
  for (std::string bad : {"00", "zzzz", "0003", "0010short"}) {
    PacketReader reader(bad);
    auto packet = reader.Next();
    ASSERT_FALSE(packet.has_value()) << bad;
    EXPECT_EQ(packet.error().code, core::ErrorCode::kBadRequest);
  }
  PacketReader empty("");
  EXPECT_FALSE(empty.Next()->has_value());
}

std::string Gzip(const std::string& text) {
  z_stream stream{};
  deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, text.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

TEST(GzipBodyTest, InflatesGitsCompressedRequests) {
  const std::string body(200'000, 'h');
  auto inflated = Gunzip(Gzip(body), 1 << 20);
  ASSERT_TRUE(inflated.has_value()) << inflated.error().message;
  EXPECT_EQ(*inflated, body);
  EXPECT_EQ(Gunzip(Gzip(body), 1000).error().code, core::ErrorCode::kPayloadTooLarge);
  EXPECT_EQ(Gunzip("not gzip", 1000).error().code, core::ErrorCode::kBadRequest);
  const std::string compressed = Gzip(body);
  EXPECT_EQ(Gunzip(compressed.substr(0, compressed.size() / 2), 1 << 20).error().code,
            core::ErrorCode::kBadRequest);
}

}  // namespace
}  // namespace modelhub::server::git
