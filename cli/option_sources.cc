// Options from the environment and from a configuration file (option_sources.h).

#include "option_sources.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <vector>

namespace drydock::cli {

namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// One option setting read from the file, its key as written ("check.report_dir").
struct Setting {
  std::string key;
  CLI::Option* option = nullptr;
  std::vector<std::string> values;
};

// Returns the settings of `items`, or an Error naming the first key that is no option of
// `command`.
Result<std::vector<Setting>> settings_of(CLI::App& command, const std::string& path,
                                         const std::vector<CLI::ConfigItem>& items) {
  std::vector<Setting> settings;
  for (const CLI::ConfigItem& item : items) {
    if (item.name == "++" || item.name == "--") continue;  // CLI11's section markers
    std::string key = item.fullname();
    bool in_scope = item.parents.empty() ||
                    (item.parents.size() == 1 && item.parents.front() == command.get_name());
    std::string name = item.name;
    std::replace(name.begin(), name.end(), '_', '-');
    CLI::Option* option = in_scope ? command.get_option_no_throw("--" + name) : nullptr;
    if (option == nullptr || name == "help" || name == "config") {
      return Error::invalid("config file " + path + ": unknown option \"" + key + "\"");
    }
    settings.push_back({key, option, item.inputs});
  }
  return settings;
}

}  // namespace

std::string environment_name(const std::string& long_name) {
  std::string name = "DRYDOCK_";
  for (char c : long_name) {
    name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

void name_environment_variables(CLI::App& command) {
  for (CLI::Option* option : command.get_options()) {
    const std::vector<std::string>& names = option->get_lnames();
    if (names.empty() || names.front() == "help") continue;
    option->envname(environment_name(names.front()));
  }
}

Result<void> apply_config_file(CLI::App& command, const std::string& path) {
  if (!std::ifstream(path)) return Error::io("cannot read config file " + path);
  std::vector<CLI::ConfigItem> items;
  try {
    items = ends_with(path, ".ini") ? CLI::ConfigINI().from_file(path)
                                    : CLI::ConfigTOML().from_file(path);
  } catch (const CLI::Error& e) {
    return Error::parse("config file " + path + ": " + e.what());
  }
  Result<std::vector<Setting>> settings = settings_of(command, path, items);
  if (!settings.ok()) return settings.error();
  for (Setting& s : *settings) {
    if (s.option->count() > 0) continue;  // the command line or the environment set it
    try {
      if (s.option->get_expected_min() == 0) {  // a flag: "true", "false", 1, 0
        std::string value = s.values.empty() ? "true" : s.values.front();
        s.option->add_result(s.option->get_flag_value(s.option->get_lnames().front(), value));
      } else {
        s.option->add_result(s.values);
      }
      s.option->run_callback();
    } catch (const CLI::Error& e) {
      return Error::invalid("config file " + path + ": \"" + s.key + "\": " + e.what());
    }
  }
  return {};
}

}  // namespace drydock::cli
