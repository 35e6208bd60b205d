// A database password kept in a Kubernetes Secret (postgres.connection.passwordSecret), for
// apply's pg_dump backups. It is read at apply time, never written to the manifests, the
// plan or the journal, and reaches pg_dump through a libpq password file that only this run
// can read and that is removed once pg_dump is done.
#pragma once
#include <filesystem>
#include <string>

#include "adapters/kubernetes/kube_client.h"
#include "domain/manifests/desired.h"
#include "engine/result.h"

namespace synops::apply {

// The value under ref.key of the Secret ns/ref.name. A Secret or key that is missing, or a
// value that is not base64, is an error naming the Secret and the key, never a value.
Result<std::string> read_database_password(const kube::KubeClient& client, const std::string& ns, const SecretKeyRef& ref);

// The passfile line libpq matches for `connection`: host:port:database:user:password, with
// ":" and "\" escaped. Host and port are "*": for a unix socket directory libpq matches the
// host field against "localhost" only in some cases, and the file serves one connection.
std::string passfile_line(const PostgresConnection& connection, const std::string& password);

// A libpq password file in a directory of its own under the system's temporary directory
// (mode 0700, the file 0600, created exclusively), removed with the directory when the
// object goes.
class PrivatePassfile {
 public:
  static Result<PrivatePassfile> write(const PostgresConnection& connection, const std::string& password);
  PrivatePassfile(PrivatePassfile&& other) noexcept;
  PrivatePassfile& operator=(PrivatePassfile&&) = delete;
  PrivatePassfile(const PrivatePassfile&) = delete;
  ~PrivatePassfile();
  std::filesystem::path path() const { return dir_ / "pgpass"; }

 private:
  explicit PrivatePassfile(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path dir_;
};

}  // namespace synops::apply
