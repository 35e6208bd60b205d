#include "http_client.h"
#include "rate_limiter.h"

#include <curl/curl.h>

#include <array>
#include <cstring>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "credential_source.h"

namespace synops::kube {

namespace {

// The parts of the server URL needed to aim TLS at tls-server-name while connecting to the
// real address (curl has no SNI override; CURLOPT_CONNECT_TO gives the same effect).
struct ServerUrl {
  std::string scheme, host, port, prefix;
};

std::optional<ServerUrl> parse_server(const std::string& server) {
  const size_t scheme_end = server.find("://");
  if (scheme_end == std::string::npos) return std::nullopt;
  ServerUrl url;
  url.scheme = server.substr(0, scheme_end);
  if (url.scheme != "https" && url.scheme != "http") return std::nullopt;
  std::string rest = server.substr(scheme_end + 3);
  const size_t slash = rest.find('/');
  if (slash != std::string::npos) {
    url.prefix = rest.substr(slash);
    rest = rest.substr(0, slash);
  }
  while (url.prefix.ends_with("/")) url.prefix.pop_back();
  const size_t colon = rest.rfind(':');
  const bool has_port = colon != std::string::npos && rest.find(']', colon) == std::string::npos;
  url.host = has_port ? rest.substr(0, colon) : rest;
  url.port = has_port ? rest.substr(colon + 1) : (url.scheme == "https" ? "443" : "80");
  if (url.host.empty()) return std::nullopt;
  return url;
}

// One transfer's result, before the retry policy looks at it.
struct Attempt {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string body;
  std::string retry_after;
  std::string curl_message;
  bool body_too_large = false;
  bool sink_stopped = false;  // the body sink refused the body: no retry can help
  bool sent = false;  // the connection was up, so the request may have reached the server
};

struct Transfer {
  Attempt* attempt;
  size_t max_body_bytes;
  CURL* handle;
  BodySink* sink;        // for a 2xx body; nullptr: collect it
  size_t received = 0;
  std::optional<bool> streaming;  // decided at the first byte, when the status is known
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  if (transfer->received + bytes > transfer->max_body_bytes) {
    transfer->attempt->body_too_large = true;
    return 0;  // aborts the transfer
  }
  transfer->received += bytes;
  if (!transfer->streaming) {
    long status = 0;
    curl_easy_getinfo(transfer->handle, CURLINFO_RESPONSE_CODE, &status);
    transfer->streaming = transfer->sink != nullptr && status >= 200 && status < 300;
  }
  if (!*transfer->streaming) {
    transfer->attempt->body.append(data, bytes);
    return bytes;
  }
  if (transfer->sink->take(std::string_view(data, bytes))) return bytes;
  transfer->attempt->sink_stopped = true;
  return 0;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* attempt = static_cast<Attempt*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) attempt->retry_after.clear();  // a new response (after 100 Continue)
  constexpr std::string_view kRetryAfter = "retry-after:";
  if (line.size() > kRetryAfter.size()) {
    std::string name(line.substr(0, kRetryAfter.size()));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == kRetryAfter) attempt->retry_after = std::string(line.substr(kRetryAfter.size()));
  }
  return size * count;
}

// Failures on the way, named for a person, and whether re-sending can help. A request that
// never left (the connection or its TLS handshake did not come up) is always safe to send again;
// one that may have reached the server only when it is idempotent. A name that does not resolve
// and a handshake that fails are retried too: both are what a control plane moving to another
// address looks like for a few seconds, and a real misconfiguration still fails once the budget
// is spent.
struct TransportFailure {
  std::string reason;
  bool retryable;         // for any request
  bool retryable_if_idempotent;
};

TransportFailure classify(CURLcode code, bool sent) {
  switch (code) {
    case CURLE_COULDNT_CONNECT: return {"ConnectionRefused", true, true};
    case CURLE_COULDNT_RESOLVE_HOST: return {"UnknownHost", true, true};
    case CURLE_OPERATION_TIMEDOUT: return sent ? TransportFailure{"Timeout", false, true} : TransportFailure{"ConnectTimeout", true, true};
    case CURLE_GOT_NOTHING: return {"EmptyReply", false, true};
    case CURLE_PARTIAL_FILE: return {"TruncatedBody", false, true};
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return {"ConnectionReset", false, true};
    case CURLE_PEER_FAILED_VERIFICATION: return {"TLSVerificationFailed", false, false};
    case CURLE_SSL_CONNECT_ERROR: return {"TLSHandshakeFailed", true, true};
    case CURLE_WRITE_ERROR: return {"ResponseTooLarge", false, false};
    default: return {"TransportError", false, false};
  }
}

