#include "modelhub/card/internal/json_writer.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

#include "modelhub/card/internal/text.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace modelhub::card::internal {
namespace {

// Bytes that nlohmann escapes in valid UTF-8: controls, '"' and '\\'. Runs of other bytes are
// appended in one go.
constexpr auto kEscaped = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = c < 0x20 || c == '"' || c == '\\';
  return table;
}();

// Whether any of the 8 bytes in `x` is a control, '"', '\\' or non-ASCII (SWAR; the escaper
// skips plain text 8 bytes at a time, card_bench: byte-wise escaping was ~10% of inspect).
bool NeedsAttention(uint64_t x) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  return ((x - kOnes * 0x20) & ~x & kHigh) != 0 || has_zero(x ^ (kOnes * '"')) != 0 ||
         has_zero(x ^ (kOnes * '\\')) != 0 || (x & kHigh) != 0;
}

#ifdef __SSE2__
// Bit i set when byte i of `v` is a control, '"', '\\' or non-ASCII.
unsigned FlaggedBytes(__m128i v) {
  // Signed: bytes from 0x80 are negative, so below 0x20 covers controls and non-ASCII.
  const __m128i flagged = _mm_or_si128(
      _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  return static_cast<unsigned>(_mm_movemask_epi8(flagged));
}

// The same for the 16 bytes at `p`.
unsigned FlaggedBytes(const char* p) {
  return FlaggedBytes(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
#endif

// Whether neither `a` nor `b` needs attention: one vector test where SSE2 has it (card_bench: the
// two SWAR tests were ~30 instructions per short key or value, ~800 per card).
bool BothPlain(uint64_t a, uint64_t b) {
#ifdef __SSE2__
  return FlaggedBytes(_mm_set_epi64x(static_cast<int64_t>(b), static_cast<int64_t>(a))) == 0;
#else
  return !NeedsAttention(a) && !NeedsAttention(b);
#endif
}

// Whether `s` is ASCII with no control, '"' or '\\' (so it is written as is), tested with
// whole-word loads, overlapping at the end: most keys and values are short, and the byte-wise
// tail of the general loop below cost more than the words before it (card_bench). Inline in
// both callers: out of line it cost Escaped ~10 instructions per string.
__attribute__((always_inline)) inline bool IsPlainAscii(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
#ifdef __SSE2__
  if (n >= 16) {
    for (size_t i = 0;; i += 16) {
      if (i + 16 > n) i = n - 16;
      if (FlaggedBytes(p + i) != 0) return false;
      if (i + 16 == n) return true;
    }
  }
#endif
  if (n >= 8) {
    uint64_t word;
    size_t i = 0;
    for (; i + 8 < n; i += 8) {
      std::memcpy(&word, p + i, sizeof word);
      if (NeedsAttention(word)) return false;
    }
    std::memcpy(&word, p + n - 8, sizeof word);
    return !NeedsAttention(word);
  }
  if (n >= 4) {
    uint32_t head;
    uint32_t tail;
    std::memcpy(&head, p, sizeof head);
    std::memcpy(&tail, p + n - 4, sizeof tail);
    return !NeedsAttention((uint64_t{tail} << 32) | head);
  }
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c >= 0x80 || kEscaped[c]) return false;
  }
  return true;
}

// Utf8SequenceAt(s, i) for a non-ASCII byte, with the two- and three-byte characters that need no
// decoding to be valid tested in line (card_bench: a call per character of text in other scripts
// was ~430 instructions per card).
size_t NonAsciiSequenceAt(std::string_view s, size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  const auto continues = [&](size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  if (lead >= 0xC2 && lead < 0xE0) return continues(1) ? 2 : 0;
  if (lead > 0xE0 && lead < 0xF0 && lead != 0xED) return continues(1) && continues(2) ? 3 : 0;
  return Utf8SequenceAt(s, i);
}

// For 4 <= s.size() <= 16: copies `s` to `out` when no byte of it needs escaping and returns
// whether it did, with two overlapping loads tested and stored as they are (most keys and values
// are this short, and a memcpy call cost more than the test: card_bench).
__attribute__((always_inline)) inline bool CopyShortPlain(std::string_view s, char* out) {
  const size_t n = s.size();
  if (n >= 8) {
    uint64_t head;
    uint64_t tail;
    std::memcpy(&head, s.data(), sizeof head);
    std::memcpy(&tail, s.data() + n - 8, sizeof tail);
    if (!BothPlain(head, tail)) return false;
    std::memcpy(out, &head, sizeof head);
    std::memcpy(out + n - 8, &tail, sizeof tail);
    return true;
  }
  uint32_t head;
  uint32_t tail;
  std::memcpy(&head, s.data(), sizeof head);
  std::memcpy(&tail, s.data() + n - 4, sizeof tail);
  const uint64_t word = (uint64_t{tail} << 32) | head;
  if (!BothPlain(word, word)) return false;
  std::memcpy(out, &head, sizeof head);
  std::memcpy(out + n - 4, &tail, sizeof tail);
  return true;
}

// JsonWriter::PlainString, inline for Value's walk.
__attribute__((always_inline)) inline char* PutPlain(char* p, std::string_view s) {
  const size_t n = s.size();
  char* out = p + 1;
  if (n >= 4 && n <= 16) {
    if (!CopyShortPlain(s, out)) return nullptr;
    *p = '"';
    out[n] = '"';
    return out + n + 1;
  }
#ifdef __SSE2__
  if (n > 16) {
    // Tested and copied 16 bytes at a time, the last block overlapping the one before it: no
    // separate scan and memcpy call (card_bench: ~40 instructions per long string). A block
    // copied before a later one fails the test is harmless: nothing is counted as written.
    for (size_t i = 0;; i += 16) {
      if (i + 16 > n) i = n - 16;
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
      if (FlaggedBytes(v) != 0) return nullptr;
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), v);
      if (i + 16 == n) break;
    }
    *p = '"';
    out[n] = '"';
    return out + n + 1;
  }
#endif
  if (!IsPlainAscii(s)) return nullptr;
  *p = '"';
  if (n != 0) std::memcpy(out, s.data(), n);
  out[n] = '"';
  return out + n + 1;
}

}  // namespace

