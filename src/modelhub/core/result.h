// Result<T>: a value or a core::Error, shaped like C++23 std::expected so that moving to it later
// is a rename. Not-found, conflict and bad input are ordinary outcomes and travel in Results;
// exceptions are reserved for bugs and out-of-memory.
#ifndef MODELHUB_CORE_RESULT_H_
#define MODELHUB_CORE_RESULT_H_

#include <cassert>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "modelhub/core/error.h"

namespace modelhub::core {

// Wraps an Error so that `return Unexpected(...)` converts to any Result<T>.
struct Unexpected {
  Error error;
  explicit Unexpected(Error e) : error(std::move(e)) {}
  Unexpected(ErrorCode code, std::string message) : error{code, std::move(message)} {}
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : state_(value) {}        // NOLINT: implicit like std::expected
  Result(T&& value) : state_(std::move(value)) {}  // NOLINT
  template <typename U>
  requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, Result> &&
           !std::is_same_v<std::decay_t<U>, Unexpected> && !std::is_same_v<std::decay_t<U>, T>)
      Result(U&& value)
      : state_(T(std::forward<U>(value))) {}                              // NOLINT
  Result(Unexpected unexpected) : state_(std::move(unexpected.error)) {}  // NOLINT

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    assert(!has_value());
    return std::get<1>(state_);
  }
  Error& error() {
    assert(!has_value());
    return std::get<1>(state_);
  }

  template <typename U>
  T value_or(U&& fallback) const& {
    return has_value() ? value() : T(std::forward<U>(fallback));
  }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected unexpected) : error_(std::move(unexpected.error)), ok_(false) {}  // NOLINT

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  void value() const { assert(ok_); }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }
  Error& error() {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Status Ok() { return {}; }

}  // namespace modelhub::core

// Evaluates `expr` (a Result); on error returns that error from the enclosing function.
#define MH_RETURN_IF_ERROR(expr)                                          \
  do {                                                                    \
    auto&& mh_result_ = (expr);                                           \
    if (!mh_result_.has_value())                                          \
      return ::modelhub::core::Unexpected(std::move(mh_result_.error())); \
  } while (false)

#define MH_CONCAT_INNER_(a, b) a##b
#define MH_CONCAT_(a, b) MH_CONCAT_INNER_(a, b)

// `MH_ASSIGN_OR_RETURN(auto x, F());` binds the value of F() or returns its error.
#define MH_ASSIGN_OR_RETURN(decl, expr) \
  MH_ASSIGN_OR_RETURN_IMPL_(MH_CONCAT_(mh_result_, __LINE__), decl, expr)
#define MH_ASSIGN_OR_RETURN_IMPL_(tmp, decl, expr)                                   \
  auto tmp = (expr);                                                                 \
  if (!tmp.has_value()) return ::modelhub::core::Unexpected(std::move(tmp.error())); \
  decl = std::move(tmp).value()

#endif  // MODELHUB_CORE_RESULT_H_
