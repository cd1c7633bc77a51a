// CheckGatedAnswers: the answers a user gives to a gated repo's `extra_gated_fields` form, field
// type by field type, and the errors for missing, unknown and malformed answers.
#include "modelhub/hub/internal/gated_fields.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace modelhub::hub::internal {
namespace {

using core::ErrorCode;
using nlohmann::json;
using ::testing::HasSubstr;

// The form of the Hub's documentation example (hub-docs models-gated.md).
const json kForm = json::parse(R"({
  "Company": "text",
  "Country": "country",
  "Date of birth": "date_picker",
  "I agree to the terms": "checkbox",
  "Purpose": {"type": "select", "options": ["Research", "Education",
                                            {"label": "Commercial use", "value": "commercial"}]}
})");

json ValidAnswers() {
  return {{"Company", "Acme"},
          {"Country", "France"},
          {"Date of birth", "1990-01-01"},
          {"I agree to the terms", "on"},
          {"Purpose", "Research"}};
}

// The message of the BadRequest `CheckGatedAnswers(form, answers)` must be.
std::string Refusal(const json& form, const json& answers) {
  auto checked = CheckGatedAnswers(form, answers);
  EXPECT_FALSE(checked.has_value()) << answers.dump();
  if (checked) return "";
  EXPECT_EQ(checked.error().code, ErrorCode::kBadRequest);
  return checked.error().message;
}

TEST(GatedFieldsTest, ValidAnswersAreStoredByLabel) {
  auto stored = CheckGatedAnswers(kForm, ValidAnswers());
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  EXPECT_EQ(*stored, json({{"Company", "Acme"},
                           {"Country", "France"},
                           {"Date of birth", "1990-01-01"},
                           {"I agree to the terms", true},
                           {"Purpose", "Research"}}));
}

TEST(GatedFieldsTest, TextFieldNeedsANonEmptyString) {
  json form = {{"Company", "text"}};
  EXPECT_EQ(*CheckGatedAnswers(form, {{"Company", "Acme"}}), json({{"Company", "Acme"}}));
  EXPECT_EQ(Refusal(form, {{"Company", ""}}),
            "Gated access form: field 'Company' must be a non-empty string");
  EXPECT_THAT(Refusal(form, {{"Company", 42}}), HasSubstr("must be a non-empty string"));
  EXPECT_THAT(Refusal(form, {{"Company", true}}), HasSubstr("must be a non-empty string"));
  EXPECT_THAT(Refusal(form, {{"Company", json::array({"Acme"})}}),
              HasSubstr("must be a non-empty string"));
}

TEST(GatedFieldsTest, TextFieldMayBeWrittenAsAnObjectWithAType) {
  json form = {{"Company", {{"type", "text"}}}};
  EXPECT_EQ(*CheckGatedAnswers(form, {{"Company", "Acme"}}), json({{"Company", "Acme"}}));
}

TEST(GatedFieldsTest, CheckboxIsTickedByOnOrTrue) {
  json form = {{"Agree", "checkbox"}};
  for (const json& ticked : {json("on"), json(true), json("true"), json("yes"), json("1")}) {
    auto stored = CheckGatedAnswers(form, {{"Agree", ticked}});
    ASSERT_TRUE(stored.has_value()) << ticked.dump();
    EXPECT_EQ((*stored)["Agree"], true) << ticked.dump();  // stored as a boolean
  }
}

TEST(GatedFieldsTest, CheckboxMustBeTicked) {
  json form = {{"Agree", "checkbox"}};
  EXPECT_EQ(Refusal(form, {{"Agree", false}}), "Gated access form: field 'Agree' must be checked");
  for (const json& unticked : {json("off"), json(""), json("false"), json(1), json::object()}) {
    EXPECT_THAT(Refusal(form, {{"Agree", unticked}}), HasSubstr("must be checked"))
        << unticked.dump();
  }
}

