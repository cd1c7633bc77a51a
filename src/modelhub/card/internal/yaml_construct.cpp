// SafeConstructor's scalar constructors (PyYAML constructor.py). Python integers are unbounded;
// JSON numbers are not, so integers beyond 64 bits become doubles, as json.loads of
// json.dumps output would give them to a C++ reader.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

#include "modelhub/card/internal/text.h"
#include "modelhub/card/internal/yaml_scalar.h"
#include "modelhub/core/encoding.h"

namespace modelhub::card::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

struct TimestampParts {
  int year = 0, month = 0, day = 0;
  bool has_time = false;
  int hour = 0, minute = 0, second = 0;
  std::string_view fraction;
  char tz = 0;  // 0, 'Z', '+' or '-'
  int tz_hour = 0, tz_minute = 0;
};

// Reads 1..max_digits digits (at least min_digits) at `i`.
bool ReadNumber(std::string_view s, size_t* i, size_t min_digits, size_t max_digits, int* out) {
  size_t n = 0;
  int value = 0;
  while (*i + n < s.size() && n < max_digits && IsDigit(s[*i + n])) {
    value = value * 10 + (s[*i + n] - '0');
    ++n;
  }
  if (n < min_digits) return false;
  *i += n;
  *out = value;
  return true;
}

// constructor.py's timestamp_regexp (the time part optional).
bool ParseTimestamp(std::string_view s, TimestampParts* p) {
  size_t i = 0;
  if (!ReadNumber(s, &i, 4, 4, &p->year) || i >= s.size() || s[i++] != '-') return false;
  if (!ReadNumber(s, &i, 1, 2, &p->month) || i >= s.size() || s[i++] != '-') return false;
  if (!ReadNumber(s, &i, 1, 2, &p->day)) return false;
  if (i == s.size()) return true;
  if (s[i] == 'T' || s[i] == 't') {
    ++i;
  } else if (s[i] == ' ' || s[i] == '\t') {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  } else {
    return false;
  }
  p->has_time = true;
  if (!ReadNumber(s, &i, 1, 2, &p->hour) || i >= s.size() || s[i++] != ':') return false;
  if (!ReadNumber(s, &i, 2, 2, &p->minute) || i >= s.size() || s[i++] != ':') return false;
  if (!ReadNumber(s, &i, 2, 2, &p->second)) return false;
  if (i < s.size() && s[i] == '.') {
    const size_t start = ++i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    p->fraction = s.substr(start, i - start);
  }
  if (i == s.size()) return true;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (i < s.size() && s[i] == 'Z') {
    p->tz = 'Z';
    return i + 1 == s.size();
  }
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
  p->tz = s[i++];
  if (!ReadNumber(s, &i, 1, 2, &p->tz_hour)) return false;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!ReadNumber(s, &i, 2, 2, &p->tz_minute)) return false;
  }
  return i == s.size();
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Python's datetime.date/datetime constructors validate fields; isoformat() formats them.
bool TimestampToIso(const TimestampParts& p, std::string* out, std::string* error) {
  if (p.year < 1 || p.year > 9999) return *error = "ValueError: year is out of range", false;
  if (p.month < 1 || p.month > 12) return *error = "ValueError: month must be in 1..12", false;
  if (p.day < 1 || p.day > DaysInMonth(p.year, p.month)) {
    return *error = "ValueError: day is out of range for month", false;
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", p.year, p.month, p.day);
  *out = buffer;
  if (!p.has_time) return true;
  if (p.hour > 23) return *error = "ValueError: hour must be in 0..23", false;
  if (p.minute > 59) return *error = "ValueError: minute must be in 0..59", false;
  if (p.second > 59) return *error = "ValueError: second must be in 0..59", false;
  std::snprintf(buffer, sizeof buffer, "T%02d:%02d:%02d", p.hour, p.minute, p.second);
  *out += buffer;
  std::string micro(p.fraction.substr(0, 6));
  micro.resize(6, '0');
  if (micro != "000000") *out += "." + micro;
  if (p.tz == 'Z') {
    *out += "+00:00";
  } else if (p.tz != 0) {
    const int minutes = p.tz_hour * 60 + p.tz_minute;
    if (minutes >= 24 * 60) {
      return *error = "ValueError: offset must be a timedelta strictly between -24h and 24h", false;
    }
    std::snprintf(buffer, sizeof buffer, "%c%02d:%02d", minutes == 0 ? '+' : p.tz, minutes / 60,
                  minutes % 60);
    *out += buffer;
  }
  return true;
}

// Accumulates `digits` in `base`; integers past 64 bits continue as a double.
bool AccumulateInteger(std::string_view digits, int base, bool negative, nlohmann::json* out) {
  if (digits.empty()) return false;
  uint64_t exact = 0;
  double approx = 0;
  bool overflow = false;
  for (char c : digits) {
    int d = -1;
    if (IsDigit(c)) d = c - '0';
    if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0 || d >= base) return false;
    if (!overflow &&
        exact > (std::numeric_limits<uint64_t>::max() - static_cast<uint64_t>(d)) / base) {
      overflow = true;
      approx = static_cast<double>(exact);
    }
    if (overflow) {
      approx = approx * base + d;
    } else {
      exact = exact * base + static_cast<uint64_t>(d);
    }
  }
  constexpr uint64_t kMaxPositive = std::numeric_limits<int64_t>::max();
  if (overflow) {
    *out = negative ? -approx : approx;
  } else if (negative) {
    if (exact <= kMaxPositive + 1) {
      *out = exact == kMaxPositive + 1 ? std::numeric_limits<int64_t>::min()
                                       : -static_cast<int64_t>(exact);
    } else {
      *out = -static_cast<double>(exact);
    }
  } else if (exact <= kMaxPositive) {
    *out = static_cast<int64_t>(exact);
  } else {
    *out = exact;
  }
  return true;
}

