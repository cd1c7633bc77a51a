// The implicit resolvers of PyYAML's resolver.py, tried in PyYAML's registration order for the
// scalar's first character: bool, float, int, merge, null, timestamp, value.
#include "modelhub/card/internal/yaml_scalar.h"

namespace modelhub::card::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A tiny cursor so that each regex alternative reads like the pattern it implements.
struct Cursor {
  std::string_view s;
  size_t i = 0;

  bool AtEnd() const { return i == s.size(); }
  char Peek(size_t k = 0) const { return i + k < s.size() ? s[i + k] : '\0'; }
  bool Eat(char c) {
    if (Peek() != c || AtEnd()) return false;
    ++i;
    return true;
  }
  void EatSign() {
    if (Peek() == '-' || Peek() == '+') ++i;
  }
  bool EatWord(std::string_view w) {
    if (s.substr(i, w.size()) != w) return false;
    i += w.size();
    return true;
  }
  template <typename Pred>
  size_t EatWhile(Pred pred) {
    const size_t start = i;
    while (!AtEnd() && pred(s[i])) ++i;
    return i - start;
  }
  size_t EatDigitsOrUnderscore() {
    return EatWhile([](char c) { return IsDigit(c) || c == '_'; });
  }
  // `(?::[0-5]?[0-9])+`; greedy two digits is exact because the group is always followed by a
  // character that is not a digit (':', '.' or the end).
  bool EatSexagesimalGroups() {
    size_t groups = 0;
    while (Peek() == ':') {
      const size_t save = i;
      ++i;
      if (Peek() >= '0' && Peek() <= '5' && IsDigit(Peek(1))) {
        i += 2;
      } else if (IsDigit(Peek())) {
        i += 1;
      } else {
        i = save;
        break;
      }
      ++groups;
    }
    return groups > 0;
  }
  // `(?:[eE][-+][0-9]+)?`
  void EatOptionalExponent() {
    if ((Peek() == 'e' || Peek() == 'E') && (Peek(1) == '-' || Peek(1) == '+') &&
        IsDigit(Peek(2))) {
      i += 2;
      EatWhile(IsDigit);
    }
  }
};

// Whether `v` is the lower-case word `lower` written lower-case, Capitalized or UPPER-CASE, the
// three spellings resolver.py lists for each bool and null word. Compared in place: matching the
// eighteen spellings one by one was most of the resolver's cost on ordinary words (card_bench).
bool IsWord(std::string_view v, std::string_view lower) {
  if (v.size() != lower.size() || (v[0] | 0x20) != lower[0]) return false;
  bool rest_lower = true;
  bool rest_upper = true;
  for (size_t i = 1; i < v.size(); ++i) {
    if (v[i] == lower[i]) {
      rest_upper = false;
    } else if (v[i] == lower[i] - ('a' - 'A')) {
      rest_lower = false;
    } else {
      return false;
    }
  }
  return rest_lower || (rest_upper && v[0] != lower[0]);
}

bool IsFloat(std::string_view v) {
  {  // [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    Cursor c{v};
    c.EatSign();
    if (IsDigit(c.Peek())) {
      c.EatDigitsOrUnderscore();
      if (c.Eat('.')) {
        c.EatDigitsOrUnderscore();
        c.EatOptionalExponent();
        if (c.AtEnd()) return true;
      }
    }
  }
  {  // \.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    Cursor c{v};
    if (c.Eat('.') && IsDigit(c.Peek())) {
      c.EatDigitsOrUnderscore();
      c.EatOptionalExponent();
      if (c.AtEnd()) return true;
    }
  }
  {  // [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    Cursor c{v};
    c.EatSign();
    if (IsDigit(c.Peek())) {
      c.EatDigitsOrUnderscore();
      if (c.EatSexagesimalGroups() && c.Eat('.')) {
        c.EatDigitsOrUnderscore();
        if (c.AtEnd()) return true;
      }
    }
  }
  {  // [-+]?\.(?:inf|Inf|INF)
    Cursor c{v};
    c.EatSign();
    if (c.Eat('.') && (c.EatWord("inf") || c.EatWord("Inf") || c.EatWord("INF")) && c.AtEnd()) {
      return true;
    }
  }
  return v == ".nan" || v == ".NaN" || v == ".NAN";
}

