#include "drydock/simulator/auth/token.h"

#include <charconv>
#include <map>
#include <utility>

#include "drydock/common/digest.h"

namespace drydock::auth {

namespace {

constexpr std::string_view kTokenMacLabel = "drydock-token\n";  // separates token MACs from others
constexpr size_t kTokenNonceBytes = 8;
constexpr size_t kNonceHexDigits = 2 * kTokenNonceBytes;
constexpr size_t kMacHexDigits = 64;

bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
bool is_value(char c) {
  return c != '"' && c != ',';
}
bool is_lower_hex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// The parts of a signature "<expiry>.<nonce>.<mac>".
struct Signature {
  std::string_view expiry;
  std::string_view nonce;
  std::string_view mac;
  int64_t expiry_seconds = 0;
};

std::optional<Signature> split_signature(std::string_view text) {
  size_t first = text.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  size_t second = text.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  Signature sig{text.substr(0, first), text.substr(first + 1, second - first - 1),
                text.substr(second + 1)};
  if (sig.expiry.empty() || sig.expiry.size() > 18) return std::nullopt;
  auto [ptr, ec] =
      std::from_chars(sig.expiry.data(), sig.expiry.data() + sig.expiry.size(), sig.expiry_seconds);
  if (ec != std::errc() || ptr != sig.expiry.data() + sig.expiry.size()) return std::nullopt;
  if (sig.nonce.size() != kNonceHexDigits || !is_lower_hex(sig.nonce)) return std::nullopt;
  if (sig.mac.size() != kMacHexDigits || !is_lower_hex(sig.mac)) return std::nullopt;
  return sig;
}

TokenCheck failed(TokenFailure failure, Grant grant = {}) {
  return TokenCheck{failure, std::move(grant)};
}

}  // namespace

TokenPairs parse_token_pairs(std::string_view text) {
  TokenPairs pairs;
  size_t i = 0;
  while (i < text.size()) {
    if (!is_word(text[i])) {
      ++i;
      continue;
    }
    size_t word_end = i;
    while (word_end < text.size() && is_word(text[word_end])) ++word_end;
    size_t p = word_end;  // must be [:=]
    if (p >= text.size() || (text[p] != ':' && text[p] != '=')) {
      i = word_end;  // no match can start anywhere inside this word
      continue;
    }
    ++p;
    auto value_end = [&](size_t from) {
      size_t e = from;
      while (e < text.size() && is_value(text[e])) ++e;
      return e;
    };
    size_t start = p;
    size_t end = p;
    if (p < text.size() && (is_space(text[p]) || text[p] == '"')) {
      end = value_end(p + 1);
      start = p + 1;
      if (end == start && is_space(text[p])) {  // backtrack: the space is the value
        start = p;
        end = p + 1;
      }
    } else {
      end = value_end(p);
    }
    if (end == start) {
      i = word_end;
      continue;
    }
    pairs[std::string(text.substr(i, word_end - i))] = std::string(text.substr(start, end - start));
    i = end;
    if (i < text.size() && text[i] == '"') ++i;
  }
  return pairs;
}

std::string_view failure_name(TokenFailure failure) {
  switch (failure) {
    case TokenFailure::kInvalidToken:
      return "invalid-token";
    case TokenFailure::kExpired:
      return "token-expired";
    case TokenFailure::kWrongRepository:
      return "token-wrong-repository";
    case TokenFailure::kWrongAccess:
      return "token-wrong-access";
    case TokenFailure::kSpent:
      return "token-spent";
  }
  return "invalid-token";
}

Error failure_error(TokenFailure failure) {
  return Error{ErrorCode::kUnauthorized, std::string(failure_name(failure))};
}

TokenSigner::TokenSigner(std::string secret, TokenOptions options,
                         std::shared_ptr<SpentTokenStore> spent)
    : secret_(std::move(secret)),
      options_(options),
      spent_(spent ? std::move(spent) : std::make_shared<SpentTokens>()) {}

std::string TokenSigner::mac(std::string_view repository, std::string_view access,
                             std::string_view expiry, std::string_view nonce) const {
  return grant_mac(secret_, kTokenMacLabel, repository, access, expiry, nonce);
}

std::string TokenSigner::issue(std::string_view repository, Access access, TimePoint now) const {
  auto expiry =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()) + options_.ttl;
  std::string expiry_text = std::to_string(expiry.count());
  std::string nonce = to_hex(random_bytes(kTokenNonceBytes));
  std::string_view access_text = access_name(access);
  return "signature=" + expiry_text + "." + nonce + "." +
         mac(repository, access_text, expiry_text, nonce) + ",repository=\"" +
         std::string(repository) + "\",access=" + std::string(access_text);
}

TokenCheck TokenSigner::verify(std::string_view token_text,
                               std::optional<std::string_view> repository, Access needed,
                               TimePoint now, const Leniency& leniency) {
  auto pairs = parse_token_pairs(token_text);
  auto signature_it = pairs.find("signature");
  auto repository_it = pairs.find("repository");
  auto access_it = pairs.find("access");
  if (signature_it == pairs.end() || repository_it == pairs.end() || access_it == pairs.end()) {
    return failed(TokenFailure::kInvalidToken);
  }
  auto sig = split_signature(signature_it->second);
  if (!sig) return failed(TokenFailure::kInvalidToken);
  std::string expected = mac(repository_it->second, access_it->second, sig->expiry, sig->nonce);
  if (!leniency.skip_signature && !constant_time_equal(expected, sig->mac)) {
    return failed(TokenFailure::kInvalidToken);
  }
  auto access = parse_access(access_it->second);
  if (!access) return failed(TokenFailure::kInvalidToken);

  Grant grant{repository_it->second, *access, TimePoint(std::chrono::seconds(sig->expiry_seconds))};
  if (now >= grant.expiry + leniency.expiry_grace) {
    return failed(TokenFailure::kExpired, std::move(grant));
  }
  if (repository && *repository != grant.repository) {
    return failed(TokenFailure::kWrongRepository, std::move(grant));
  }
  if (grant.access != needed) return failed(TokenFailure::kWrongAccess, std::move(grant));
  if (options_.policy == TokenPolicy::kSingleUse) {
    Result<bool> spent_now = spent_->spend(sig->mac, grant.expiry, now);
    if (!spent_now || !*spent_now) return failed(TokenFailure::kSpent, std::move(grant));
  }
  return TokenCheck{std::nullopt, std::move(grant)};
}

std::optional<std::string_view> token_credentials(std::string_view authorization) {
  size_t i = 0;
  while (i < authorization.size() && is_space(authorization[i])) ++i;
  std::string_view rest = authorization.substr(i);
  constexpr std::string_view kScheme = "token";
  if (rest.size() < kScheme.size()) return std::nullopt;
  for (size_t k = 0; k < kScheme.size(); ++k) {
    char c = rest[k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kScheme[k]) return std::nullopt;
  }
  rest.remove_prefix(kScheme.size());
  if (!rest.empty() && !is_space(rest.front())) return std::nullopt;  // "Tokens", "Token=..."
  while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
  return rest;
}

}  // namespace drydock::auth
