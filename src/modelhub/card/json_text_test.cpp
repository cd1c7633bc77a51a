// IndentJson must give what nlohmann's dump(indent) gives for the same value.
#include "modelhub/card/json_text.h"

#include <random>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace modelhub::card {
namespace {

using nlohmann::json;

void ExpectIndentedLikeDump(const json& value) {
  for (const int indent : {0, 2, 4}) {
    EXPECT_EQ(IndentJson(value.dump(), indent), value.dump(indent)) << value.dump();
  }
}

TEST(IndentJson, FixedValues) {
  ExpectIndentedLikeDump(json::object());
  ExpectIndentedLikeDump(json::array());
  ExpectIndentedLikeDump(json(nullptr));
  ExpectIndentedLikeDump(json(-1.5));
  ExpectIndentedLikeDump(json("plain"));
  ExpectIndentedLikeDump(json::parse(R"({"a":[],"b":{},"c":[{}],"d":[[]],"e":{"f":{"g":[1,2]}}})"));
  // Punctuation and escapes inside strings are copied, not indented.
  ExpectIndentedLikeDump(json::parse(R"({"k{,}:[]":"v\"{,}:[]\\","\\":["\"",",","\\\\"]})"));
  ExpectIndentedLikeDump(json::parse(R"(["\u0001 caf\u00e9", "tab\there", "end\\"])"));
}

json RandomValue(std::mt19937* random, int depth) {
  std::uniform_int_distribution<int> kind(0, depth > 3 ? 3 : 6);
  std::uniform_int_distribution<int> count(0, 3);
  static const char* const kStrings[] = {"", "a", "{", "}", "[]", ",", ":", "\"", "\\", "x\\\"y"};
  std::uniform_int_distribution<size_t> pick(0, std::size(kStrings) - 1);
  switch (kind(*random)) {
    case 0:
      return nullptr;
    case 1:
      return count(*random) - 1;
    case 2:
      return count(*random) % 2 == 0;
    case 3:
      return kStrings[pick(*random)];
    case 4: {
      json array = json::array();
      for (int i = count(*random); i > 0; --i) array.push_back(RandomValue(random, depth + 1));
      return array;
    }
    default: {
      json object = json::object();
      for (int i = count(*random); i > 0; --i) {
        object[kStrings[pick(*random)]] = RandomValue(random, depth + 1);
      }
      return object;
    }
  }
}

TEST(IndentJson, RandomValues) {
  std::mt19937 random(5);
  for (int round = 0; round < 2000; ++round) ExpectIndentedLikeDump(RandomValue(&random, 0));
}

}  // namespace
}  // namespace modelhub::card
