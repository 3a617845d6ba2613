// Arazzo simple conditions: "$statusCode == 200 && $response.header.X-Docker-Token != ''".
// A condition is tokenized, parsed into a small tree, then evaluated against the context, so that
// the loader can check the syntax of every flow without evaluating anything.
//
//   or         := and ("||" and)*
//   and        := unary ("&&" unary)*
//   unary      := "!" unary | comparison
//   comparison := primary (("==" | "!=" | "<" | "<=" | ">" | ">=") primary)?
//   primary    := "(" or ")" | number | 'string' | true | false | null | runtime-expression

#include <cctype>
#include <memory>
#include <regex>

#include <nlohmann/json.hpp>

#include "drydock/common/json_limits.h"
#include "drydock/spec/expression.h"

namespace drydock::spec {

using nlohmann::json;

namespace {

// The parser and the evaluator recurse once per operator and parenthesis, so a condition's length
// in tokens bounds their depth. Real conditions have a dozen tokens.
constexpr size_t kMaxConditionTokens = 256;

struct Token {
  enum Kind { kOperator, kLiteral, kExpression, kEnd } kind = kEnd;
  std::string text;  // operator or expression text
  json literal;
};

struct Node {
  enum Kind { kLiteral, kExpression, kNot, kAnd, kOr, kCompare } kind = kLiteral;
  json literal;
  std::string text;  // kExpression: the expression; kCompare: the operator
  std::unique_ptr<Node> left, right;
};

class Parser {
 public:
  explicit Parser(std::string_view condition) : text_(condition) {}

  Result<std::unique_ptr<Node>> parse() {
    if (auto tokens = tokenize(); !tokens.ok()) return tokens.error();
    Result<std::unique_ptr<Node>> root = parse_or();
    if (!root.ok()) return root;
    if (tokens_[at_].kind != Token::kEnd) return fail("unexpected '" + tokens_[at_].text + "'");
    return root;
  }

 private:
  Error fail(const std::string& why) const {
    return Error::invalid("condition '" + std::string(text_) + "': " + why);
  }

  static bool ends_expression(char c) {
    return std::isspace(static_cast<unsigned char>(c)) ||
           std::string_view("=!<>&|()").find(c) != std::string_view::npos;
  }

  // Returns the operator starting at text_[i], or "".
  std::string_view operator_at(size_t i) const {
    for (std::string_view op : {"==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")"}) {
      if (text_.substr(i, op.size()) == op) return op;
    }
    return {};
  }

  Result<void> tokenize() {
    size_t i = 0;
    while (i < text_.size()) {
      if (tokens_.size() == kMaxConditionTokens) {
        return fail("more than " + std::to_string(kMaxConditionTokens) + " tokens (the limit)");
      }
      char c = text_[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
        continue;
      }
      if (std::string_view op = operator_at(i); !op.empty()) {
        tokens_.push_back({Token::kOperator, std::string(op), nullptr});
        i += op.size();
      } else if (c == '\'') {
        std::string value;
        size_t j = i + 1;
        for (; j < text_.size() && text_[j] != '\''; ++j) {
          if (text_[j] == '\\' && j + 1 < text_.size()) ++j;
          value.push_back(text_[j]);
        }
        if (j >= text_.size()) return fail("unterminated string literal");
        tokens_.push_back({Token::kLiteral, value, json(value)});
        i = j + 1;
      } else if (c == '$') {
        size_t j = i;
        while (j < text_.size() && !ends_expression(text_[j])) ++j;
        std::string expression(text_.substr(i, j - i));
        if (auto checked = check_expression(expression); !checked.ok()) return checked.error();
        tokens_.push_back({Token::kExpression, expression, nullptr});
        i = j;
      } else {
        size_t j = i;
        while (j < text_.size() && !ends_expression(text_[j])) ++j;
        std::string word(text_.substr(i, j - i));
        Result<json> literal = parse_json(word);
        if (!literal.ok() || literal->is_structured() || literal->is_string()) {
          return fail("unknown operand '" + word + "' (strings are written in single quotes)");
        }
        tokens_.push_back({Token::kLiteral, word, *literal});
        i = j;
      }
    }
    tokens_.push_back({Token::kEnd, "end of condition", nullptr});
    return {};
  }

