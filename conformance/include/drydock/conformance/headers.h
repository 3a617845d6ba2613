#pragma once
// HTTP header fields as sent or received: a list that keeps order and repeats, looked up without
// regard to case (RFC 9110 §5.1).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace drydock::conformance {

// The request header that labels deliberate bad input: "X-Drydock-Check: <check id>" (a
// workflow step's: "<check id>/<stepId>"). A client judge lists what a labelled request breaks
// and never holds it against the client (drydock serve --judge).
inline constexpr std::string_view kCheckHeader = "X-Drydock-Check";

struct Header {
  std::string name;
  std::string value;
  bool operator==(const Header&) const = default;
};

class Headers {
 public:
  Headers() = default;
  Headers(std::initializer_list<Header> headers) : fields_(headers) {}

  // Appends a field; an existing field of the same name is kept (repeats are allowed).
  void add(std::string name, std::string value) {
    fields_.push_back({std::move(name), std::move(value)});
  }
  // Replaces every field named `name` with one field.
  void set(std::string_view name, std::string value);
  // Removes every field named `name`.
  void remove(std::string_view name);
  // Returns the first value of `name`, or nullopt.
  std::optional<std::string> get(std::string_view name) const;
  // Returns every value of `name`, in order.
  std::vector<std::string> get_all(std::string_view name) const;
  bool contains(std::string_view name) const { return get(name).has_value(); }

  bool empty() const { return fields_.empty(); }
  std::size_t size() const { return fields_.size(); }
  void clear() { fields_.clear(); }
  std::vector<Header>::iterator begin() { return fields_.begin(); }
  std::vector<Header>::iterator end() { return fields_.end(); }
  std::vector<Header>::const_iterator begin() const { return fields_.begin(); }
  std::vector<Header>::const_iterator end() const { return fields_.end(); }
  bool operator==(const Headers&) const = default;

 private:
  std::vector<Header> fields_;
};

// Returns whether `a` and `b` are equal ignoring ASCII case.
bool equals_ignore_case(std::string_view a, std::string_view b);

}  // namespace drydock::conformance