TEST(GatedFieldsTest, SelectAcceptsOneOfItsStringOptions) {
  json form = {{"Purpose", {{"type", "select"}, {"options", {"Research", "Education"}}}}};
  EXPECT_EQ(*CheckGatedAnswers(form, {{"Purpose", "Education"}}), json({{"Purpose", "Education"}}));
  EXPECT_EQ(Refusal(form, {{"Purpose", "Fun"}}),
            "Gated access form: field 'Purpose' must be one of the listed options");
  EXPECT_THAT(Refusal(form, {{"Purpose", "research"}}), HasSubstr("listed options"));
  EXPECT_THAT(Refusal(form, {{"Purpose", ""}}), HasSubstr("must be a non-empty string"));
}

TEST(GatedFieldsTest, SelectAcceptsTheValueOrLabelOfObjectOptions) {
  json form = {{"Purpose",
                {{"type", "select"},
                 {"options", json::array({json{{"label", "Commercial use"}, {"value", "com"}},
                                          json{{"label", "Research"}, {"value", "res"}}})}}}};
  EXPECT_EQ(*CheckGatedAnswers(form, {{"Purpose", "com"}}), json({{"Purpose", "com"}}));
  EXPECT_EQ(*CheckGatedAnswers(form, {{"Purpose", "Research"}}), json({{"Purpose", "Research"}}));
  EXPECT_THAT(Refusal(form, {{"Purpose", "other"}}), HasSubstr("listed options"));
}

TEST(GatedFieldsTest, SelectWithoutOptionsAcceptsNothing) {
  json form = {{"Purpose", {{"type", "select"}}}};
  EXPECT_THAT(Refusal(form, {{"Purpose", "Research"}}), HasSubstr("listed options"));
}

TEST(GatedFieldsTest, MissingFieldIsNamed) {
  json answers = ValidAnswers();
  answers.erase("Country");
  EXPECT_EQ(Refusal(kForm, answers), "Gated access form: field 'Country' must be answered");
}

TEST(GatedFieldsTest, NullAnswerCountsAsMissing) {
  json answers = ValidAnswers();
  answers["Company"] = nullptr;
  EXPECT_EQ(Refusal(kForm, answers), "Gated access form: field 'Company' must be answered");
}

TEST(GatedFieldsTest, NoAnswersToAFormIsRefused) {
  EXPECT_THAT(Refusal(kForm, json()), HasSubstr("must be answered"));
  EXPECT_THAT(Refusal(kForm, json::object()), HasSubstr("must be answered"));
}

TEST(GatedFieldsTest, AnswerToAFieldTheFormDoesNotHaveIsRefused) {
  json answers = ValidAnswers();
  answers["Shoe size"] = "42";
  EXPECT_EQ(Refusal(kForm, answers),
            "Gated access form: field 'Shoe size' is not in this repo's form");
}

TEST(GatedFieldsTest, NoFormNeedsNoAnswers) {
  for (const json& form : {json(), json::object(), json("text"), json::array()}) {
    auto stored = CheckGatedAnswers(form, json());
    ASSERT_TRUE(stored.has_value()) << form.dump();
    EXPECT_EQ(*stored, json::object());
    stored = CheckGatedAnswers(form, json::object());
    ASSERT_TRUE(stored.has_value()) << form.dump();
    EXPECT_EQ(*stored, json::object());
  }
}

TEST(GatedFieldsTest, AnswersToARepoWithoutAFormAreRefused) {
  EXPECT_THAT(Refusal(json(), {{"Company", "Acme"}}),
              HasSubstr("field 'Company' is not in this repo's form"));
}

TEST(GatedFieldsTest, AnswersMustBeAnObject) {
  for (const json& answers : {json::array({"Acme"}), json("Acme"), json(42), json(true)}) {
    EXPECT_EQ(Refusal(kForm, answers),
              "Gated access form: answers must be an object keyed by field label")
        << answers.dump();
    // Even without a form.
    EXPECT_THAT(Refusal(json(), answers), HasSubstr("must be an object")) << answers.dump();
  }
}

}  // namespace
}  // namespace modelhub::hub::internal
