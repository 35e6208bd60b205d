// The secrets a run knows, and the one place they are taken out of what it says. An API
// server may quote a request in its answer (a 422 echoing the homeserver.yaml it refused),
// so any message synops prints or journals during a run first goes through redact().
//
// What is known: the cluster credentials the command connected with (including those it
// learns later, from an exec plugin or a rotated token file: add_source), and the values
// under sensitive keys (sensitivity.h) of the documents it writes. Each is looked for as written
// and as JSON escapes it (an echoed request body is JSON). Values shorter than
// kMinimumSecretLength are not taken: masking every "10" or "true" would garble messages
// and hide nothing worth hiding.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace synops {

inline constexpr std::string_view kRedactedMark = "(redacted)";
inline constexpr size_t kMinimumSecretLength = 6;

class Redactor {
 public:
  void add(std::string_view secret);
  // Secrets known only later, asked for at every redact(): must be thread-safe and outlive
  // the redactor (capture a shared_ptr).
  void add_source(std::function<std::vector<std::string>()> source);
  // Every string under a sensitive key of `document`, at any depth.
  void add_sensitive_values(const nlohmann::json& document);
  std::string redact(std::string_view text) const;
  // Every string value of `document` redacted (keys are kept): a record stays valid JSON.
  nlohmann::json redact_strings(nlohmann::json document) const;
  size_t size() const { return forms_.size(); }

 private:
  // forms_ and what the sources know now, longest first.
  std::vector<std::string> current_forms() const;
  static std::string redact_with(const std::vector<std::string>& forms, std::string_view text);
  static nlohmann::json redact_strings_with(const std::vector<std::string>& forms, nlohmann::json document);

  std::vector<std::string> forms_;  // longest first, so a secret holding another is replaced whole
  std::vector<std::function<std::vector<std::string>()>> sources_;
};

}  // namespace synops
