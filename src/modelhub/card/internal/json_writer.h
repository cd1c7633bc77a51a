// A compact JSON text writer whose output is byte-identical to nlohmann::json::dump(-1, ' ',
// false, error_handler_t::replace) of the same value, so that the inspect report can be written
// without building a DOM first (card_bench: building and dumping the report DOM was ~60% of
// InspectCard's instructions). Callers write object keys in sorted order, as nlohmann's std::map
// objects would.
#ifndef MODELHUB_CARD_INTERNAL_JSON_WRITER_H_
#define MODELHUB_CARD_INTERNAL_JSON_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace modelhub::card::internal {

class JsonWriter {
 public:
  // Appends to `out`, which is sized ahead and trimmed by Finish() or the destructor: growing a
  // std::string byte by byte (push_back/append calls) made a key cost ~190 instructions.
  explicit JsonWriter(std::string* out) : out_(out) {
    const size_t size = out_->size();
    out_->resize(size + 4096);
    next_ = out_->data() + size;
    end_ = out_->data() + out_->size();
  }
  // Writes over `scratch` from its start and leaves its size alone: the text is the first
  // Release() bytes. For a buffer reused across reports, which a resize would zero-fill each time
  // it grew back from the last report's size (card_bench: ~1% of inspect).
  struct Overwrite {};
  JsonWriter(std::string* scratch, Overwrite) : out_(scratch) {
    if (out_->size() < 4096) out_->resize(4096);
    next_ = out_->data();
    end_ = out_->data() + out_->size();
  }
  ~JsonWriter() {
    if (!released_) Finish();
  }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  // Trims the output to what was written.
  void Finish() { out_->resize(Written()); }
  // The number of bytes written, leaving the string's size as it is.
  size_t Release() {
    released_ = true;
    return Written();
  }

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // The key of the next value in the current object.
  void Key(std::string_view key);
  // A literal key, which must need no escaping (the report's own field names).
  template <size_t N>
  void Key(const char (&key)[N]) {
    // The separator is written in the same Grow, as Escaped() does (card_bench: a Grow per piece
    // was ~7 instructions, ~250 per card).
    const bool comma = Comma();
    char* p = Grow(N + 3);
    *p = ',';
    p += comma;
    p[0] = '"';
    std::memcpy(p + 1, key, N - 1);
    p[N] = '"';
    p[N + 1] = ':';
    next_ = p + N + 2;
    after_key_ = true;
  }

  void String(std::string_view value);
  void Int(int64_t value);
  void Bool(bool value);
  void Null();
  // A string, or null when `value` is empty.
  void StringOrNull(std::string_view value);
  void Value(const nlohmann::json& value);
  void StringArray(const std::vector<std::string>& values);

  // Text formatted in place by the caller, for runs of literal keys, integers and plain strings
  // (card_bench: a call per piece reloaded the write position and end each time, as a char store
  // may alias them; ~170 instructions per section). The caller writes at most `n` bytes from the
  // returned pointer, the separator the next value needs already written there, and passes where
  // it stopped to one of the Wrote calls below, which say what the text ended in.
  char* RoomSeparated(size_t n) {
    const bool comma = Comma();
    char* p = Grow(n + 1);
    next_ = p;  // counted as written by Wrote*
    *p = ',';
    return p + comma;
  }
  // Room for `n` bytes without a separator (the text continues a value or closes a container).
  char* Room(size_t n) {
    char* p = Grow(n);
    next_ = p;
    return p;
  }
  // The text ended right after a key.
  void WroteThroughKey(char* end) {
    next_ = end;
    first_ = false;
    after_key_ = true;
  }
  // The text ended after a value (a closed container or a scalar).
  void WroteValue(char* end) {
    next_ = end;
    first_ = false;
    after_key_ = false;
  }
  // The text ended in an opened container.
  void WroteOpen(char* end) {
    next_ = end;
    first_ = true;
    after_key_ = false;
  }
  // Writes `s` as a JSON string at `p`, which has room for s.size() + 2 bytes, when it needs no
  // escaping (ASCII without controls, '"' or '\\'); returns the end, or nullptr (nothing counted as
  // written) when it needs the escaper: the caller then ends its text and calls String().
  static char* PlainString(char* p, std::string_view s);

 private:
  // Room for `n` more bytes; returns where they go and counts them as written. The write
  // position and end are kept as pointers: through out_ every call reloaded the string's size and
  // data after each byte written (a char store may alias them), ~1.5% of inspect (card_bench).
  char* Grow(size_t n) {
    if (static_cast<size_t>(end_ - next_) < n) Reserve(n);
    char* p = next_;
    next_ += n;
    return p;
  }
  // Grows the string so that `n` more bytes fit.
  void Reserve(size_t n);
  size_t Written() const { return static_cast<size_t>(next_ - out_->data()); }
  void Put(char c) { *Grow(1) = c; }
  void Append(const char* data, size_t n) {
    if (n != 0) std::memcpy(Grow(n), data, n);
  }
  void Append(std::string_view s) { Append(s.data(), s.size()); }
  // Whether a ',' goes before the next value; the state moves on as if it had been written.
  bool Comma() {
    if (after_key_) {
      after_key_ = false;
      return false;
    }
    if (first_) {
      first_ = false;
      return false;
    }
    return true;
  }
  void Separate() {
    if (Comma()) Put(',');
  }
  // Inline: called out of line they were ~50 instructions per container (card_bench).
  void Open(char c) {
    const bool comma = Comma();
    char* p = Grow(2);
    *p = ',';
    p[comma] = c;
    next_ = p + 1 + comma;
    first_ = true;
  }
  void Close(char c) {
    Put(c);
    first_ = false;
  }
  // `s` quoted and escaped, after a ',' when `comma`.
  void Escaped(std::string_view s, bool comma);
  void EscapedSlow(std::string_view s);  // a string that needs escaping or is not ASCII

  std::string* out_;
  char* next_ = nullptr;  // where the next byte goes in *out_
  char* end_ = nullptr;   // the end of *out_'s current size
  bool first_ = true;     // no value yet in the current container
  bool after_key_ = false;
  bool released_ = false;
};

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_JSON_WRITER_H_