  bool accept(std::string_view op) {
    if (tokens_[at_].kind == Token::kOperator && tokens_[at_].text == op) {
      ++at_;
      return true;
    }
    return false;
  }

  static std::unique_ptr<Node> binary(Node::Kind kind, std::string op, std::unique_ptr<Node> l,
                                      std::unique_ptr<Node> r) {
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->text = std::move(op);
    node->left = std::move(l);
    node->right = std::move(r);
    return node;
  }

  Result<std::unique_ptr<Node>> parse_or() {
    Result<std::unique_ptr<Node>> left = parse_and();
    while (left.ok() && accept("||")) {
      Result<std::unique_ptr<Node>> right = parse_and();
      if (!right.ok()) return right;
      left = binary(Node::kOr, "||", std::move(left).value(), std::move(right).value());
    }
    return left;
  }

  Result<std::unique_ptr<Node>> parse_and() {
    Result<std::unique_ptr<Node>> left = parse_unary();
    while (left.ok() && accept("&&")) {
      Result<std::unique_ptr<Node>> right = parse_unary();
      if (!right.ok()) return right;
      left = binary(Node::kAnd, "&&", std::move(left).value(), std::move(right).value());
    }
    return left;
  }

  Result<std::unique_ptr<Node>> parse_unary() {
    if (accept("!")) {
      Result<std::unique_ptr<Node>> operand = parse_unary();
      if (!operand.ok()) return operand;
      return binary(Node::kNot, "!", std::move(operand).value(), nullptr);
    }
    Result<std::unique_ptr<Node>> left = parse_primary();
    if (!left.ok()) return left;
    for (std::string_view op : {"==", "!=", "<=", ">=", "<", ">"}) {
      if (accept(op)) {
        Result<std::unique_ptr<Node>> right = parse_primary();
        if (!right.ok()) return right;
        return binary(Node::kCompare, std::string(op), std::move(left).value(),
                      std::move(right).value());
      }
    }
    return left;
  }

  Result<std::unique_ptr<Node>> parse_primary() {
    if (accept("(")) {
      Result<std::unique_ptr<Node>> inner = parse_or();
      if (!inner.ok()) return inner;
      if (!accept(")")) return fail("missing ')'");
      return inner;
    }
    const Token& token = tokens_[at_];
    if (token.kind != Token::kLiteral && token.kind != Token::kExpression) {
      return fail("expected an operand, found '" + token.text + "'");
    }
    ++at_;
    auto node = std::make_unique<Node>();
    node->kind = token.kind == Token::kLiteral ? Node::kLiteral : Node::kExpression;
    node->literal = token.literal;
    node->text = token.text;
    return node;
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t at_ = 0;
};

std::optional<double> as_number(const json& value) {
  if (value.is_number()) return value.get<double>();
  if (!value.is_string()) return std::nullopt;
  const std::string& text = value.get_ref<const std::string&>();
  Result<json> parsed = parse_json(text);
  if (!parsed.ok() || !parsed->is_number()) return std::nullopt;
  return parsed->get<double>();
}

class Evaluator {
 public:
  Evaluator(std::string_view condition, const ExpressionContext& context)
      : condition_(condition), context_(context) {}

  Result<json> eval(const Node& node) {
    switch (node.kind) {
      case Node::kLiteral:
        return node.literal;
      case Node::kExpression: {
        // A JSON pointer that finds nothing reads as null: `$response.body#/v1.0 == null`.
        Result<json> value = evaluate(node.text, context_);
        if (!value.ok() && value.error().code == ErrorCode::kNotFound) return json(nullptr);
        return value;
      }
      case Node::kNot: {
        Result<bool> operand = eval_bool(*node.left);
        if (!operand.ok()) return operand.error();
        return json(!operand.value());
      }
      case Node::kAnd:
      case Node::kOr: {
        Result<bool> left = eval_bool(*node.left);
        if (!left.ok()) return left.error();
        if (left.value() == (node.kind == Node::kOr)) return json(left.value());
        Result<bool> right = eval_bool(*node.right);
        if (!right.ok()) return right.error();
        return json(right.value());
      }
      case Node::kCompare:
        return compare(node);
    }
    return fail("internal: unknown node");
  }