void JsonWriter::Reserve(size_t n) {
  const size_t written = Written();
  out_->resize(2 * (written + n));
  next_ = out_->data() + written;
  end_ = out_->data() + out_->size();
}

char* JsonWriter::PlainString(char* p, std::string_view s) { return PutPlain(p, s); }

void JsonWriter::Key(std::string_view key) {
  Escaped(key, Comma());
  Put(':');
  after_key_ = true;
}

void JsonWriter::String(std::string_view value) { Escaped(value, Comma()); }

void JsonWriter::Int(int64_t value) {
  Separate();
  // Straight into the output: room for the longest, then the unused tail given back.
  constexpr size_t kMaxDigits = 20;  // "-9223372036854775808"
  char* p = Grow(kMaxDigits);
  next_ = std::to_chars(p, p + kMaxDigits, value).ptr;
}

void JsonWriter::Bool(bool value) {
  Separate();
  Append(value ? "true" : "false");
}

void JsonWriter::Null() {
  Separate();
  Append("null");
}

void JsonWriter::StringOrNull(std::string_view value) {
  if (value.empty()) {
    Null();
  } else {
    String(value);
  }
}

void JsonWriter::StringArray(const std::vector<std::string>& values) {
  BeginArray();
  for (const std::string& v : values) String(v);
  EndArray();
}

void JsonWriter::Value(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      // The containers themselves: items()'s proxies cost ~40% of this walk (card_bench).
      BeginObject();
      bool first = true;
      for (const auto& [k, v] : value.get_ref<const nlohmann::json::object_t&>()) {
        if (v.is_string()) {
          // The separator, the key, its ':' and a string value formatted in place in one piece
          // when neither needs escaping (card_bench: ~400 instructions per card over an Escaped
          // call for each, with the array items below).
          const std::string& text = v.get_ref<const std::string&>();
          char* p = Grow(k.size() + text.size() + 6);
          next_ = p;
          *p = ',';
          p += !first;
          first = false;
          if (char* colon = PutPlain(p, k)) {
            *colon = ':';
            if (char* end = PutPlain(colon + 1, text)) {
              next_ = end;
              continue;
            }
            next_ = colon + 1;
          } else {
            next_ = p;
            Escaped(k, false);
            Put(':');
          }
          Escaped(text, false);
          continue;
        }
        // The separator, the key and its ':' in one piece (card_bench: ~40 instructions per key).
        Escaped(k, !first);
        first = false;
        Put(':');
        after_key_ = true;
        Value(v);
      }
      EndObject();
      return;
    }
    case nlohmann::json::value_t::array: {
      BeginArray();
      bool first = true;
      for (const nlohmann::json& v : value.get_ref<const nlohmann::json::array_t&>()) {
        // A string item without the call, as for an object's values.
        if (v.is_string()) {
          const std::string& text = v.get_ref<const std::string&>();
          char* p = Grow(text.size() + 3);
          next_ = p;
          *p = ',';
          p += !first;
          if (char* end = PutPlain(p, text)) {
            next_ = end;
          } else {
            next_ = p;
            Escaped(text, false);
          }
          first_ = false;
        } else {
          Value(v);  // separated by first_, which BeginArray set and a string item clears
        }
        first = false;
      }
      EndArray();
      return;
    }
    case nlohmann::json::value_t::string:
      String(value.get_ref<const std::string&>());
      return;
    case nlohmann::json::value_t::boolean:
      Bool(value.get<bool>());
      return;
    case nlohmann::json::value_t::number_integer:
      Int(value.get<int64_t>());
      return;
    case nlohmann::json::value_t::number_unsigned: {
      Separate();
      char buffer[24];
      const auto end = std::to_chars(buffer, buffer + sizeof buffer, value.get<uint64_t>()).ptr;
      Append(buffer, static_cast<size_t>(end - buffer));
      return;
    }
    case nlohmann::json::value_t::number_float: {
      // What nlohmann's serializer does (dump_float): "null" for NaN and infinities, else its
      // own shortest round-trip form, written without dump()'s string (card_bench).
      const double x = value.get<double>();
      Separate();
      if (!std::isfinite(x)) {
        Append("null");
        return;
      }
      char buffer[64];
      const char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, x);
      Append(buffer, static_cast<size_t>(end - buffer));
      return;
    }
    case nlohmann::json::value_t::null:
      Null();
      return;
    default:
      // Binary.
      Separate();
      Append(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      return;
  }
}

