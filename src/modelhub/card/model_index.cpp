// Python semantics on JSON values: `x[k]` on a dict without k is a KeyError and on anything else
// a TypeError; `x.get(k)` on a non-dict is an AttributeError; iterating a dict yields its keys, a
// string its characters, and None or a number is a TypeError.
#include "modelhub/card/model_index.h"

#include <optional>
#include <string>

namespace modelhub::card {
namespace {

using nlohmann::json;

struct PyError {
  std::string kind;
  std::string message;
};

std::string TypeName(const json& v) {
  if (v.is_null()) return "NoneType";
  if (v.is_boolean()) return "bool";
  if (v.is_number_integer()) return "int";
  if (v.is_number_float()) return "float";
  if (v.is_string()) return "str";
  if (v.is_array()) return "list";
  return "dict";
}

// Where a value sits, e.g. "model-index[0].results[1].metrics[2]"; rendered only for an error
// message (card_bench: building these eagerly for every metric cost more than the conversion).
struct Where {
  // A field of `parent`, or element `index` of the list `name` when `indexed`.
  Where(const Where* of, const char* field, size_t element = 0, bool is_element = false)
      : parent(of), name(field), index(element), indexed(is_element) {}

  const Where* parent;
  const char* name;
  size_t index;
  bool indexed;

