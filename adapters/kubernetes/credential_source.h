// The credential to send with the next request, kept fresh: a token file is re-read when it
// changes (projected service-account tokens rotate), an exec plugin is run again when its
// credential expires or the server answers 401. Safe to call from several threads.
#pragma once
#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/result.h"
#include "kubeconfig.h"

namespace synops::kube {

struct Credentials {
  std::string token;  // sent as "Authorization: Bearer"
  std::string client_cert_pem;
  std::string client_key_pem;
};

class CredentialSource {
 public:
  explicit CredentialSource(ClusterConfig config);

  Result<Credentials> current();

  // After a 401: forget what may be stale. True when asking again can give something new
  // (a token file or an exec plugin), so the request is worth one more try.
  bool invalidate();

  // Every token and key this source has handed out so far (a token file's successive
  // contents, each exec plugin answer), for the redactor: they were not known at start.
  std::vector<std::string> secrets_seen();

 private:
  void remember(const std::string& secret);

  Result<std::string> file_token();
  Result<void> refresh_exec();

  ClusterConfig config_;
  std::mutex mutex_;
  // The token file as last read, and the file's identity then.
  std::string file_token_;
  std::filesystem::file_time_type file_time_{};
  std::uintmax_t file_size_ = 0;
  std::chrono::steady_clock::time_point file_read_at_{};
  bool file_read_ = false;
  // The exec plugin's last answer.
  std::optional<Credentials> exec_credentials_;
  std::optional<std::chrono::system_clock::time_point> exec_expires_;
  std::vector<std::string> seen_;
};

}  // namespace synops::kube