void curl_global_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

struct HttpClient::Impl {
  ClusterConfig config;
  HttpOptions options;
  ServerUrl url;
  mutable CredentialSource credentials;
  CURLSH* share = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks;
  mutable std::mutex pool_mutex;
  mutable std::vector<CURL*> idle;
  mutable std::mutex random_mutex;
  mutable std::mt19937_64 random{std::random_device{}()};
  mutable RateLimiter limiter;

  Impl(ClusterConfig cluster, HttpOptions http, ServerUrl server)
      : config(cluster), options(http), url(std::move(server)), credentials(std::move(cluster)), limiter(http.qps, http.burst) {}

  ~Impl() {
    for (CURL* handle : idle) curl_easy_cleanup(handle);
    if (share != nullptr) curl_share_cleanup(share);
  }

  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<Impl*>(user)->share_locks[data].lock();
  }
  static void unlock(CURL*, curl_lock_data data, void* user) { static_cast<Impl*>(user)->share_locks[data].unlock(); }

  void make_share() {
    share = curl_share_init();
    curl_share_setopt(share, CURLSHOPT_LOCKFUNC, &Impl::lock);
    curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, &Impl::unlock);
    curl_share_setopt(share, CURLSHOPT_USERDATA, this);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  }

  CURL* borrow() const {
    std::lock_guard lock(pool_mutex);
    if (idle.empty()) return curl_easy_init();
    CURL* handle = idle.back();
    idle.pop_back();
    return handle;
  }
  void give_back(CURL* handle) const {
    std::lock_guard lock(pool_mutex);
    idle.push_back(handle);
  }

  double random01() const {
    std::lock_guard lock(random_mutex);
    return std::uniform_real_distribution<double>(0.0, 1.0)(random);
  }

  // Where the request goes: the real address, or tls-server-name routed to it.
  std::string url_for(const std::string& target) const {
    const std::string host = config.tls_server_name.empty() ? url.host : config.tls_server_name;
    return url.scheme + "://" + host + ":" + url.port + url.prefix + target;
  }

  void set_tls(CURL* handle, const Credentials& credentials, curl_slist*& connect_to) const {
    if (config.insecure_skip_tls_verify) {
      // The single opt-in path, taken only when the kubeconfig asks for it.
      curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (!config.ca_pem.empty()) {
      curl_blob ca{const_cast<char*>(config.ca_pem.data()), config.ca_pem.size(), CURL_BLOB_COPY};
      curl_easy_setopt(handle, CURLOPT_CAINFO_BLOB, &ca);
    }
    if (!credentials.client_cert_pem.empty()) {
      curl_blob cert{const_cast<char*>(credentials.client_cert_pem.data()), credentials.client_cert_pem.size(), CURL_BLOB_COPY};
      curl_blob key{const_cast<char*>(credentials.client_key_pem.data()), credentials.client_key_pem.size(), CURL_BLOB_COPY};
      curl_easy_setopt(handle, CURLOPT_SSLCERTTYPE, "PEM");
      curl_easy_setopt(handle, CURLOPT_SSLCERT_BLOB, &cert);
      curl_easy_setopt(handle, CURLOPT_SSLKEYTYPE, "PEM");
      curl_easy_setopt(handle, CURLOPT_SSLKEY_BLOB, &key);
    }
    if (!config.tls_server_name.empty()) {
      const std::string route = config.tls_server_name + ":" + url.port + ":" + url.host + ":" + url.port;
      connect_to = curl_slist_append(connect_to, route.c_str());
      curl_easy_setopt(handle, CURLOPT_CONNECT_TO, connect_to);
    }
  }

  curl_slist* headers_for(const HttpRequest& request, const Credentials& credentials) const {
    curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
    headers = curl_slist_append(headers, "User-Agent: synops/" SYNOPS_VERSION);
    if (!request.content_type.empty()) headers = curl_slist_append(headers, ("Content-Type: " + request.content_type).c_str());
    if (!credentials.token.empty()) {
      std::string authorization = "Authorization: Bearer " + credentials.token;
      headers = curl_slist_append(headers, authorization.c_str());
      std::fill(authorization.begin(), authorization.end(), '\0');
    }
    return headers;
  }

  void set_common(CURL* handle, const std::string& target, char* error_buffer) const {
    curl_easy_setopt(handle, CURLOPT_SHARE, share);
    curl_easy_setopt(handle, CURLOPT_URL, url_for(target).c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "https");  // never plain http, whatever the URL says
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count()));
    // A request that receives nothing for stall_timeout is given up (and retried when it may
    // be): a hang shows in seconds, while a large LIST page that keeps arriving has time.
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.stall_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
    if (!config.proxy_url.empty()) curl_easy_setopt(handle, CURLOPT_PROXY, config.proxy_url.c_str());
  }

  void set_method(CURL* handle, const HttpRequest& request) const {
    if (request.method == "GET") {
      curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
      return;
    }
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.c_str());
  }

  Attempt perform(const HttpRequest& request, const Credentials& credentials, BodySink* sink = nullptr) const {
    Attempt attempt;
    CURL* handle = borrow();
    curl_easy_reset(handle);
    char error_buffer[CURL_ERROR_SIZE] = {0};
    if (sink != nullptr) sink->start();
    Transfer transfer{&attempt, options.max_body_bytes, handle, sink};
    curl_slist* connect_to = nullptr;
    curl_slist* headers = headers_for(request, credentials);
    set_common(handle, request.target, error_buffer);
    set_tls(handle, credentials, connect_to);
    set_method(handle, request);
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &attempt);
    attempt.code = curl_easy_perform(handle);
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &attempt.status);
    curl_off_t pretransfer = 0;  // stays 0 when the connection (or its TLS handshake) never came up
    curl_easy_getinfo(handle, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
    attempt.sent = pretransfer > 0;
    attempt.curl_message = error_buffer[0] != 0 ? error_buffer : curl_easy_strerror(attempt.code);
    // The header list holds the token: wipe it before freeing.
    for (curl_slist* item = headers; item != nullptr; item = item->next)
      std::fill(item->data, item->data + std::strlen(item->data), '\0');
    curl_slist_free_all(headers);
    curl_slist_free_all(connect_to);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, nullptr);
    give_back(handle);
    return attempt;
  }

  // One -v line per attempt: what was asked, what came back, how long it took, what follows.
  void trace(const HttpRequest& request, const Attempt& attempt, std::chrono::milliseconds took, const std::string& next) const {
    if (!options.trace) return;
    const std::string reason = reason_for_status(attempt.status);
    const std::string answer = attempt.code != CURLE_OK ? "no answer (" + classify(attempt.code, attempt.sent).reason + ")"
                               : reason.empty()          ? std::to_string(attempt.status)
                                                         : fmt::format("{} {}", attempt.status, reason);
    options.trace(fmt::format("{} {} -> {} in {} ms{}", request.method, request.target, answer, took.count(), next));
  }

  ApiError transport_error(const Attempt& attempt) const {
    const auto failure = classify(attempt.code, attempt.sent);
    if (attempt.body_too_large)
      return {0, failure.reason, "the API server's response is larger than " + std::to_string(options.max_body_bytes >> 20) + " MiB"};
    return {0, failure.reason, "no complete answer from the API server at " + config.server + ": " + attempt.curl_message};
  }
};

