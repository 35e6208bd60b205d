#include "faults.h"

namespace kube_test {

namespace {

const std::vector<std::string> kTypes = {"status", "drop", "truncate", "conflict", "gone", "redirect", "echo", "landed", "deep"};

bool applies(const FaultRule& rule, const std::string& verb, const std::string& path, bool is_write, bool has_continue) {
  if (!rule.verb.empty() && rule.verb != verb) return false;
  if (!rule.path.empty() && !path.starts_with(rule.path)) return false;
  if ((rule.type == "conflict" || rule.type == "landed") && !is_write) return false;
  if (rule.type == "gone" && !has_continue) return false;
  return true;
}

}  // namespace

std::string Faults::configure(const nlohmann::json& body) {
  if (!body.is_object()) return "the body must be a JSON object";
  try {
    if (body.contains("latency_ms")) latency_ms_ = body["latency_ms"].get<int>();
    for (const auto& entry : body.value("rules", nlohmann::json::array())) {
      FaultRule rule;
      rule.type = entry.value("type", "");
      if (std::ranges::find(kTypes, rule.type) == kTypes.end()) return "unknown fault type \"" + rule.type + "\"";
      rule.status = entry.value("status", rule.type == "conflict" ? 409u : rule.type == "gone" ? 410u : rule.type == "echo" ? 422u : 500u);
      rule.count = entry.value("count", 1);
      rule.skip = entry.value("skip", 0);
      rule.retry_after = entry.value("retry_after", -1);
      rule.verb = entry.value("verb", "");
      rule.path = entry.value("path", "");
      rule.location = entry.value("location", "");
      rules_.push_back(rule);
    }
  } catch (const nlohmann::json::exception& error) {
    return error.what();
  }
  return "";
}

void Faults::clear() {
  latency_ms_ = 0;
  rules_.clear();
}

std::optional<FaultRule> Faults::take(const std::string& verb, const std::string& path, bool is_write, bool has_continue) {
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    if (!applies(*it, verb, path, is_write, has_continue)) continue;
    if (it->skip > 0) {  // a matching request let through untouched
      --it->skip;
      return std::nullopt;
    }
    FaultRule fired = *it;
    if (--it->count <= 0) rules_.erase(it);
    return fired;
  }
  return std::nullopt;
}

nlohmann::json Faults::describe() const {
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& rule : rules_) rules.push_back({{"type", rule.type}, {"count", rule.count}, {"verb", rule.verb}, {"path", rule.path}});
  return {{"latency_ms", latency_ms_}, {"rules", rules}};
}

}  // namespace kube_test
