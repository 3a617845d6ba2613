#pragma once
// Errors as values. An Error carries a code (which maps to an HTTP status in exactly one place,
// the simulator's error reply) and a message for people. Result<T> holds either a T or an Error.
// Exceptions never cross a component boundary: code that calls a throwing library catches there.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace drydock {

enum class ErrorCode {
  kInvalidArgument,      // malformed input: bad JSON, a value that fails a rule (HTTP 400)
  kUnauthorized,         // missing or bad credentials or token (HTTP 401)
  kForbidden,            // authenticated, but not allowed (HTTP 403)
  kNotFound,             // no such object (HTTP 404)
  kConflict,             // the object exists or is in a state that forbids the call (HTTP 409)
  kPreconditionFailed,   // a required header is missing (HTTP 412)
  kRangeNotSatisfiable,  // HTTP 416
  kPayloadTooLarge,      // HTTP 413
  kIo,                   // file system or network failure
  kParse,                // a file the tool reads (spec, config, baseline) is malformed
  kCancelled,            // the caller asked the work to stop (a signal), and it stopped cleanly
  kInternal,             // a bug: a broken invariant
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  static Error invalid(std::string m) { return {ErrorCode::kInvalidArgument, std::move(m)}; }
  static Error not_found(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
  static Error io(std::string m) { return {ErrorCode::kIo, std::move(m)}; }
  static Error parse(std::string m) { return {ErrorCode::kParse, std::move(m)}; }
  static Error internal(std::string m) { return {ErrorCode::kInternal, std::move(m)}; }
};

// Result<T>: a T on success, an Error otherwise. Test with ok() (or bool), then value() or error().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok().
  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // Returns the value, or `fallback` on failure.
  T value_or(T fallback) const& { return ok() ? std::get<T>(v_) : std::move(fallback); }

  // REQUIRES: !ok().
  const Error& error() const {
    assert(!ok());
    return std::get<Error>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  // REQUIRES: !ok().
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace drydock