HttpClient::HttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpClient::~HttpClient() = default;

const std::string& HttpClient::server() const { return impl_->config.server; }
const std::string& HttpClient::ca_pem() const { return impl_->config.ca_pem; }

std::vector<std::string> HttpClient::credentials_seen() const { return impl_->credentials.secrets_seen(); }

Result<std::shared_ptr<HttpClient>> HttpClient::create(const ClusterConfig& config, HttpOptions options) {
  auto url = parse_server(config.server);
  if (!url) return fail(config.source + ": server \"" + config.server + "\" is not an http(s) URL with a host");
  curl_global_once();
  auto impl = std::make_unique<Impl>(config, options, std::move(*url));
  impl->make_share();
  return std::shared_ptr<HttpClient>(new HttpClient(std::move(impl)));
}

bool HttpClient::answers() const {
  auto credentials = impl_->credentials.current();
  if (!credentials) return false;
  const Attempt attempt = impl_->perform(HttpRequest{"GET", "/version"}, *credentials);
  return attempt.code == CURLE_OK && attempt.status > 0;
}

std::expected<HttpResponse, ApiError> HttpClient::send(const HttpRequest& request) const {
  return send(request, nullptr);
}

std::expected<HttpResponse, ApiError> HttpClient::send(const HttpRequest& request, BodySink& sink) const {
  return send(request, &sink);
}

