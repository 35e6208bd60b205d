// The key that signs this machine's journals. resume and rollback send the writes a journal
// records, so a journal is continued only when it proves that this user's synops wrote it:
// every record carries an HMAC, chained to the record before it, under a key that lives in the
// user's state directory (mode 0600) and nowhere else. A journal committed to a repository, or
// written by anyone without the key, fails the check and is refused. Format: docs/journal.md.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

#include "engine/result.h"

namespace synops::apply {

class JournalKey {
 public:
  // The key in `file`, made (32 random bytes, as hex) when there is none. Its directory is
  // made 0700; a key that is a symlink, someone else's, or readable by others is refused.
  static Result<JournalKey> load_or_create(const std::filesystem::path& file);
  JournalKey(std::string secret, std::filesystem::path file) : secret_(std::move(secret)), file_(std::move(file)) {}

  // The MAC of a record: its exact text, chained to the MAC of the record before it ("" for
  // the header), so records cannot be dropped, reordered or moved between journals.
  std::string seal(std::string_view previous_mac, std::string_view record_text) const;
  const std::filesystem::path& file() const { return file_; }

 private:
  std::string secret_;
  std::filesystem::path file_;
};

}  // namespace synops::apply
