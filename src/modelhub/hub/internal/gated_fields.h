// Checking a user's answers to a gated repo's form: the card's `extra_gated_fields` maps each
// field's label to its type, as on the Hub (hub-docs models-gated.md): "text", "checkbox",
// "date_picker", "country", or {type: select, options: [...]} where an option is a string or
// {label, value}. Every field must be answered; a checkbox must be ticked.
#ifndef MODELHUB_HUB_INTERNAL_GATED_FIELDS_H_
#define MODELHUB_HUB_INTERNAL_GATED_FIELDS_H_

#include <nlohmann/json.hpp>

#include "modelhub/core/result.h"

namespace modelhub::hub::internal {

// The answers as stored (strings and booleans by label) when they satisfy `form` (the card's
// `extra_gated_fields`; null or absent means no form). BadRequest naming the first field that
// is missing or invalid, or the first answer to a field the form does not have.
core::Result<nlohmann::json> CheckGatedAnswers(const nlohmann::json& form,
                                               const nlohmann::json& answers);

}  // namespace modelhub::hub::internal

#endif  // MODELHUB_HUB_INTERNAL_GATED_FIELDS_H_
