#include "journal_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "engine/hex.h"
#include "engine/hmac.h"
#include "journal.h"

namespace synops::apply {

namespace {

constexpr size_t kSecretBytes = 32;

Result<bool> write_new_key(const std::filesystem::path& file) {
  const std::string secret = secure_random_bytes(kSecretBytes);
  if (secret.empty()) return fail("cannot make the journal key " + file.string() + ": no random bytes from the system");
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST) return true;  // another synops made it first: read theirs
  if (fd < 0) return fail("cannot create the journal key " + file.string() + ": " + std::strerror(errno));
  const std::string text = hex_of(secret) + "\n";
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(file.c_str());
    return fail("cannot write the journal key " + file.string() + ": " + std::strerror(errno));
  }
  return true;
}

// The secret of a key file: this user's own, private, 64 hex digits.
Result<std::string> read_key(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ELOOP) return fail("the journal key " + file.string() + " is a symlink; synops refuses to follow it");
  if (fd < 0) return fail("cannot read the journal key " + file.string() + ": " + std::strerror(errno));
  struct stat info {};
  char text[2 * kSecretBytes + 2] = {};
  const bool read_ok = ::fstat(fd, &info) == 0 && ::read(fd, text, sizeof text) >= static_cast<ssize_t>(2 * kSecretBytes);
  ::close(fd);
  if (info.st_uid != ::geteuid() || (info.st_mode & 0077) != 0)
    return fail(fmt::format("the journal key {} must be this user's own with mode 0600 (it is uid {}, mode {:04o}): whoever can read "
                            "it can forge journals",
                            file.string(), info.st_uid, info.st_mode & 07777));
  std::string secret;
  for (size_t i = 0; read_ok && i < 2 * kSecretBytes; i += 2) {
    unsigned int byte = 0;
    if (std::sscanf(text + i, "%2x", &byte) != 1) break;
    secret += static_cast<char>(byte);
  }
  if (secret.size() != kSecretBytes)
    return fail("the journal key " + file.string() + " is not 64 hex digits; remove it and synops makes a new one (journals it signed "
                "can then no longer be resumed)");
  return secret;
}

}  // namespace

Result<JournalKey> JournalKey::load_or_create(const std::filesystem::path& file) {
  if (auto prepared = prepare_journal_dir(file.parent_path()); !prepared) return std::unexpected(prepared.error());
  if (auto created = write_new_key(file); !created) return std::unexpected(created.error());
  auto secret = read_key(file);
  if (!secret) return std::unexpected(secret.error());
  return JournalKey(std::move(*secret), file);
}

std::string JournalKey::seal(std::string_view previous_mac, std::string_view record_text) const {
  std::string chained;
  chained.reserve(previous_mac.size() + 1 + record_text.size());
  chained.append(previous_mac).append("\n").append(record_text);
  return hmac_sha256_hex(secret_, chained);
}

}  // namespace synops::apply
