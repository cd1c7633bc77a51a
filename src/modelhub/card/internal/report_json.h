// The parts of the inspect report written straight to JSON text, each byte-identical to the
// dump of its nlohmann counterpart (SectionsToJson, EvalResultToJson, FindingsToJson,
// TrustToJson, LineageToJson); inspect_test.cpp checks the whole report on the corpus.
#ifndef MODELHUB_CARD_INTERNAL_REPORT_JSON_H_
#define MODELHUB_CARD_INTERNAL_REPORT_JSON_H_

#include <cassert>
#include <charconv>
#include <cstddef>
#include <cstring>
#include <string_view>
#include <vector>

#include "modelhub/card/internal/json_writer.h"
#include "modelhub/card/internal/report_text.h"
#include "modelhub/card/lineage.h"
#include "modelhub/card/lint.h"
#include "modelhub/card/model_card.h"
#include "modelhub/card/model_index.h"
#include "modelhub/card/trust.h"

namespace modelhub::card::internal {

// A literal's bytes at `p` (formatting in JsonWriter::Room); returns their end.
template <size_t N>
inline char* PutLiteral(char* p, const char (&literal)[N]) {
  std::memcpy(p, literal, N - 1);
  return p + N - 1;
}

constexpr size_t kMaxIntDigits = 11;  // "-2147483648"

inline char* PutInt(char* p, int value) { return std::to_chars(p, p + kMaxIntDigits, value).ptr; }

// A run of JSON text formatted in place: literals, integers, booleans and strings, those that
// need escaping handed to the writer. `budget` bounds the run's bytes with its strings unescaped;
// after a string the writer wrote, the rest goes into fresh room of the same size.
class InPlaceRun {
 public:
  // After the separator the next value needs (JsonWriter::RoomSeparated).
  InPlaceRun(JsonWriter* w, size_t budget)
      : w_(w), budget_(budget), p_(w->RoomSeparated(budget)), room_(p_) {}
  // With no separator: the run continues a value or closes a container.
  struct Continue {};
  InPlaceRun(JsonWriter* w, size_t budget, Continue)
      : w_(w), budget_(budget), p_(w->Room(budget)), room_(p_) {}
  InPlaceRun(const InPlaceRun&) = delete;
  InPlaceRun& operator=(const InPlaceRun&) = delete;

  template <size_t N>
  InPlaceRun& Literal(const char (&literal)[N]) {
    p_ = PutLiteral(p_, literal);
    return *this;
  }
  InPlaceRun& Int(int value) {
    p_ = PutInt(p_, value);
    return *this;
  }
  InPlaceRun& Bool(bool value) {
    if (value) return Literal("true");
    return Literal("false");
  }
  InPlaceRun& String(std::string_view value) {
    if (char* end = JsonWriter::PlainString(p_, value)) {
      p_ = end;
    } else {
      w_->WroteThroughKey(Checked());
      w_->String(value);
      p_ = room_ = w_->Room(budget_);
    }
    return *this;
  }
  // A string, or null when empty (JsonWriter::StringOrNull).
  InPlaceRun& StringOrNull(std::string_view value) {
    if (value.empty()) return Literal("null");
    return String(value);
  }
  // The run ends right after a key, or after a value.
  void EndThroughKey() { w_->WroteThroughKey(Checked()); }
  void EndValue() { w_->WroteValue(Checked()); }
  // The run ends in an opened container.
  void EndOpen() { w_->WroteOpen(Checked()); }

 private:
  // The write position, within the room taken.
  char* Checked() const {
    assert(p_ <= room_ + budget_);
    return p_;
  }

  JsonWriter* w_;
  size_t budget_;
  char* p_;
  char* room_;  // where the current room starts
};

void WriteSections(const Card& card, JsonWriter* w);
void WriteEvalResult(const EvalResult& r, JsonWriter* w);
void WriteFindings(const std::vector<FindingData>& findings, JsonWriter* w);
void WriteTrust(const TrustData& report, JsonWriter* w);
void WriteLineage(const Lineage& lineage, JsonWriter* w);

}  // namespace modelhub::card::internal

#endif  // MODELHUB_CARD_INTERNAL_REPORT_JSON_H_
