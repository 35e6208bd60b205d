#include "faults.h"

namespace kube_test {

namespace {

const std::vector<std::string> kTypes = {"status", "drop", "truncate", "conflict", "gone", "redirect", "echo", "landed", "deep", "hang", "outage", "version"};

bool applies(const FaultRule& rule, const std::string& verb, const std::string& path, const std::string& body, bool is_write,
             bool has_continue) {
  if (!rule.verb.empty() && rule.verb != verb) return false;
  if (!rule.path.empty() && !path.starts_with(rule.path)) return false;
  if (!rule.body.empty() && body.find(rule.body) == std::string::npos) return false;
  if ((rule.type == "conflict" || rule.type == "landed") && !is_write) return false;
  if (rule.type == "gone" && !has_continue) return false;
  if (rule.type == "version" && path.find("/proxy") == std::string::npos) return false;
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
      rule.body = entry.value("body", "");
      rule.location = entry.value("location", "");
      rule.ms = entry.value("ms", 60000);
      rule.mode = entry.value("mode", "refuse");
      rule.version = entry.value("version", "");
      if (rule.mode != "refuse" && rule.mode != "hang") return "unknown outage mode \"" + rule.mode + "\"";
      rules_.push_back(rule);
    }
    if (body.contains("outage_ms")) return start_outage(body["outage_ms"].get<int>(), body.value("mode", "refuse"));
  } catch (const nlohmann::json::exception& error) {
    return error.what();
  }
  return "";
}

void Faults::clear() {
  latency_ms_ = 0;
  rules_.clear();
  outage_.reset();
}

std::chrono::milliseconds Outage::left() const {
  const auto now = std::chrono::steady_clock::now();
  return now < until ? std::chrono::duration_cast<std::chrono::milliseconds>(until - now) : std::chrono::milliseconds(0);
}

std::string Faults::start_outage(int ms, const std::string& mode) {
  if (mode != "refuse" && mode != "hang") return "unknown outage mode \"" + mode + "\"";
  outage_ = Outage{mode == "hang" ? OutageMode::hang : OutageMode::refuse, std::chrono::steady_clock::now() + std::chrono::milliseconds(ms)};
  return "";
}

std::optional<Outage> Faults::outage() const {
  if (!outage_ || outage_->left().count() == 0) return std::nullopt;
  return outage_;
}

std::optional<FaultRule> Faults::take(const std::string& verb, const std::string& path, const std::string& body, bool is_write,
                                      bool has_continue) {
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    if (!applies(*it, verb, path, body, is_write, has_continue)) continue;
    if (it->skip > 0) {  // a matching request let through untouched
      --it->skip;
      return std::nullopt;
    }
    FaultRule fired = *it;
    if (--it->count <= 0) rules_.erase(it);
    if (fired.type == "outage") start_outage(fired.ms, fired.mode);
    return fired;
  }
  return std::nullopt;
}

nlohmann::json Faults::describe() const {
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& rule : rules_) rules.push_back({{"type", rule.type}, {"count", rule.count}, {"verb", rule.verb}, {"path", rule.path}});
  nlohmann::json description = {{"latency_ms", latency_ms_}, {"rules", rules}};
  if (const auto now = outage()) description["outage_left_ms"] = now->left().count();
  return description;
}

}  // namespace kube_test
