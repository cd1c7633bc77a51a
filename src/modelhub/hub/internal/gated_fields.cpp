#include "modelhub/hub/internal/gated_fields.h"

#include <string>

namespace modelhub::hub::internal {
namespace {

using core::ErrorCode;
using core::Unexpected;
using nlohmann::json;

core::Status Invalid(const std::string& label, const std::string& why) {
  return Unexpected(ErrorCode::kBadRequest, "Gated access form: field '" + label + "' " + why);
}

// Browsers post checkboxes as "on"; JSON clients send true.
bool Ticked(const json& answer) {
  if (answer.is_boolean()) return answer.get<bool>();
  if (!answer.is_string()) return false;
  const auto& text = answer.get_ref<const std::string&>();
  return text == "on" || text == "true" || text == "yes" || text == "1";
}

bool IsOption(const json& options, const std::string& chosen) {
  if (!options.is_array()) return false;
  for (const json& option : options) {
    if (option.is_string() && option.get_ref<const std::string&>() == chosen) return true;
    if (option.is_object()) {
      for (const char* key : {"value", "label"}) {
        auto it = option.find(key);
        if (it != option.end() && it->is_string() && it->get_ref<const std::string&>() == chosen) {
          return true;
        }
      }
    }
  }
  return false;
}

}  // namespace

core::Result<json> CheckGatedAnswers(const json& form, const json& answers) {
  if (!answers.is_null() && !answers.is_object()) {
    return Unexpected(ErrorCode::kBadRequest,
                      "Gated access form: answers must be an object keyed by field label");
  }
  json stored = json::object();
  if (!form.is_object()) {
    if (answers.is_object() && !answers.empty()) {
      return Unexpected(
          Invalid(answers.begin().key(), "is not in this repo's form (it asks nothing)").error());
    }
    return stored;
  }
  for (const auto& [label, spec] : form.items()) {
    std::string type = spec.is_string() ? spec.get<std::string>() : "";
    if (spec.is_object() && spec.contains("type") && spec["type"].is_string()) {
      type = spec["type"].get<std::string>();
    }
    auto it = answers.is_object() ? answers.find(label) : answers.end();
    if (!answers.is_object() || it == answers.end() || it->is_null()) {
      return Unexpected(Invalid(label, "must be answered").error());
    }
    if (type == "checkbox") {
      if (!Ticked(*it)) return Unexpected(Invalid(label, "must be checked").error());
      stored[label] = true;
      continue;
    }
    if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
      return Unexpected(Invalid(label, "must be a non-empty string").error());
    }
    const std::string& text = it->get_ref<const std::string&>();
    if (type == "select" && !IsOption(spec.value("options", json()), text)) {
      return Unexpected(Invalid(label, "must be one of the listed options").error());
    }
    stored[label] = text;
  }
  if (answers.is_object()) {
    for (const auto& [label, value] : answers.items()) {
      if (!form.contains(label)) {
        return Unexpected(Invalid(label, "is not in this repo's form").error());
      }
    }
  }
  return stored;
}

}  // namespace modelhub::hub::internal
