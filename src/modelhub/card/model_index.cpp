// Python semantics on JSON values: `x[k]` on a dict without k is a KeyError and on anything else
// a TypeError; `x.get(k)` on a non-dict is an AttributeError; iterating a dict yields its keys, a
// string its characters, and None or a number is a TypeError.
#include "modelhub/card/model_index.h"

#include <cstring>
#include <optional>
#include <string>

#include "modelhub/card/internal/json_pool.h"

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

// The values at the keys the conversion reads from one mapping (a model-index element, a result,
// its task, dataset and source, a metric), nullptr when absent or when the value is not a
// mapping. Found in one walk over the mapping's keys: a std::map lookup per key compared each
// node's key with a strlen and a memcmp, ~150 instructions per lookup and ~14 lookups per metric
// (card_bench).
struct Keys {
  explicit Keys(const json& v) {
    if (!v.is_object()) return;
    // By length, then the bytes: a constant-size memcmp is a load or two once GCC inlines it.
    for (const auto& [key, item] : v.get_ref<const json::object_t&>()) {
      const char* k = key.data();
      switch (key.size()) {
        case 3:
          if (std::memcmp(k, "url", 3) == 0) url = &item;
          break;
        case 4:
          if (std::memcmp(k, "type", 4) == 0) {
            type = &item;
          } else if (std::memcmp(k, "name", 4) == 0) {
            name = &item;
          } else if (std::memcmp(k, "args", 4) == 0) {
            args = &item;
          } else if (std::memcmp(k, "task", 4) == 0) {
            task = &item;
          }
          break;
        case 5:
          if (std::memcmp(k, "value", 5) == 0) {
            value = &item;
          } else if (std::memcmp(k, "split", 5) == 0) {
            split = &item;
          }
          break;
        case 6:
          if (std::memcmp(k, "config", 6) == 0) {
            config = &item;
          } else if (std::memcmp(k, "source", 6) == 0) {
            source = &item;
          }
          break;
        case 7:
          if (std::memcmp(k, "results", 7) == 0) {
            results = &item;
          } else if (std::memcmp(k, "dataset", 7) == 0) {
            dataset = &item;
          } else if (std::memcmp(k, "metrics", 7) == 0) {
            metrics = &item;
          }
          break;
        case 8:
          if (std::memcmp(k, "revision", 8) == 0) {
            revision = &item;
          } else if (std::memcmp(k, "verified", 8) == 0) {
            verified = &item;
          }
          break;
        case 11:
          if (std::memcmp(k, "verifyToken", 11) == 0) verify_token = &item;
          break;
        default:
          break;
      }
    }
  }

  const json* url = nullptr;
  const json* type = nullptr;
  const json* name = nullptr;
  const json* args = nullptr;
  const json* task = nullptr;
  const json* value = nullptr;
  const json* split = nullptr;
  const json* config = nullptr;
  const json* source = nullptr;
  const json* results = nullptr;
  const json* dataset = nullptr;
  const json* metrics = nullptr;
  const json* revision = nullptr;
  const json* verified = nullptr;
  const json* verify_token = nullptr;
};

