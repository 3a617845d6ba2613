#include "causes.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace drydock::conformance::report {
namespace {

constexpr std::size_t kLongNumber = 4;  // digits: sizes, offsets, ports; not statuses
constexpr std::size_t kMixedWord = 6;   // letters and digits: hex ids, digests, name suffixes
constexpr std::size_t kHexWord = 8;     // hex letters only: a digest that happens to lack digits

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

bool looks_generated(std::string_view word) {
  bool digits = false, letters = false, hex = true;
  for (char c : word) {
    bool digit = std::isdigit(static_cast<unsigned char>(c)) != 0;
    digits = digits || digit;
    letters = letters || !digit;
    hex = hex && std::isxdigit(static_cast<unsigned char>(c)) != 0;
  }
  if (!letters) return word.size() >= kLongNumber;
  if (digits) return word.size() >= kMixedWord;
  return hex && word.size() >= kHexWord;
}

bool is_failure(const CheckResult& r) {
  return r.outcome == Outcome::kFail || r.outcome == Outcome::kError;
}

// Follows `blocked_by` through checks that were themselves blocked, to the one that failed (or the
// last one the results know of).
std::string root_step(const CheckResult& blocked,
                      const std::map<std::string_view, const CheckResult*>& by_id) {
  std::string root = blocked.blocked_by;
  for (std::size_t hops = 0; hops < by_id.size(); ++hops) {
    auto it = by_id.find(root);
    if (it == by_id.end() || it->second->outcome != Outcome::kBlocked ||
        it->second->blocked_by.empty()) {
      break;
    }
    root = it->second->blocked_by;
  }
  return root;
}

}  // namespace

std::string mask_run_specific(std::string_view message) {
  std::string out;
  std::size_t i = 0;
  while (i < message.size()) {
    if (!is_word_char(message[i])) {
      out.push_back(message[i++]);
      continue;
    }
    std::size_t end = i;
    while (end < message.size() && is_word_char(message[end])) ++end;
    std::string_view word = message.substr(i, end - i);
    if (looks_generated(word)) {
      out.push_back('#');
    } else {
      out.append(word);
    }
    i = end;
  }
  return out;
}

std::vector<Cause> group_by_cause(const std::vector<CheckResult>& results) {
  std::map<std::string_view, const CheckResult*> by_id;
  for (const CheckResult& r : results) by_id[r.id] = &r;

  std::vector<Cause> causes;
  std::map<std::string, std::size_t> cause_of_key;      // masked message -> index in causes
  std::map<std::string_view, std::size_t> cause_of_id;  // failed check -> index in causes
  for (const CheckResult& r : results) {
    if (!is_failure(r)) continue;
    const std::string& said = r.message.empty() ? r.observed : r.message;
    std::string key = std::string(to_string(r.outcome)) + ":" + mask_run_specific(said);
    auto [it, added] = cause_of_key.emplace(key, causes.size());
    if (added) {
      Cause cause;
      cause.message = said;
      cause.outcome = r.outcome;
      causes.push_back(std::move(cause));
    }
    causes[it->second].failures.push_back(&r);
    cause_of_id[r.id] = it->second;
  }
  for (const CheckResult& r : results) {
    if (r.outcome != Outcome::kBlocked) continue;
    std::string root = root_step(r, by_id);
    if (auto known = cause_of_id.find(root); known != cause_of_id.end()) {
      causes[known->second].blocked.push_back(&r);
      continue;
    }
    auto [it, added] = cause_of_key.emplace("blocked:" + root, causes.size());
    if (added) {
      Cause cause;
      cause.message = r.message;
      cause.outcome = Outcome::kBlocked;
      cause.blocked_by = root;
      causes.push_back(std::move(cause));
    }
    causes[it->second].blocked.push_back(&r);
  }
  std::stable_sort(causes.begin(), causes.end(),
                   [](const Cause& a, const Cause& b) { return a.size() > b.size(); });
  return causes;
}

}  // namespace drydock::conformance::report
