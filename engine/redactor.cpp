#include "redactor.h"

#include <algorithm>

#include "sensitivity.h"

namespace synops {

namespace {

// The secret as a JSON string holds it, without the quotes.
std::string json_escaped(std::string_view secret) {
  const std::string quoted = nlohmann::json(std::string(secret)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

void replace_all(std::string& text, std::string_view what) {
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + kRedactedMark.size()))
    text.replace(at, what.size(), kRedactedMark);
}

// Under a sensitive key every string is secret ("secrets: {a: ..., b: ...}").
void add_strings(Redactor& redactor, const nlohmann::json& value) {
  if (value.is_string()) redactor.add(value.get_ref<const std::string&>());
  if (value.is_structured())
    for (const auto& item : value) add_strings(redactor, item);
}

// Adds the forms of `secret` (as written, as JSON escapes it), keeping `forms` longest first.
void add_forms(std::vector<std::string>& forms, std::string_view secret) {
  if (secret.size() < kMinimumSecretLength) return;
  for (std::string form : {std::string(secret), json_escaped(secret)})
    if (std::ranges::find(forms, form) == forms.end()) forms.push_back(std::move(form));
  std::ranges::stable_sort(forms, [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

}  // namespace

void Redactor::add(std::string_view secret) { add_forms(forms_, secret); }

void Redactor::add_source(std::function<std::vector<std::string>()> source) { sources_.push_back(std::move(source)); }

void Redactor::add_sensitive_values(const nlohmann::json& document) {
  if (document.is_array())
    for (const auto& item : document) add_sensitive_values(item);
  if (!document.is_object()) return;
  for (const auto& [key, value] : document.items()) {
    if (!is_sensitive_key(key)) {
      add_sensitive_values(value);
      continue;
    }
    add_strings(*this, value);
  }
}

std::vector<std::string> Redactor::current_forms() const {
  std::vector<std::string> forms = forms_;
  for (const auto& source : sources_)
    for (const auto& secret : source()) add_forms(forms, secret);
  return forms;
}

std::string Redactor::redact(std::string_view text) const {
  return sources_.empty() ? redact_with(forms_, text) : redact_with(current_forms(), text);
}

nlohmann::json Redactor::redact_strings(nlohmann::json document) const {
  // The sources are asked once for the whole document, not once per string.
  const std::vector<std::string> forms = current_forms();
  if (forms.empty()) return document;
  return redact_strings_with(forms, std::move(document));
}

std::string Redactor::redact_with(const std::vector<std::string>& forms, std::string_view text) {
  std::string out(text);
  for (const auto& form : forms) replace_all(out, form);
  return out;
}

nlohmann::json Redactor::redact_strings_with(const std::vector<std::string>& forms, nlohmann::json document) {
  if (document.is_string()) return redact_with(forms, document.get_ref<const std::string&>());
  // (A number or boolean would iterate over itself: only structures are walked.)
  if (document.is_structured())
    for (auto& item : document) item = redact_strings_with(forms, std::move(item));
  return document;
}

}  // namespace synops
