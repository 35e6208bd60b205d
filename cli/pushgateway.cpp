#include "pushgateway.h"

#include <curl/curl.h>

#include <memory>

#include <fmt/format.h>

namespace synops::cli {

namespace {

constexpr long kConnectTimeoutMs = 5000;
constexpr long kTimeoutMs = 30000;  // a cron run must end; the next run pushes again

std::string escaped(const std::string& value) {
  std::unique_ptr<char, decltype(&curl_free)> out(curl_easy_escape(nullptr, value.c_str(), static_cast<int>(value.size())),
                                                 &curl_free);
  return out ? std::string(out.get()) : value;
}

// The URL for messages: a user and password given in it (basic auth) are never printed.
std::string shown_url(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), &curl_url_cleanup);
  char* text = nullptr;
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK ||
      curl_url_set(parsed.get(), CURLUPART_USER, nullptr, 0) != CURLUE_OK ||
      curl_url_set(parsed.get(), CURLUPART_PASSWORD, nullptr, 0) != CURLUE_OK ||
      curl_url_get(parsed.get(), CURLUPART_URL, &text, 0) != CURLUE_OK)
    return "(the --pushgateway URL)";
  std::string out = text;
  curl_free(text);
  return out;
}

size_t keep_body(char* data, size_t size, size_t count, void* body) {
  auto& out = *static_cast<std::string*>(body);
  if (out.size() < 4096) out.append(data, size * count);  // enough for the one line we show
  return size * count;
}

std::string first_line(const std::string& body) {
  std::string line = body.substr(0, body.find('\n'));
  if (line.size() > 200) line = line.substr(0, 200) + "...";
  return line;
}

}  // namespace

std::string pushgateway_group_url(const std::string& base_url, const std::string& deployment) {
  std::string base = base_url;
  while (base.ends_with('/')) base.pop_back();
  return base + "/metrics/job/synops_drift/deployment/" + escaped(deployment);
}

Result<bool> push_to_pushgateway(const std::string& base_url, const std::string& deployment, const std::string& text) {
  const std::string url = pushgateway_group_url(base_url, deployment);
  auto problem = [&](const std::string& what) {
    return fail(fmt::format("cannot push the metrics to the Pushgateway {}: {}", shown_url(url), what));
  };
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return problem("libcurl could not start");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, &curl_slist_free_all);
  for (const char* header : {"Content-Type: text/plain; version=0.0.4; charset=utf-8", "Expect:"})
    headers.reset(curl_slist_append(headers.release(), header));
  std::string body;
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, "PUT");
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, text.data());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(text.size()));
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect would carry basic auth elsewhere
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, kTimeoutMs);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, keep_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &body);
  const CURLcode code = curl_easy_perform(handle);
  if (code != CURLE_OK) return problem(curl_easy_strerror(code));
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status >= 300)
    return problem(body.empty() ? fmt::format("HTTP {}", status) : fmt::format("HTTP {}: {}", status, first_line(body)));
  return true;
}

}  // namespace synops::cli
