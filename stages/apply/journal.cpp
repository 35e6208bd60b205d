#include "journal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "engine/hmac.h"
#include "engine/json_depth.h"

namespace synops::apply {

namespace {

std::string os_error() { return std::strerror(errno); }

// mkdir with an explicit chmod: mkdir's mode is filtered by the umask, the chmod is not.
Result<bool> make_private_dir(const std::filesystem::path& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return fail("cannot create the journal directory " + dir.string() + ": " + os_error());
  struct stat info {};
  if (::lstat(dir.c_str(), &info) != 0) return fail("cannot read the journal directory " + dir.string() + ": " + os_error());
  if (S_ISLNK(info.st_mode)) return fail("the journal directory " + dir.string() + " is a symlink; synops refuses to follow it");
  if (!S_ISDIR(info.st_mode)) return fail("the journal directory " + dir.string() + " is not a directory");
  // Someone else's directory could hold a journal they wrote: resume would replay it.
  if (info.st_uid != ::geteuid())
    return fail(fmt::format("the journal directory {} belongs to uid {}, not to this user (uid {}); use a directory of your own (--journal DIR)",
                            dir.string(), info.st_uid, ::geteuid()));
  if ((info.st_mode & 0077) != 0 && ::chmod(dir.c_str(), 0700) != 0)
    return fail("cannot make the journal directory " + dir.string() + " private: " + os_error());
  return true;
}

// A journal resume and rollback act on must be this user's own and writable by nobody else:
// its records decide which writes are sent to the cluster.
Result<bool> owned_and_private(int fd, const std::filesystem::path& file) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return fail("cannot read the journal " + file.string() + ": " + os_error());
  if (info.st_uid != ::geteuid())
    return fail(fmt::format("the journal {} belongs to uid {}, not to this user (uid {}); synops does not act on it", file.string(),
                            info.st_uid, ::geteuid()));
  if ((info.st_mode & 0022) != 0)
    return fail(fmt::format("the journal {} can be written by others (mode {:04o}); synops does not act on it", file.string(),
                            info.st_mode & 07777));
  return true;
}

// Why a parsed line cannot be a record, or "" when it can: the members read_journal and
// journal_state read must have their type, since nlohmann::json's value() throws on another
// (a hand-edited or corrupted journal must be an error, not a crash).
std::string record_shape_problem(const nlohmann::json& record) {
  const auto record_type = record.find("record");
  if (record_type == record.end() || !record_type->is_string()) return "no \"record\" string";
  for (const char* key : {"step", "outcome", "format", "type", "lock_id", "namespace", "server"})
    if (const auto member = record.find(key); member != record.end() && !member->is_string())
      return std::string("\"") + key + "\" is not a string";
  if (const auto version = record.find("version"); version != record.end() && !version->is_number_integer())
    return "\"version\" is not an integer";
  return "";
}

// The whole file behind `fd`, from its start.
Result<std::string> read_whole(int fd, const std::filesystem::path& file) {
  std::string text;
  char buffer[65536];
  for (ssize_t n; (n = ::pread(fd, buffer, sizeof buffer, static_cast<off_t>(text.size()))) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail("cannot read the journal " + file.string() + ": " + os_error());
    text.append(buffer, static_cast<size_t>(n));
  }
  return text;
}

// One line of the journal as JSON; discarded when it is not JSON or nests too deep.
nlohmann::json parse_line(std::string_view line) {
  if (json_too_deep_at(line)) return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(line, nullptr, false);
}

// Where the records read_journal accepts end: after the last line that is a complete JSON
// object. A crash can tear only the last line, and read_journal ignores it there.
size_t end_of_complete_records(std::string_view text) {
  const size_t end = text.rfind('\n');
  if (end == std::string_view::npos) return 0;
  if (end + 1 < text.size()) return end + 1;  // the last line never got its newline
  const size_t before = end == 0 ? std::string_view::npos : text.rfind('\n', end - 1);
  const size_t start = before == std::string_view::npos ? 0 : before + 1;
  return parse_line(text.substr(start, end - start)).is_object() ? text.size() : start;
}

// Appending after a torn last record would make it a middle line, which every later read
// refuses: the tail is cut back to the last complete record first, and that made durable.
Result<bool> cut_torn_tail(int fd, const std::filesystem::path& file) {
  auto text = read_whole(fd, file);
  if (!text) return std::unexpected(text.error());
  const size_t keep = end_of_complete_records(*text);
  if (keep == text->size()) return true;
  if (::ftruncate(fd, static_cast<off_t>(keep)) != 0 || ::fsync(fd) != 0)
    return fail("cannot cut the torn last record off the journal " + file.string() + ": " + os_error());
  return true;
}

constexpr std::string_view kMacMember = ",\"mac\":\"";
constexpr size_t kMacDigits = 64;

// The text a sealed line's MAC covers, and the MAC; nullopt when the line carries none.
std::optional<std::pair<std::string, std::string_view>> unsealed(std::string_view line) {
  const size_t suffix = kMacMember.size() + kMacDigits + 2;  // ,"mac":"<hex>"}
  if (line.size() <= suffix || !line.ends_with("\"}")) return std::nullopt;
  const std::string_view member = line.substr(line.size() - suffix, kMacMember.size());
  if (member != kMacMember) return std::nullopt;
  std::string text(line.substr(0, line.size() - suffix));
  text += '}';
  return std::pair{std::move(text), line.substr(line.size() - kMacDigits - 2, kMacDigits)};
}

// Whether `line` was sealed with `key` right after the record whose MAC is `previous_mac`;
// when it was, `previous_mac` becomes this record's MAC.
bool signed_in_order(std::string_view line, const JournalKey& key, std::string& previous_mac) {
  auto parts = unsealed(line);
  if (!parts) return false;
  const std::string expected = key.seal(previous_mac, parts->first);
  if (!equal_in_constant_time(expected, parts->second)) return false;
  previous_mac = expected;
  return true;
}

std::string unsigned_record(const std::filesystem::path& file, size_t line_number, const JournalKey& key) {
  return fmt::format(
      "{}:{}: this journal record is not signed with this machine's journal key ({}). synops continues only the journals it "
      "wrote itself, never one that came with a repository, from another machine or was edited; nothing of it was run. Move the "
      "file out of {} to go on",
      file.string(), line_number, key.file().string(), file.parent_path().string());
}

}  // namespace