std::string WithoutUnderscores(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c != '_') out += c;
  }
  return out;
}

// The text a scalar is constructed from: `raw` without its underscores when `drop_underscores`,
// lower-cased when `lower`; on the stack when short (card_bench: the std::strings of
// WithoutUnderscores and ToLower cost ~170 instructions per card more).
class ScalarText {
 public:
  ScalarText(std::string_view raw, bool drop_underscores, bool lower) {
    if (raw.size() > sizeof buffer_) {
      storage_ = drop_underscores ? WithoutUnderscores(raw) : std::string(raw);
      if (lower) ToLowerInPlace(storage_.data(), storage_.size());
      view_ = storage_;
      return;
    }
    size_t n = 0;
    for (const char c : raw) {
      if (drop_underscores && c == '_') continue;
      buffer_[n++] = c;
    }
    if (lower) ToLowerInPlace(buffer_, n);
    view_ = std::string_view(buffer_, n);
  }
  ScalarText(const ScalarText&) = delete;
  ScalarText& operator=(const ScalarText&) = delete;

  std::string_view view() const { return view_; }

 private:
  char buffer_[32];
  std::string storage_;
  std::string_view view_;
};

bool ConstructInt(std::string_view raw, nlohmann::json* out, std::string* error) {
  const ScalarText text(raw, /*drop_underscores=*/true, /*lower=*/false);
  std::string_view value = text.view();
  if (value.empty()) return *error = "IndexError: string index out of range", false;
  bool negative = false;
  if (value[0] == '-' || value[0] == '+') {
    negative = value[0] == '-';
    value.remove_prefix(1);
  }
  bool ok = true;
  if (value == "0") {
    *out = 0;
  } else if (value.substr(0, 2) == "0b") {
    ok = AccumulateInteger(value.substr(2), 2, negative, out);
  } else if (value.substr(0, 2) == "0x") {
    ok = AccumulateInteger(value.substr(2), 16, negative, out);
  } else if (!value.empty() && value[0] == '0') {
    ok = AccumulateInteger(value, 8, negative, out);
  } else if (value.find(':') != std::string_view::npos) {
    // Sexagesimal: "190:20:30" is 190*3600 + 20*60 + 30.
    double total = 0;
    uint64_t exact = 0;
    bool fits = true;
    size_t start = 0;
    while (ok) {
      const size_t colon = value.find(':', start);
      const std::string_view part =
          value.substr(start, colon == std::string_view::npos ? colon : colon - start);
      nlohmann::json digit;
      ok = AccumulateInteger(part, 10, false, &digit);
      if (!ok) break;
      const double d = digit.get<double>();
      total = total * 60 + d;
      if (fits && digit.is_number_integer() && exact < (uint64_t{1} << 56)) {
        exact = exact * 60 + digit.get<uint64_t>();
      } else {
        fits = false;
      }
      if (colon == std::string_view::npos) break;
      start = colon + 1;
    }
    if (ok && fits) {
      *out = negative ? -static_cast<int64_t>(exact) : static_cast<int64_t>(exact);
    } else if (ok) {
      *out = negative ? -total : total;
    }
  } else {
    ok = AccumulateInteger(value, 10, negative, out);
  }
  // Only now: built up front for every integer, the message was an allocation each.
  if (!ok) *error = "ValueError: invalid literal for int(): '" + std::string(raw) + "'";
  return ok;
}

bool ParsePythonFloat(std::string_view text, double* out) {
  text = Trim(text);
  if (text.empty()) return false;
  bool negative = false;
  if (text[0] == '+' || text[0] == '-') {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text[0] == '+' || text[0] == '-') return false;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (end != text.data() + text.size()) return false;
  if (ec == std::errc::result_out_of_range) {
    value = std::strtod(std::string(text).c_str(), nullptr);  // inf or 0, as Python gives
  } else if (ec != std::errc()) {
    return false;
  }
  *out = negative ? -value : value;
  return true;
}