std::expected<HttpResponse, ApiError> HttpClient::send(const HttpRequest& request, BodySink* sink) const {
  const auto& policy = impl_->options.retry;
  const auto first_started = std::chrono::steady_clock::now();
  bool refreshed_after_401 = false;
  ApiError last;
  for (int attempt_number = 1;; ++attempt_number) {
    auto credentials = impl_->credentials.current();
    if (!credentials) return std::unexpected(ApiError{0, "Credentials", credentials.error().front().message});
    impl_->limiter.acquire();
    const auto started = std::chrono::steady_clock::now();
    const Attempt attempt = impl_->perform(request, *credentials, sink);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    std::optional<std::chrono::seconds> retry_after;
    bool retry = false;
    FailureKind kind = FailureKind::answer;
    if (attempt.sink_stopped) {
      impl_->trace(request, attempt, took, ", body refused");
      return std::unexpected(ApiError{attempt.status, "BodyRefused", "the response body was refused", attempt_number});
    } else if (attempt.code != CURLE_OK) {
      last = impl_->transport_error(attempt);
      const auto failure = classify(attempt.code, attempt.sent);
      retry = failure.retryable || (request.idempotent && failure.retryable_if_idempotent);
      kind = FailureKind::no_answer;
    } else if (attempt.status >= 200 && attempt.status < 300) {
      impl_->trace(request, attempt, took, "");
      return HttpResponse{attempt.status, attempt.body};
    } else if (attempt.status == 401 && !refreshed_after_401 && impl_->credentials.invalidate()) {
      // A rotated token file or an expired exec credential: ask once more with a fresh one.
      refreshed_after_401 = true;
      impl_->trace(request, attempt, took, ", asking for a fresh credential");
      --attempt_number;
      continue;
    } else if (attempt.status >= 300 && attempt.status < 400) {
      return std::unexpected(ApiError{attempt.status, "Redirect",
                                      "the API server answered with a redirect; synops does not follow redirects, "
                                      "which would send the credentials to another address",
                                      attempt_number});
    } else {
      last = error_from_response(attempt.status, attempt.body);
      retry = retryable_status(attempt.status) &&
              (request.idempotent || attempt.status == 429 || attempt.status == 503);
      retry_after = parse_retry_after(attempt.retry_after);
      if (retry_after) impl_->limiter.hold_until(std::chrono::steady_clock::now() + *retry_after);
    }
    last.attempts = attempt_number;
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - first_started);
    const auto wait = retry ? next_retry(policy, kind, attempt_number, elapsed, retry_after, impl_->random01()) : std::nullopt;
    // Answers have a fixed number of attempts; a server that does not answer, the time budget.
    const std::string counted = kind == FailureKind::answer ? fmt::format("attempt {} of {}", attempt_number, policy.max_attempts)
                                                            : fmt::format("attempt {}", attempt_number);
    impl_->trace(request, attempt, took,
                 wait    ? fmt::format(", {}, next in {} ms", counted, wait->count())
                 : retry ? fmt::format(", {}: giving up (retry budget spent)", counted)
                         : "");
    if (!wait) return std::unexpected(last);
    std::this_thread::sleep_for(*wait);
  }
}

}  // namespace synops::kube
