// The apply journal: an append-only file of JSON lines, one record per event (a header, then a
// record before and after each step, carrying what undo needs). Every record is flushed to
// disk before the step it announces runs, so after a crash the journal tells resume and
// rollback exactly how far the apply got. Format: docs/journal.md.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/redactor.h"
#include "engine/result.h"
#include "journal_io.h"
#include "journal_key.h"

namespace synops::apply {

inline constexpr int kJournalVersion = 2;  // 2: every record signed (journal_key.h)
inline constexpr const char* kJournalFormat = "synops-journal";

// Creates `dir` (and missing parents) with mode 0700 whatever the umask, and refuses a
// directory that is a symlink or that others can write to.
Result<bool> prepare_journal_dir(const std::filesystem::path& dir);

struct JournalContents {
  std::vector<nlohmann::json> records;  // header first, without their "mac" members
  std::vector<std::string> warnings;     // a torn last record, ignored
  std::string last_mac;                  // of the last complete record
};

class JournalWriter {
 public:
  // A new journal file (mode 0600, never an existing file, never through a symlink), its
  // records signed with `key`.
  static Result<JournalWriter> create(const std::filesystem::path& file, std::shared_ptr<const JournalKey> key,
                                      JournalIo& io = system_journal_io());
  // Appends to an existing journal (resume, rollback); refuses a symlink, a journal whose
  // records `key` did not sign, and one that a live process still writes (journal_in_use). A torn last record (the one read_journal ignores) is cut off
  // first, so what is appended stays readable.
  static Result<JournalWriter> append_to(const std::filesystem::path& file, std::shared_ptr<const JournalKey> key,
                                         JournalIo& io = system_journal_io());
  JournalWriter(JournalWriter&& other) noexcept;
  JournalWriter& operator=(JournalWriter&& other) noexcept;
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;
  ~JournalWriter();

  // One line, then fsync: when this returns, the record survives a crash. Its strings go
  // through the redactor first: the journal never holds a secret (an error message may
  // quote one). After a failed write or fsync the journal is broken: a cut record is cut
  // back off (best effort), and every later write fails, because what the disk holds after
  // a failed fsync is unknown and a record appended after a torn one would make the file
  // unreadable.
  Result<bool> write(const nlohmann::json& record);
  bool broken() const { return !broken_.empty(); }
  void redact_with(std::shared_ptr<const Redactor> redactor) { redactor_ = std::move(redactor); }
  const std::filesystem::path& path() const { return path_; }
  // What the journal holds now, read back from disk and checked as resume would.
  Result<JournalContents> read_back() const;

 private:
  JournalWriter(int fd, std::filesystem::path path, JournalIo& io, std::shared_ptr<const JournalKey> key, std::string last_mac)
      : fd_(fd), path_(std::move(path)), io_(&io), key_(std::move(key)), last_mac_(std::move(last_mac)) {}
  Result<bool> fail_for_good(const std::string& what);  // `what` holds {} for the path
  int fd_ = -1;
  std::filesystem::path path_;
  JournalIo* io_;
  std::string broken_;  // why the journal cannot be written any more
  std::shared_ptr<const Redactor> redactor_;
  std::shared_ptr<const JournalKey> key_;
  std::string last_mac_;  // the MAC of the last record written, which the next one chains to
};


// Reads a journal; a last line cut short by a crash is dropped with a warning, any other
// unreadable line, a record that `key` did not sign, a missing or foreign header, or another
// version is an error.
Result<JournalContents> read_journal(const std::filesystem::path& file, const JournalKey& key);

// A record's line as the journal holds it: its JSON text with the MAC as the last member,
// `{...,"mac":"<64 hex>"}`. The MAC covers the text before it exactly as written, so reading
// never depends on how JSON is printed again.
std::string sealed_line(const std::string& record_text, const JournalKey& key, const std::string& previous_mac, std::string* mac);

// Whether a live process writes `file` now: every writer holds an exclusive flock on it for
// as long as it has it open, which the kernel drops when the process ends, however it ends.
bool journal_in_use(const std::filesystem::path& file);

// The newest journal file in `dir` (names sort by start time), or an empty path.
std::filesystem::path latest_journal(const std::filesystem::path& dir);

}  // namespace synops::apply