// Python's `v[key]`, given `found`, the value at `key` of `v` that Keys found (nullptr if none).
const json* Subscript(const json& v, const json* found, const char* key, const Where& where,
                      std::optional<PyError>* error) {
  if (found != nullptr) return found;
  if (v.is_object()) {
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

// `*field = value`, a string taken from the thread's JSON pool, which InspectCardJson's inspection
// gives the results' strings back to (card_bench: copying them with malloc and destroying them
// with free cost ~680 instructions per card more).
void Copy(const json& value, json* field) {
  if (value.is_string()) {
    if (json* pooled = internal::ThreadJsonPool().String(value.get_ref<const std::string&>())) {
      if (field->is_null()) {
        field->swap(*pooled);
      } else {
        *field = std::move(*pooled);
      }
      return;
    }
  }
  *field = value;
}

// Python's `x.get(key)` into a field that is null: assigned only when the key is there.
void Get(const json* found, json* field) {
  if (found != nullptr) Copy(*found, field);
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
  // `result.get("source", {})`'s default, built once: an empty object per call was an allocation.
  static const json kNoSource = json::object();
  for (size_t e = 0; e < elems->size(); ++e) {
    const json& elem = (*elems)[e];
    const Where at{nullptr, "model-index", e, true};
    const Keys elem_keys(elem);
    const json* name = Subscript(elem, elem_keys.name, "name", at, &error);
    if (!name) return error;
    const json* results = Subscript(elem, elem_keys.results, "results", at, &error);
    if (!results) return error;
    Copy(*name, &out->model_name);
    json result_storage;
    const json* result_list = Iterable(*results, &result_storage);
    if (!result_list) return PyError{"TypeError", "results of " + at.Text() + " is not iterable"};
    for (size_t r = 0; r < result_list->size(); ++r) {
      const json& result = (*result_list)[r];
      const Where rat{&at, "results", r, true};
      const Keys result_keys(result);
      const json* task = Subscript(result, result_keys.task, "task", rat, &error);
      if (!task) return error;
      const Keys task_keys(*task);
      const json* task_type = Subscript(*task, task_keys.type, "type", Where{&rat, "task"}, &error);
      if (!task_type) return error;
      const json* dataset = Subscript(result, result_keys.dataset, "dataset", rat, &error);
      if (!dataset) return error;
      const Keys dataset_keys(*dataset);
      const json* dataset_type =
          Subscript(*dataset, dataset_keys.type, "type", Where{&rat, "dataset"}, &error);
      if (!dataset_type) return error;
      const json* dataset_name =
          Subscript(*dataset, dataset_keys.name, "name", Where{&rat, "dataset"}, &error);
      if (!dataset_name) return error;
      if (!task->is_object()) return PyError{"AttributeError", "task.get in " + rat.Text()};
      const json& source = result_keys.source != nullptr ? *result_keys.source : kNoSource;
      if (!source.is_object()) {
        return PyError{"AttributeError", "'" + TypeName(source) +
                                             "' object has no attribute 'get' (source of " +
                                             rat.Text() + ")"};
      }
      const Keys source_keys(source);
      const json* metrics = Subscript(result, result_keys.metrics, "metrics", rat, &error);
      if (!metrics) return error;
      json metric_storage;
      const json* metric_list = Iterable(*metrics, &metric_storage);
      if (!metric_list)
        return PyError{"TypeError", "metrics of " + rat.Text() + " is not iterable"};
      for (size_t m = 0; m < metric_list->size(); ++m) {
        const json& metric = (*metric_list)[m];
        const Where mat{&rat, "metrics", m, true};
        const Keys metric_keys(metric);
        const json* metric_type = Subscript(metric, metric_keys.type, "type", mat, &error);
        if (!metric_type) return error;
        const json* metric_value = Subscript(metric, metric_keys.value, "value", mat, &error);
        if (!metric_value) return error;
        // The fields a get() does not find stay null.
        EvalResult& x = out->results.emplace_back();
        Copy(*task_type, &x.task_type);
        Get(task_keys.name, &x.task_name);
        Copy(*dataset_type, &x.dataset_type);
        Copy(*dataset_name, &x.dataset_name);
        Get(dataset_keys.config, &x.dataset_config);
        Get(dataset_keys.split, &x.dataset_split);
        Get(dataset_keys.revision, &x.dataset_revision);
        Get(dataset_keys.args, &x.dataset_args);
        Copy(*metric_type, &x.metric_type);
        Copy(*metric_value, &x.metric_value);
        Get(metric_keys.name, &x.metric_name);
        Get(metric_keys.args, &x.metric_args);
        Get(metric_keys.config, &x.metric_config);
        Get(metric_keys.verified, &x.verified);
        Get(metric_keys.verify_token, &x.verify_token);
        Get(source_keys.name, &x.source_name);
        Get(source_keys.url, &x.source_url);
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