bool ConstructFloat(std::string_view raw, nlohmann::json* out, std::string* error) {
  const ScalarText text(raw, /*drop_underscores=*/true, /*lower=*/true);
  std::string_view value = text.view();
  if (value.empty()) return *error = "IndexError: string index out of range", false;
  // Built only on failure: up front it was an allocation for every float.
  const auto invalid = [&] {
    *error = "ValueError: could not convert string to float: '" + std::string(raw) + "'";
    return false;
  };
  double sign = 1;
  if (value[0] == '-') sign = -1;
  if (value[0] == '-' || value[0] == '+') value.remove_prefix(1);
  if (value == ".inf") {
    *out = sign * std::numeric_limits<double>::infinity();
  } else if (value == ".nan") {
    *out = std::numeric_limits<double>::quiet_NaN();
  } else if (value.find(':') != std::string_view::npos) {
    double total = 0;
    size_t start = 0;
    while (true) {
      const size_t colon = value.find(':', start);
      double part = 0;
      const std::string_view piece =
          value.substr(start, colon == std::string_view::npos ? colon : colon - start);
      if (!ParsePythonFloat(piece, &part)) return invalid();
      total = total * 60 + part;
      if (colon == std::string_view::npos) break;
      start = colon + 1;
    }
    *out = sign * total;
  } else {
    double parsed = 0;
    if (!ParsePythonFloat(value, &parsed)) return invalid();
    *out = sign * parsed;
  }
  return true;
}

bool ConstructBool(std::string_view raw, nlohmann::json* out, std::string* error) {
  const ScalarText text(raw, /*drop_underscores=*/false, /*lower=*/true);
  const std::string_view v = text.view();
  if (v == "yes" || v == "true" || v == "on") {
    *out = true;
  } else if (v == "no" || v == "false" || v == "off") {
    *out = false;
  } else {
    return *error = "KeyError: '" + std::string(v) + "'", false;
  }
  return true;
}

bool ConstructBinary(std::string_view raw, nlohmann::json* out, std::string* error) {
  std::string compact;
  for (char c : raw) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') compact += c;
  }
  const auto decoded = core::Base64Decode(compact);
  if (!decoded) return *error = "ConstructorError: failed to decode base64 data", false;
  *out = ValidUtf8(*decoded) == *decoded ? *decoded : compact;
  return true;
}

}  // namespace

bool MatchTimestamp(std::string_view v, bool implicit) {
  TimestampParts parts;
  if (!ParseTimestamp(v, &parts)) return false;
  // resolver.py accepts a bare date only in the strict YYYY-MM-DD form.
  return !implicit || parts.has_time || (v.size() == 10 && v[7] == '-');
}

bool ConstructScalar(ScalarTag tag, std::string_view value, nlohmann::json* out,
                     std::string* error) {
  switch (tag) {
    case ScalarTag::kStr:
      *out = std::string(value);
      return true;
    case ScalarTag::kNull:
      *out = nullptr;
      return true;
    case ScalarTag::kBool:
      return ConstructBool(value, out, error);
    case ScalarTag::kInt:
      return ConstructInt(value, out, error);
    case ScalarTag::kFloat:
      return ConstructFloat(value, out, error);
    case ScalarTag::kBinary:
      return ConstructBinary(value, out, error);
    case ScalarTag::kTimestamp: {
      TimestampParts parts;
      if (!ParseTimestamp(value, &parts)) {
        return *error = "TypeError: not a timestamp: '" + std::string(value) + "'", false;
      }
      std::string iso;
      if (!TimestampToIso(parts, &iso, error)) return false;
      *out = std::move(iso);
      return true;
    }
    case ScalarTag::kMerge:
      *error =
          "ConstructorError: could not determine a constructor for the tag "
          "'tag:yaml.org,2002:merge'";
      return false;
    case ScalarTag::kValue:
      *error =
          "ConstructorError: could not determine a constructor for the tag "
          "'tag:yaml.org,2002:value'";
      return false;
  }
  return false;
}

std::string PythonFloatRepr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  const std::string sci(buffer, result.ptr);
  const size_t e = sci.find('e');
  std::string mantissa = sci.substr(0, e);
  const int exponent = std::stoi(sci.substr(e + 1));
  std::string sign;
  if (mantissa[0] == '-') {
    sign = "-";
    mantissa.erase(0, 1);
  }
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits += c;
  }
  if (exponent >= -5 + 1 && exponent < 16) {
    std::string fixed;
    if (exponent < 0) {
      fixed = "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    } else if (static_cast<size_t>(exponent) + 1 >= digits.size()) {
      fixed = digits + std::string(exponent + 1 - digits.size(), '0') + ".0";
    } else {
      fixed = digits.substr(0, exponent + 1) + "." + digits.substr(exponent + 1);
    }
    return sign + fixed;
  }
  std::string out = sign + digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  std::snprintf(buffer, sizeof buffer, "e%c%02d", exponent < 0 ? '-' : '+',
                exponent < 0 ? -exponent : exponent);
  return out + buffer;
}

std::string PythonKeyString(const nlohmann::json& key) {
  if (key.is_string()) return key.get<std::string>();
  if (key.is_boolean()) return key.get<bool>() ? "true" : "false";
  if (key.is_null()) return "null";
  if (key.is_number_float()) {
    const double d = key.get<double>();
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    return PythonFloatRepr(d);
  }
  return key.dump();
}

}  // namespace modelhub::card::internal