  std::string Text() const {
    std::string out = parent != nullptr ? parent->Text() + "." : std::string();
    out.append(name);
    if (indexed) out.append("[").append(std::to_string(index)).append("]");
    return out;
  }
};

const json* Subscript(const json& v, const char* key, const Where& where,
                      std::optional<PyError>* error) {
  if (v.is_object()) {
    const auto it = v.find(key);
    if (it != v.end()) return &*it;
    // Messages are appended in steps: GCC 12 -O2 warns (-Wrestrict) on "'" + std::string.
    std::string message = "'";
    message.append(key).append("' in ").append(where.Text());
    *error = PyError{"KeyError", std::move(message)};
    return nullptr;
  }
  std::string message = "'";
  message.append(TypeName(v)).append("' object is not subscriptable by '").append(key);
  message.append("' in ").append(where.Text());
  *error = PyError{"TypeError", std::move(message)};
  return nullptr;
}

json Get(const json& v, const char* key) {
  const auto it = v.find(key);
  return it == v.end() ? json(nullptr) : *it;
}

// Python's iteration over `v`: the array itself, or the keys of a dict or the characters of a
// string materialised in `storage`; nullptr on TypeError. Arrays are not copied (card_bench:
// copying model-index and each results and metrics list was most of the conversion).
const json* Iterable(const json& v, json* storage) {
  if (v.is_array()) return &v;
  json items = json::array();
  if (v.is_object()) {
    for (const auto& item : v.items()) items.push_back(item.key());
  } else if (v.is_string()) {
    for (char c : v.get_ref<const std::string&>()) items.push_back(std::string(1, c));
  } else {
    return nullptr;
  }
  *storage = std::move(items);
  return storage;
}

bool Truthy(const json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string() || v.is_array() || v.is_object()) return !v.empty();
  return true;
}

std::optional<PyError> Convert(const json& model_index, ModelIndex* out) {
  std::optional<PyError> error;
  json elems_storage;
  const json* elems = Iterable(model_index, &elems_storage);
  if (!elems) return PyError{"TypeError", "'" + TypeName(model_index) + "' object is not iterable"};
  const json empty_source = json::object();
  for (size_t e = 0; e < elems->size(); ++e) {
    const json& elem = (*elems)[e];
    const Where at{nullptr, "model-index", e, true};
    const json* name = Subscript(elem, "name", at, &error);
    if (!name) return error;
    const json* results = Subscript(elem, "results", at, &error);
    if (!results) return error;
    out->model_name = *name;
    json result_storage;
    const json* result_list = Iterable(*results, &result_storage);
    if (!result_list) return PyError{"TypeError", "results of " + at.Text() + " is not iterable"};
    for (size_t r = 0; r < result_list->size(); ++r) {
      const json& result = (*result_list)[r];
      const Where rat{&at, "results", r, true};
      const json* task = Subscript(result, "task", rat, &error);
      if (!task) return error;
      const json* task_type = Subscript(*task, "type", Where{&rat, "task"}, &error);
      if (!task_type) return error;
      const json* dataset = Subscript(result, "dataset", rat, &error);
      if (!dataset) return error;
      const json* dataset_type = Subscript(*dataset, "type", Where{&rat, "dataset"}, &error);
      if (!dataset_type) return error;
      const json* dataset_name = Subscript(*dataset, "name", Where{&rat, "dataset"}, &error);
      if (!dataset_name) return error;
      if (!task->is_object()) return PyError{"AttributeError", "task.get in " + rat.Text()};
      const auto source_it = result.find("source");
      const json& source = source_it != result.end() ? *source_it : empty_source;
      if (!source.is_object()) {
        return PyError{"AttributeError", "'" + TypeName(source) +
                                             "' object has no attribute 'get' (source of " +
                                             rat.Text() + ")"};
      }
      const json* metrics = Subscript(result, "metrics", rat, &error);
      if (!metrics) return error;
      json metric_storage;
      const json* metric_list = Iterable(*metrics, &metric_storage);
      if (!metric_list)
        return PyError{"TypeError", "metrics of " + rat.Text() + " is not iterable"};
      for (size_t m = 0; m < metric_list->size(); ++m) {
        const json& metric = (*metric_list)[m];
        const Where mat{&rat, "metrics", m, true};
        const json* metric_type = Subscript(metric, "type", mat, &error);
        if (!metric_type) return error;
        const json* metric_value = Subscript(metric, "value", mat, &error);
        if (!metric_value) return error;
        EvalResult& x = out->results.emplace_back();
        x.task_type = *task_type;
        x.task_name = Get(*task, "name");
        x.dataset_type = *dataset_type;
        x.dataset_name = *dataset_name;
        x.dataset_config = Get(*dataset, "config");
        x.dataset_split = Get(*dataset, "split");
        x.dataset_revision = Get(*dataset, "revision");
        x.dataset_args = Get(*dataset, "args");
        x.metric_type = *metric_type;
        x.metric_value = *metric_value;
        x.metric_name = Get(metric, "name");
        x.metric_args = Get(metric, "args");
        x.metric_config = Get(metric, "config");
        x.verified = Get(metric, "verified");
        x.verify_token = Get(metric, "verifyToken");
        x.source_name = Get(source, "name");
        x.source_url = Get(source, "url");
        x.result_index = static_cast<int>(r);
        x.metric_index = static_cast<int>(m);
        if (!x.source_name.is_null() && x.source_url.is_null()) {
          return PyError{"ValueError",
                         "If `source_name` is provided, `source_url` must also be provided (" +
                             rat.Text() + ")"};
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace

json EvalResultToJson(const EvalResult& r) {
  json out = json::object();
  // nlohmann's default object sorts keys; callers that need the EvalResult order use ordered_json
  // on output. Keys are the Python attribute names.
  out["task_type"] = r.task_type;
  out["task_name"] = r.task_name;
  out["dataset_type"] = r.dataset_type;
  out["dataset_name"] = r.dataset_name;
  out["dataset_config"] = r.dataset_config;
  out["dataset_split"] = r.dataset_split;
  out["dataset_revision"] = r.dataset_revision;
  out["dataset_args"] = r.dataset_args;
  out["metric_type"] = r.metric_type;
  out["metric_value"] = r.metric_value;
  out["metric_name"] = r.metric_name;
  out["metric_config"] = r.metric_config;
  out["metric_args"] = r.metric_args;
  out["verified"] = r.verified;
  out["verify_token"] = r.verify_token;
  out["source_name"] = r.source_name;
  out["source_url"] = r.source_url;
  return out;
}

ModelIndex ParseModelIndex(const json& metadata) {
  ModelIndex out;
  const auto it = metadata.find("model-index");
  if (it == metadata.end() || !Truthy(*it)) return out;
  out.present = true;
  if (const auto error = Convert(*it, &out)) {
    out.results.clear();
    out.error_kind = error->kind;
    out.error = error->kind + ": " + error->message;
  }
  return out;
}

}  // namespace modelhub::card
