# drydock_generate_conditions(JSON DIR): writes two files into DIR from the condition vocabulary
# JSON (spec/conditions.json) at configure time, in the file's order:
#   drydock/spec/condition.h    the typed `Condition` enum and each condition's name, which every
#                               source that names a condition includes (through vocabulary.h);
#   condition_rows.inc          one row per condition (scope, default status and text, situation,
#                               how it is provoked), which only spec/vocabulary.cc includes.
# CMake re-runs when the JSON changes, so the vocabulary is written once, in the spec's data, and
# the code that names a condition names an enumerator; each file is rewritten only when its
# content changes, so a new text or status recompiles one source, a new condition everything.
function(drydock_generate_conditions json dir)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${json}")
  file(READ "${json}" text)
  string(JSON count LENGTH "${text}" conditions)
  math(EXPR last "${count} - 1")
  set(enumerators "")
  set(rows "")
  set(names "")
  set(seen "")
  foreach(i RANGE ${last})
    string(JSON name GET "${text}" conditions ${i} name)
    string(JSON scope GET "${text}" conditions ${i} scope)
    string(JSON status GET "${text}" conditions ${i} status)
    string(JSON situation GET "${text}" conditions ${i} situation)
    string(JSON message ERROR_VARIABLE none GET "${text}" conditions ${i} text)
    if(none)
      set(message "")
    endif()
    string(JSON unprovoked ERROR_VARIABLE none GET "${text}" conditions ${i} unprovoked)
    if(none)
      set(unprovoked "")
    endif()
    string(JSON workflow ERROR_VARIABLE none GET "${text}" conditions ${i} workflow)
    if(none)
      set(workflow "")
    endif()
    if(NOT name MATCHES "^[a-z][a-z0-9_-]*$")
      message(FATAL_ERROR "${json}: condition ${i}: name '${name}' is not lower-case words joined by '-'")
    endif()
    if(name IN_LIST seen)
      message(FATAL_ERROR "${json}: condition '${name}' is listed twice")
    endif()
    list(APPEND seen "${name}")
    if(NOT scope MATCHES "^(spec|server)$")
      message(FATAL_ERROR "${json}: condition '${name}': scope must be spec or server, not '${scope}'")
    endif()
    if(NOT status MATCHES "^[1-5][0-9][0-9]$")
      message(FATAL_ERROR "${json}: condition '${name}': status '${status}' is not an HTTP status")
    endif()
    # invalid-image_id -> kInvalidImageId
    string(REGEX REPLACE "[-_]" ";" words "${name}")
    set(enumerator "k")
    foreach(word IN LISTS words)
      string(SUBSTRING "${word}" 0 1 head)
      string(SUBSTRING "${word}" 1 -1 tail)
      string(TOUPPER "${head}" head)
      string(APPEND enumerator "${head}${tail}")
    endforeach()
    foreach(field situation message unprovoked workflow)
      string(REPLACE "\\" "\\\\" ${field} "${${field}}")
      string(REPLACE "\"" "\\\"" ${field} "${${field}}")
    endforeach()
    if(scope STREQUAL "server")
      set(scope_value "ConditionScope::kServer")
    else()
      set(scope_value "ConditionScope::kSpec")
    endif()
    string(APPEND enumerators "  ${enumerator},  // ${name}\n")
    string(APPEND names "    \"${name}\",\n")
    string(APPEND rows "    {Condition::${enumerator}, \"${name}\", ${scope_value}, ${status}, \"${message}\",\n     \"${situation}\",\n     \"${workflow}\", \"${unprovoked}\"},\n")
  endforeach()
  file(RELATIVE_PATH source "${PROJECT_SOURCE_DIR}" "${json}")
  set(header "// Generated from ${source} by cmake/conditions.cmake. Do not edit: edit the JSON.
#pragma once

#include <cstddef>
#include <string_view>

namespace drydock::spec {

// Every condition of the vocabulary, in ${source}'s order.
enum class Condition : unsigned char {
${enumerators}};

inline constexpr std::size_t kConditionCount = ${count};

// Each condition's name, in the enum's order.
inline constexpr std::string_view kConditionNames[kConditionCount] = {
${names}};

// spec: a response's x-drydock-conditions may name it; server: the HTTP layer raises it on its own.
enum class ConditionScope : unsigned char { kSpec, kServer };

// One condition as ${source} defines it.
struct ConditionInfo {
  Condition condition;
  std::string_view name;       // \"malformed-json\"
  ConditionScope scope;
  int status;                  // the answer when an operation's responses name none
  std::string_view text;       // the error text of that answer; empty for a success
  std::string_view situation;  // when it arises
  std::string_view workflow;   // the workflow that provokes it where no derived check does
  std::string_view unprovoked; // why no check can provoke it; empty: a check does
};

}  // namespace drydock::spec
")
  set(table "// Generated from ${source} by cmake/conditions.cmake. Do not edit: edit the JSON.
// The rows of kConditions (spec/vocabulary.cc), in the enum's order.
${rows}")
  # Written only when they change, so a re-run of CMake rebuilds nothing that did not change.
  file(CONFIGURE OUTPUT "${dir}/drydock/spec/condition.h" CONTENT "${header}" @ONLY)
  file(CONFIGURE OUTPUT "${dir}/condition_rows.inc" CONTENT "${table}" @ONLY)
endfunction()