Result<bool> prepare_journal_dir(const std::filesystem::path& dir) {
  // Missing parents (~/.local/state/synops/...) are made 0700 too: whatever the umask, nothing synops
  // creates on the way to its journals is open to others. Existing ones are left as they are.
  std::vector<std::filesystem::path> missing;
  for (auto parent = dir.parent_path(); !parent.empty() && !std::filesystem::exists(parent) && parent != parent.parent_path();
       parent = parent.parent_path())
    missing.push_back(parent);
  for (auto it = missing.rbegin(); it != missing.rend(); ++it)
    if (::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST)
      return fail("cannot create " + it->string() + " for the journal: " + os_error());
  return make_private_dir(dir);
}

std::string sealed_line(const std::string& record_text, const JournalKey& key, const std::string& previous_mac, std::string* mac) {
  *mac = key.seal(previous_mac, record_text);
  std::string line = record_text.substr(0, record_text.size() - 1);  // the closing brace
  line.append(kMacMember).append(*mac).append("\"}");
  return line;
}

Result<JournalWriter> JournalWriter::create(const std::filesystem::path& file, std::shared_ptr<const JournalKey> key, JournalIo& io) {
  int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return fail("cannot create the journal " + file.string() + ": " + os_error());
  ::fchmod(fd, 0600);  // the umask may have taken bits away; never added, but be explicit
  (void)::flock(fd, LOCK_EX | LOCK_NB);  // a new file: nobody else can hold it
  return JournalWriter(fd, file, io, std::move(key), "");
}

Result<JournalWriter> JournalWriter::append_to(const std::filesystem::path& file, std::shared_ptr<const JournalKey> key,
                                               JournalIo& io) {
  int fd = ::open(file.c_str(), O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ELOOP) return fail("the journal " + file.string() + " is a symlink; synops refuses to follow it");
  if (fd < 0) return fail("cannot open the journal " + file.string() + ": " + os_error());
  if (auto trusted = owned_and_private(fd, file); !trusted) return ::close(fd), std::unexpected(trusted.error());
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0)
    return ::close(fd), fail("another synops process is still writing the journal " + file.string() +
                             " (it holds the file's lock): wait for it to end, or stop it, then run this again");
  // Checked before anything is cut: a foreign file is left exactly as it was.
  auto contents = read_journal(file, *key);
  if (!contents) return ::close(fd), std::unexpected(contents.error());
  if (auto cut = cut_torn_tail(fd, file); !cut) return ::close(fd), std::unexpected(cut.error());
  return JournalWriter(fd, file, io, std::move(key), contents->last_mac);
}

