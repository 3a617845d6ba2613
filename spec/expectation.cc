// What a server is held to, per condition and profile: Operation::expectation() and the pieces of
// the model it reads (spec.h).

#include <algorithm>

#include "drydock/spec/spec.h"

namespace drydock::spec {

Citation Response::citation_of(std::string_view condition) const {
  if (auto it = condition_citations.find(condition); it != condition_citations.end()) {
    return it->second;
  }
  return {level, source};
}

bool Parameter::checked_under(Profile profile) const {
  return std::find(unchecked_by.begin(), unchecked_by.end(), profile) == unchecked_by.end();
}

bool Expectation::accepts(int status) const {
  return std::any_of(responses.begin(), responses.end(),
                     [status](const Response* r) { return r->status == status; });
}

std::vector<int> Expectation::statuses() const {
  std::vector<int> out;
  for (const Response* r : responses) out.push_back(r->status);
  return out;
}

namespace {

bool contains(const std::vector<int>& list, int value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool contains(const std::vector<const Response*>& list, const Response* value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// The expectation of one of the two profiles that have a source of their own.
Expectation expectation_of(const Operation& op, std::string_view condition, Profile profile) {
  const ProfileVariant* variant = nullptr;
  if (auto v = op.variants.find(profile); v != op.variants.end()) variant = &v->second;
  const ConditionVariant* override = nullptr;
  if (variant != nullptr) {
    if (auto c = variant->conditions.find(condition); c != variant->conditions.end()) {
      override = &c->second;
    }
  }
  const bool narrow = variant != nullptr && !variant->statuses.empty() &&
                      (condition == "ok" || condition == "created");
  Expectation out;
  bool first = true;
  for (const Response& r : op.responses) {
    bool listed = override != nullptr && !override->statuses.empty()
                      ? contains(override->statuses, r.status)
                      : r.answers(condition);
    if (!listed || (narrow && !contains(variant->statuses, r.status))) continue;
    out.responses.push_back(&r);
    Citation citation = r.citation_of(condition);
    if (first || stronger(citation.level, out.level) != out.level) {
      out.level = citation.level;
      out.source = citation.source;
    }
    first = false;
  }
  if (override != nullptr && override->level) {
    out.level = *override->level;
    if (override->source) {
      out.source = *override->source;
    } else if (op.variants_source) {
      out.source = *op.variants_source;
    }
  }
  return out;
}

}  // namespace

Expectation Operation::expectation(std::string_view condition, Profile profile) const {
  if (profile != Profile::kCompat) return expectation_of(*this, condition, profile);
  Expectation docs = expectation_of(*this, condition, Profile::kDocs);
  Expectation real = expectation_of(*this, condition, Profile::kDockerRegistry);
  if (docs.responses.empty()) return real;
  if (real.responses.empty()) return docs;
  Expectation out;
  for (const Response& r : responses) {
    if (contains(docs.responses, &r) || contains(real.responses, &r)) out.responses.push_back(&r);
  }
  // A server fails under compat only where it would fail under both profiles.
  out.level = weaker(docs.level, real.level);
  out.source = real.level == out.level ? real.source : docs.source;
  return out;
}

std::vector<const Response*> Operation::responses_for(std::string_view condition,
                                                      Profile profile) const {
  return expectation(condition, profile).responses;
}

}  // namespace drydock::spec
