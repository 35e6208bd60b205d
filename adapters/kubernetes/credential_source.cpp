#include "credential_source.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "exec_credential.h"

namespace synops::kube {

namespace fs = std::filesystem;

namespace {

// client-go re-reads a token file at least once a minute even when its timestamp is unchanged.
constexpr auto kTokenFileMaxAge = std::chrono::minutes(1);
// Refresh an exec credential this long before it expires, so a request never carries a
// token that dies in flight.
constexpr auto kExpirySkew = std::chrono::seconds(10);

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  return text.substr(start);
}

}  // namespace

CredentialSource::CredentialSource(ClusterConfig config) : config_(std::move(config)) {}

Result<std::string> CredentialSource::file_token() {
  std::error_code error;
  const auto time = fs::last_write_time(config_.token_file, error);
  const auto size = error ? 0 : fs::file_size(config_.token_file, error);
  const bool unchanged = file_read_ && !error && time == file_time_ && size == file_size_ &&
                         std::chrono::steady_clock::now() - file_read_at_ < kTokenFileMaxAge;
  if (unchanged) return file_token_;
  std::ifstream in(config_.token_file, std::ios::binary);
  std::ostringstream content;
  if (in) content << in.rdbuf();
  if (!in || content.str().empty()) {
    // A rotation replaces the file; keep the last good token rather than fail mid-run.
    if (file_read_) return file_token_;
    return fail(config_.source + ": cannot read the token file " + config_.token_file.string());
  }
  file_token_ = trimmed(content.str());
  remember(file_token_);
  file_time_ = time;
  file_size_ = size;
  file_read_at_ = std::chrono::steady_clock::now();
  file_read_ = true;
  return file_token_;
}

Result<void> CredentialSource::refresh_exec() {
  const bool fresh = exec_credentials_ && (!exec_expires_ || std::chrono::system_clock::now() + kExpirySkew < *exec_expires_);
  if (fresh) return {};
  auto credential = run_exec_plugin(*config_.exec, config_);
  if (!credential) return std::unexpected(credential.error());
  exec_credentials_ = Credentials{credential->token, credential->client_cert_pem, credential->client_key_pem};
  remember(credential->token);
  remember(credential->client_key_pem);
  exec_expires_ = credential->expires;
  return {};
}

Result<Credentials> CredentialSource::current() {
  std::lock_guard lock(mutex_);
  Credentials credentials{config_.token, config_.client_cert_pem, config_.client_key_pem};
  if (!config_.token_file.empty()) {
    // client-go: the file's content takes precedence over a token written inline.
    auto token = file_token();
    if (!token) return std::unexpected(token.error());
    credentials.token = *token;
  }
  if (config_.exec) {
    if (auto refreshed = refresh_exec(); !refreshed) return std::unexpected(refreshed.error());
    if (!exec_credentials_->token.empty()) credentials.token = exec_credentials_->token;
    if (!exec_credentials_->client_cert_pem.empty()) {
      credentials.client_cert_pem = exec_credentials_->client_cert_pem;
      credentials.client_key_pem = exec_credentials_->client_key_pem;
    }
  }
  return credentials;
}

bool CredentialSource::invalidate() {
  std::lock_guard lock(mutex_);
  file_read_ = false;
  file_token_.clear();
  exec_credentials_.reset();
  exec_expires_.reset();
  return config_.exec.has_value() || !config_.token_file.empty();
}

void CredentialSource::remember(const std::string& secret) {
  if (!secret.empty() && std::ranges::find(seen_, secret) == seen_.end()) seen_.push_back(secret);
}

std::vector<std::string> CredentialSource::secrets_seen() {
  std::lock_guard lock(mutex_);
  return seen_;
}

}  // namespace synops::kube