JournalWriter::JournalWriter(JournalWriter&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      io_(other.io_),
      broken_(std::move(other.broken_)),
      redactor_(std::move(other.redactor_)),
      key_(std::move(other.key_)),
      last_mac_(std::move(other.last_mac_)) {}

JournalWriter& JournalWriter::operator=(JournalWriter&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    io_ = other.io_;
    broken_ = std::move(other.broken_);
    redactor_ = std::move(other.redactor_);
    key_ = std::move(other.key_);
    last_mac_ = std::move(other.last_mac_);
  }
  return *this;
}

JournalWriter::~JournalWriter() {
  if (fd_ >= 0) ::close(fd_);
}

Result<bool> JournalWriter::fail_for_good(const std::string& what) {
  const std::string reason = os_error();  // before anything else can touch errno
  broken_ = fmt::format(fmt::runtime(what), path_.string()) + ": " + reason;
  return fail(broken_);
}

Result<bool> JournalWriter::write(const nlohmann::json& record) {
  if (broken()) return fail(broken_ + " (nothing more is written to it)");
  // One write per record: with O_APPEND a record is never interleaved, and a crash can cut
  // only the last line, which read_journal drops.
  const nlohmann::json redacted = redactor_ ? redactor_->redact_strings(record) : record;
  std::string mac;
  const std::string line =
      sealed_line(redacted.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), *key_, last_mac_, &mac) + "\n";
  const off_t end_before = ::lseek(fd_, 0, SEEK_END);
  size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = io_->write(fd_, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      auto failure = fail_for_good("cannot write the journal {}");
      // Cutting a half-written record off keeps the file readable; should that fail too,
      // the torn record is the last line, which read_journal drops with a warning.
      if (written > 0 && end_before >= 0) (void)::ftruncate(fd_, end_before);
      return failure;
    }
    written += static_cast<size_t>(n);
  }
  if (io_->fsync(fd_) != 0) return fail_for_good("cannot flush the journal {} to disk");
  last_mac_ = std::move(mac);
  return true;
}

Result<JournalContents> read_journal(const std::filesystem::path& file, const JournalKey& key) {
  int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ELOOP) return fail("the journal " + file.string() + " is a symlink; synops refuses to follow it");
  if (fd < 0) return fail("cannot read the journal " + file.string() + ": " + os_error());
  auto read = read_whole(fd, file);
  ::close(fd);
  if (!read) return std::unexpected(read.error());
  const std::string& text = *read;
  JournalContents contents;
  size_t line_number = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    const bool complete = end != std::string::npos;
    if (!complete) end = text.size();
    ++line_number;
    const std::string_view line = std::string_view(text).substr(start, end - start);
    auto record = parse_line(line);
    start = end + 1;
    const bool last = start >= text.size();
    if (record.is_discarded() || !record.is_object() || !complete) {
      if (last) {
        contents.warnings.push_back(file.string() + ":" + std::to_string(line_number) +
                                    ": the last journal record is incomplete (the run stopped while writing it); ignored");
        break;
      }
      return fail(file.string() + ":" + std::to_string(line_number) + ": not a journal record");
    }
    if (const std::string problem = record_shape_problem(record); !problem.empty())
      return fail(file.string() + ":" + std::to_string(line_number) + ": not a journal record (" + problem + ")");
    if (!signed_in_order(line, key, contents.last_mac)) return fail(unsigned_record(file, line_number, key));
    record.erase("mac");
    contents.records.push_back(std::move(record));
  }
  if (contents.records.empty() || contents.records.front().value("record", "") != "header" ||
      contents.records.front().value("format", "") != kJournalFormat)
    return fail(file.string() + ": not a synops journal (no header record)");
  const int version = contents.records.front().value("version", 0);
  if (version != kJournalVersion)
    return fail(file.string() + ": journal version " + std::to_string(version) + " is not supported (this synops reads version " +
                std::to_string(kJournalVersion) + ")");
  return contents;
}

bool journal_in_use(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);
  return held;
}

Result<JournalContents> JournalWriter::read_back() const { return read_journal(path_, *key_); }

std::filesystem::path latest_journal(const std::filesystem::path& dir) {
  std::filesystem::path latest;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const auto name = entry.path().filename().string();
    if (name.starts_with("apply-") && name.ends_with(".journal") && (latest.empty() || entry.path() > latest)) latest = entry.path();
  }
  return latest;
}

}  // namespace synops::apply
