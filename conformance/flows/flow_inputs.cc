#include "drydock/conformance/flows/flow_inputs.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "drydock/common/base64.h"
#include "drydock/common/digest.h"
#include "drydock/common/payload_checksum.h"
#include "drydock/fixtures/images.h"
#include "drydock/fixtures/users.h"

namespace drydock::conformance {
namespace {

using nlohmann::json;

constexpr std::string_view kWrongPasswordSuffix = "-not-the-password";

std::string basic(const FlowAccount& account) {
  return base64_encode(account.username + ":" + account.password);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The inputs of one workflow, built name by name; `why` collects what could not be built.
class InputBuilder {
 public:
  InputBuilder(const spec::Workflow& workflow, const FlowFixtures& fixtures)
      : workflow_(workflow), fixtures_(fixtures), suffix_(fixtures::unique_suffix()) {
    if (auto properties = workflow.inputs.find("properties");
        properties != workflow.inputs.end() && properties->is_object()) {
      for (const auto& [name, schema] : properties->items()) declared_[name] = schema;
    }
    if (auto required = workflow.inputs.find("required");
        required != workflow.inputs.end() && required->is_array()) {
      for (const json& name : *required) {
        if (name.is_string()) required_.insert(name.get<std::string>());
      }
    }
  }

  FlowInputs build() {
    // Order matters: names first (the expired token is minted for namespace/repository).
    std::vector<std::string> names;
    for (const auto& [name, schema] : declared_) {
      if (name != "expiredToken") names.push_back(name);
    }
    if (declared_.count("expiredToken")) names.push_back("expiredToken");
    for (const std::string& name : names) {
      if (!add(name) && required_.count(name) && inputs_.skip_reason.empty()) {
        inputs_.skip_reason = "no fixture for the input " + name;
      }
    }
    return std::move(inputs_);
  }

 private:
  // Adds input `name`; returns false if nothing can provide it (reason set where known).
  bool add(const std::string& name) {
    if (name == "username" || name == "password" || name == "email") return add_new_user(name);
    if (name == "basicAuth") {  // the new account's in a register workflow, else the account's
      return add_basic(name, declared_.count("username") ? new_user() : account());
    }
    if (name == "accountBasicAuth") return add_basic(name, account());
    if (name == "adminBasicAuth") return add_basic(name, admin());
    if (name == "wrongBasicAuth") {
      std::optional<FlowAccount> wrong = account();
      if (wrong) wrong->password += kWrongPasswordSuffix;
      return add_basic(name, wrong);
    }
    if (name == "namespace") {
      if (!account()) return false;
      inputs_.values[name] = account()->username;
      return true;
    }
    if (name.starts_with("repository")) {
      std::string tail = name == "repository" ? "" : "-" + lower(name.substr(10));
      inputs_.values[name] = "drydock-" + suffix_ + "-" + lower(workflow_.id) + tail;
      return true;
    }
    if (name == "query") {
      inputs_.values[name] = suffix_;  // in every repository name of this run, and no other
      return true;
    }
    if (name == "forgedSignature") {
      inputs_.values[name] = sha256_hex("drydock forged signature " + suffix_);
      return true;
    }
    if (name == "expiredToken") return add_expired_token();
    return add_image_input(name);
  }

  std::optional<FlowAccount> account() {
    if (!fixtures_.account) {
      inputs_.skip_reason = "needs an existing, active account: give --user and --password";
    }
    return fixtures_.account;
  }

  std::optional<FlowAccount> admin() {
    if (!fixtures_.admin) inputs_.skip_reason = "needs an admin account";
    return fixtures_.admin;
  }

  std::optional<FlowAccount> new_user() {
    fixtures::TestUser user = fixtures::make_user("flows/" + workflow_.id + "/" + suffix_);
    email_ = user.email;
    return FlowAccount{user.username, user.password};
  }

  bool add_new_user(const std::string& name) {
    FlowAccount user = *new_user();
    inputs_.values[name] = name == "username"   ? user.username
                           : name == "password" ? user.password
                                                : email_;
    return true;
  }

  bool add_basic(const std::string& name, const std::optional<FlowAccount>& who) {
    if (!who) return false;
    inputs_.values[name] = basic(*who);
    return true;
  }

  // Inputs whose schema gives a contentMediaType that is not JSON (a layer: application/x-tar)
  // become blobs; the rest plain values.
  void set(const std::string& name, json value) {
    const json& schema = declared_[name];
    const json media_type = schema.is_object() ? schema.value("contentMediaType", json()) : json();
    if (value.is_string() && media_type.is_string() &&
        !spec::is_json_media_type(media_type.get<std::string>())) {
      inputs_.blobs[name] =
          std::make_shared<const std::string>(std::move(value.get_ref<std::string&>()));
    } else {
      inputs_.values[name] = std::move(value);
    }
  }

  // Returns whether the input `name` is declared a JSON object (an image's JSON, as a value).
  bool declared_object(const std::string& name) const {
    auto schema = declared_.find(name);
    return schema != declared_.end() && schema->second.is_object() &&
           schema->second.value("type", json()) == "object";
  }

  bool add_expired_token() {
    if (!fixtures_.mint_expired_token) {
      inputs_.skip_reason = "needs an expired token, and the target cannot mint one";
      return false;
    }
    std::string repository =
        inputs_.values.value("namespace", "") + "/" + inputs_.values.value("repository", "");
    std::optional<std::string> token = fixtures_.mint_expired_token(repository, "read");
    if (!token) {
      inputs_.skip_reason = "could not obtain an expired token for " + repository;
      return false;
    }
    inputs_.values["expiredToken"] = *token;
    return true;
  }

  // imageX, parentX and childX: the top of a one-image chain, or the base and top of two.
  bool add_image_input(const std::string& name) {
    static constexpr std::string_view kRoles[] = {"image", "parent", "child"};
    for (std::string_view role : kRoles) {
      if (!name.starts_with(role)) continue;
      const fixtures::ImageChain& images = chain();
      const fixtures::Image& image = role == "parent" ? images.base() : images.top();
      std::string field = name.substr(role.size());
      // An image JSON declared an object is sent as that value's serialization (dump(), members
      // in order), so its checksum covers those bytes, not the fixture's own.
      const bool json_object = declared_object(std::string(role) + "Json");
      if (field == "Id") {
        set(name, image.id);
      } else if (field == "Json") {
        set(name, json_object ? json::parse(image.json) : json(image.json));
      } else if (field == "Checksum") {
        set(name, json_object ? payload_checksum(json::parse(image.json).dump(), image.layer)
                              : image.payload_checksum);
      } else if (field == "LayerSize") {
        set(name, std::to_string(image.layer.size()));
      } else if (field == "Layer") {
        set(name, image.layer);
      } else {
        return false;
      }
      return true;
    }
    return false;
  }

  const fixtures::ImageChain& chain() {
    if (!chain_) {
      const bool two = std::any_of(declared_.begin(), declared_.end(), [](const auto& entry) {
        return entry.first.starts_with("child") || entry.first.starts_with("parent");
      });
      chain_ =
          fixtures::make_image_chain("drydock-flows/" + workflow_.id + "/" + suffix_, two ? 2 : 1);
    }
    return *chain_;
  }

  const spec::Workflow& workflow_;
  const FlowFixtures& fixtures_;
  const std::string suffix_;
  std::map<std::string, json> declared_;  // input name -> its schema
  std::set<std::string> required_;
  std::string email_;
  std::optional<fixtures::ImageChain> chain_;
  FlowInputs inputs_;
};

}  // namespace

FlowInputs make_flow_inputs(const spec::Workflow& workflow, const FlowFixtures& fixtures) {
  return InputBuilder(workflow, fixtures).build();
}

}  // namespace drydock::conformance
