#include "database_password.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "engine/base64.h"

namespace synops::apply {

namespace {

// libpq's passfile escapes: a backslash before ":" and before "\".
std::string escaped(const std::string& field) {
  std::string out;
  for (char c : field) {
    if (c == ':' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string named(const std::string& ns, const SecretKeyRef& ref) {
  return "the key \"" + ref.key + "\" of Secret " + ns + "/" + ref.name.value;
}

bool write_all(int fd, const std::string& text) {
  for (size_t written = 0; written < text.size();) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

Result<std::string> read_database_password(const kube::KubeClient& client, const std::string& ns, const SecretKeyRef& ref) {
  auto secret = client.get(ObjectRef{"Secret", ns, ref.name.value});
  if (!secret) return fail("cannot read the database password, " + named(ns, ref) + ": " + secret.error().front().message);
  if (!*secret)
    return fail("the database password is in " + named(ns, ref) + " (postgres.connection passwordSecret), but Secret " + ns + "/" +
                ref.name.value + " does not exist");
  const nlohmann::json& body = (*secret)->body.json();
  const auto data = body.find("data");
  if (data == body.end() || !data->is_object() || !data->contains(ref.key) || !(*data)[ref.key].is_string())
    return fail("the database password is in " + named(ns, ref) + " (postgres.connection passwordSecret), but the Secret has no key \"" +
                ref.key + "\"");
  auto password = base64_decode((*data)[ref.key].get<std::string>());
  if (!password) return fail("the value of " + named(ns, ref) + " is not base64, as a Secret's data must be");
  if (password->empty()) return fail("the database password in " + named(ns, ref) + " is empty");
  if (password->find('\n') != std::string::npos || password->find('\r') != std::string::npos)
    return fail("the database password in " + named(ns, ref) + " holds a line break, which a libpq password file cannot carry");
  return std::move(*password);
}

std::string passfile_line(const PostgresConnection& connection, const std::string& password) {
  const std::string user = connection.user.empty() ? "*" : escaped(connection.user);
  return "*:*:" + escaped(connection.dbname) + ":" + user + ":" + escaped(password) + "\n";
}

Result<PrivatePassfile> PrivatePassfile::write(const PostgresConnection& connection, const std::string& password) {
  std::error_code error;
  std::string pattern = (std::filesystem::temp_directory_path(error) / "synops-pgpass-XXXXXX").string();
  if (error) return fail("cannot find the temporary directory for the database password file: " + error.message());
  if (::mkdtemp(pattern.data()) == nullptr)  // mode 0700: nobody else can list or open what is inside
    return fail("cannot create a private directory for the database password file in " +
                std::filesystem::path(pattern).parent_path().string() + ": " + std::strerror(errno));
  PrivatePassfile passfile{std::filesystem::path(pattern)};
  const int fd = ::open(passfile.path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return fail("cannot create the database password file " + passfile.path().string() + ": " + std::strerror(errno));
  const bool written = ::fchmod(fd, 0600) == 0 && write_all(fd, passfile_line(connection, password));
  const int saved = errno;
  if (::close(fd) != 0 || !written)
    return fail("cannot write the database password file " + passfile.path().string() + ": " + std::strerror(written ? errno : saved));
  return passfile;
}

PrivatePassfile::PrivatePassfile(PrivatePassfile&& other) noexcept : dir_(std::move(other.dir_)) { other.dir_.clear(); }

PrivatePassfile::~PrivatePassfile() {
  if (dir_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

}  // namespace synops::apply