bool IsInt(std::string_view v) {
  Cursor c{v};
  c.EatSign();
  const size_t body = c.i;
  const auto all = [&](auto pred) {
    Cursor d = c;
    return d.EatWhile(pred) > 0 && d.AtEnd();
  };
  if (c.EatWord("0b") && all([](char x) { return x == '0' || x == '1' || x == '_'; })) return true;
  c.i = body;
  if (c.EatWord("0x") && all([](char x) {
        return IsDigit(x) || (x >= 'a' && x <= 'f') || (x >= 'A' && x <= 'F') || x == '_';
      })) {
    return true;
  }
  c.i = body;
  if (c.Eat('0')) {
    if (c.AtEnd()) return true;
    return all([](char x) { return (x >= '0' && x <= '7') || x == '_'; });
  }
  if (c.Peek() < '1' || c.Peek() > '9') return false;
  c.EatDigitsOrUnderscore();
  if (c.AtEnd()) return true;
  return c.EatSexagesimalGroups() && c.AtEnd();
}

}  // namespace

bool MatchTimestamp(std::string_view v, bool implicit);

ScalarTag ResolvePlainScalar(std::string_view v) {
  if (v.empty()) return ScalarTag::kNull;
  switch (v[0]) {
    case 'y':
    case 'Y':
      return IsWord(v, "yes") ? ScalarTag::kBool : ScalarTag::kStr;
    case 't':
    case 'T':
      return IsWord(v, "true") ? ScalarTag::kBool : ScalarTag::kStr;
    case 'f':
    case 'F':
      return IsWord(v, "false") ? ScalarTag::kBool : ScalarTag::kStr;
    case 'o':
    case 'O':
      return IsWord(v, "on") || IsWord(v, "off") ? ScalarTag::kBool : ScalarTag::kStr;
    case 'n':
    case 'N':
      if (IsWord(v, "no")) return ScalarTag::kBool;
      return IsWord(v, "null") ? ScalarTag::kNull : ScalarTag::kStr;
    case '~':
      return v.size() == 1 ? ScalarTag::kNull : ScalarTag::kStr;
    case '<':
      return v == "<<" ? ScalarTag::kMerge : ScalarTag::kStr;
    case '=':
      return v.size() == 1 ? ScalarTag::kValue : ScalarTag::kStr;
    case '.':
      return IsFloat(v) ? ScalarTag::kFloat : ScalarTag::kStr;
    case '-':
    case '+':
      if (IsFloat(v)) return ScalarTag::kFloat;
      return IsInt(v) ? ScalarTag::kInt : ScalarTag::kStr;
    default:
      if (!IsDigit(v[0])) return ScalarTag::kStr;
      if (IsFloat(v)) return ScalarTag::kFloat;
      if (IsInt(v)) return ScalarTag::kInt;
      return MatchTimestamp(v, /*implicit=*/true) ? ScalarTag::kTimestamp : ScalarTag::kStr;
  }
}

bool ScalarTagFromName(std::string_view tag, ScalarTag* out) {
  constexpr std::string_view kPrefix = "tag:yaml.org,2002:";
  if (tag.substr(0, kPrefix.size()) != kPrefix) return false;
  const std::string_view name = tag.substr(kPrefix.size());
  static constexpr std::pair<std::string_view, ScalarTag> kNames[] = {
      {"str", ScalarTag::kStr},      {"bool", ScalarTag::kBool},
      {"int", ScalarTag::kInt},      {"float", ScalarTag::kFloat},
      {"null", ScalarTag::kNull},    {"timestamp", ScalarTag::kTimestamp},
      {"binary", ScalarTag::kBinary}};
  for (const auto& [n, t] : kNames) {
    if (name == n) {
      *out = t;
      return true;
    }
  }
  return false;
}

}  // namespace modelhub::card::internal