  Result<bool> eval_bool(const Node& node) {
    Result<json> value = eval(node);
    if (!value.ok()) return value.error();
    if (!value->is_boolean()) return fail("'" + node_text(node) + "' is not true or false");
    return value->get<bool>();
  }

 private:
  Error fail(const std::string& why) const {
    return Error::invalid("condition '" + std::string(condition_) + "': " + why);
  }

  static std::string node_text(const Node& node) {
    return node.kind == Node::kLiteral ? dump_json(node.literal) : node.text;
  }

  Result<json> compare(const Node& node) {
    Result<json> left = eval(*node.left);
    if (!left.ok()) return left;
    Result<json> right = eval(*node.right);
    if (!right.ok()) return right;
    const std::string& op = node.text;
    std::optional<double> l = as_number(*left), r = as_number(*right);
    bool numeric = l && r && (left->is_number() || right->is_number());
    if (numeric) {
      if (op == "==") return json(*l == *r);
      if (op == "!=") return json(*l != *r);
      if (op == "<") return json(*l < *r);
      if (op == "<=") return json(*l <= *r);
      if (op == ">") return json(*l > *r);
      return json(*l >= *r);
    }
    if (op == "==") return json(*left == *right);
    if (op == "!=") return json(*left != *right);
    if (!left->is_string() || !right->is_string()) {
      return fail("'" + op + "' needs two numbers or two strings");
    }
    const std::string& a = left->get_ref<const std::string&>();
    const std::string& b = right->get_ref<const std::string&>();
    if (op == "<") return json(a < b);
    if (op == "<=") return json(a <= b);
    if (op == ">") return json(a > b);
    return json(a >= b);
  }

  std::string_view condition_;
  const ExpressionContext& context_;
};

}  // namespace

Result<void> check_condition(std::string_view condition) {
  Result<std::unique_ptr<Node>> tree = Parser(condition).parse();
  if (!tree.ok()) return tree.error();
  return {};
}

Result<bool> evaluate_condition(std::string_view condition, const ExpressionContext& context) {
  Result<std::unique_ptr<Node>> tree = Parser(condition).parse();
  if (!tree.ok()) return tree.error();
  return Evaluator(condition, context).eval_bool(*tree.value());
}

Result<bool> evaluate_criterion(const Criterion& criterion, const ExpressionContext& context) {
  if (criterion.type == "simple") return evaluate_condition(criterion.condition, context);
  if (criterion.type != "regex") {
    return Error::invalid("criterion type '" + criterion.type + "' is not supported");
  }
  Result<json> value = evaluate(criterion.context, context);
  if (!value.ok()) return value.error();
  std::string text = value->is_string() ? value->get<std::string>() : dump_json(*value);
  return regex_holds(criterion.condition, text);
}

Result<bool> regex_holds(std::string_view pattern, std::string_view text) {
  // libstdc++'s matcher recurses per character: a long text from a server would exhaust the
  // stack. What a workflow matches (an exact error string) is short.
  if (text.size() > kMaxRegexText) {
    return Error::invalid("the text is " + std::to_string(text.size()) + " bytes, over the " +
                          std::to_string(kMaxRegexText) + " a regex criterion reads");
  }
  try {
    return std::regex_search(text.begin(), text.end(), std::regex(std::string(pattern)));
  } catch (const std::regex_error& e) {
    return Error::invalid("criterion regex '" + std::string(pattern) + "': " + e.what());
  }
}

}  // namespace drydock::spec