void JsonWriter::Escaped(std::string_view s, bool comma) {
  const size_t n = s.size();
  if (n >= 4 && n <= 16) {
    char* p = Grow(n + 3);
    *p = ',';
    p += comma;
    next_ = p + n + 2;
    p[0] = '"';
    p[n + 1] = '"';
    if (CopyShortPlain(s, p + 1)) return;
    next_ = p;
    EscapedSlow(s);
    return;
  }
  if (IsPlainAscii(s)) {
    char* p = Grow(n + 3);
    *p = ',';
    p += comma;
    p[0] = '"';
    if (n != 0) std::memcpy(p + 1, s.data(), n);
    p[n + 1] = '"';
    next_ = p + n + 2;
    return;
  }
  if (comma) Put(',');
  EscapedSlow(s);
}

// Out of line: inlined, its register needs gave every plain string the prologue and epilogue of
// the whole escaper (card_bench: ~20 instructions per string, ~100 strings per report).
__attribute__((noinline)) void JsonWriter::EscapedSlow(std::string_view s) {
  const size_t rollback = Written();
  Put('"');
  size_t run = 0;
  size_t i = 0;
  while (i < s.size()) {
#ifdef __SSE2__
    // 16 bytes at a time to the first that needs attention (card_bench: the 8-byte SWAR test
    // alone left escaping at ~7% of inspect).
    while (i + 16 <= s.size()) {
      const unsigned mask = FlaggedBytes(s.data() + i);
      if (mask != 0) {
        i += static_cast<size_t>(__builtin_ctz(mask));
        break;
      }
      i += 16;
    }
#endif
    uint64_t word;
    while (i + sizeof word <= s.size()) {
      std::memcpy(&word, s.data() + i, sizeof word);
      if (NeedsAttention(word)) break;
      i += sizeof word;
    }
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // The whole run of non-ASCII characters (text in other scripts) before the next block
      // test: one per character cost ~15 instructions each (card_bench).
      do {
        const size_t n = NonAsciiSequenceAt(s, i);
        if (n == 0) {
          // Rare; nlohmann's replacement rules for broken sequences are subtle, so let it write.
          next_ = out_->data() + rollback;
          Append(nlohmann::json(std::string(s))
                     .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
          return;
        }
        i += n;
      } while (i < s.size() && static_cast<unsigned char>(s[i]) >= 0x80);
      continue;
    }
    if (!kEscaped[c]) {
      ++i;
      continue;
    }
    Append(s.data() + run, i - run);
    run = ++i;
    switch (c) {
      case '"':
        Append("\\\"");
        break;
      case '\\':
        Append("\\\\");
        break;
      case '\b':
        Append("\\b");
        break;
      case '\t':
        Append("\\t");
        break;
      case '\n':
        Append("\\n");
        break;
      case '\f':
        Append("\\f");
        break;
      case '\r':
        Append("\\r");
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        Append(escape, sizeof escape);
      }
    }
  }
  Append(s.data() + run, s.size() - run);
  Put('"');
}

}  // namespace modelhub::card::internal
