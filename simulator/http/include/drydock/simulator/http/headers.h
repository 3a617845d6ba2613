#pragma once
// HTTP header fields as an ordered list of (name, value) pairs: names compare case-insensitively,
// a name may repeat (one entry per header line), and order is kept as inserted. Used by both
// Request and Reply, so handlers never see an HTTP library's types.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace drydock::simulator::http {

// Returns whether `a` and `b` are equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b);

class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  // Appends a field, keeping any with the same name.
  void add(std::string name, std::string value);
  // Replaces every field named `name` with one field.
  void set(std::string name, std::string value);
  // Removes every field named `name`.
  void remove(std::string_view name);

  // Returns the first value of `name`, or nullopt.
  std::optional<std::string> get(std::string_view name) const;
  // Returns every value of `name`, in order.
  std::vector<std::string> get_all(std::string_view name) const;
  bool contains(std::string_view name) const { return get(name).has_value(); }

  const std::vector<Field>& fields() const { return fields_; }
  bool empty() const { return fields_.empty(); }

 private:
  std::vector<Field> fields_;
};

}  // namespace drydock::simulator::http
