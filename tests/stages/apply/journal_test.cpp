// The journal on disk: private modes whatever the umask, no symlinks followed, one fsynced
// line per record, a record torn by a crash dropped with a warning, and only records this
// machine's key sealed, in order, accepted.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "stages/apply/journal.h"
#include "stages/apply/journal_key.h"
#include "stages/apply/journal_state.h"
#include "support/api_server.h"
#include "support/skip.h"
#include "support/slurp.h"

using namespace synops;
using namespace synops::apply;
using synops::testing::ScratchDir;
namespace fs = std::filesystem;

namespace {

mode_t lstat_mode_bits(const fs::path& path) {
  struct stat info {};
  REQUIRE(::lstat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

// The key these tests sign with; another key is another machine.
std::shared_ptr<const JournalKey> key() {
  static const auto shared = std::make_shared<const JournalKey>("journal test secret", "/test/journal.key");
  return shared;
}

// Journal lines as synops writes them: each record sealed, chained to the one before.
std::string sealed(const std::vector<nlohmann::json>& records, const JournalKey& with = *key()) {
  std::string text, mac;
  for (const auto& record : records) {
    const std::string previous = mac;
    text += sealed_line(record.dump(), with, previous, &mac) + "\n";
  }
  return text;
}

nlohmann::json header() { return {{"record", "header"}, {"format", kJournalFormat}, {"version", kJournalVersion}, {"lock_id", "abc"}}; }

void append_text(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::app);
  out << text;
}

// A journal that holds its header and nothing else.
void write_header_only(const fs::path& file) {
  auto journal = JournalWriter::create(file, key());
  REQUIRE(journal);
  REQUIRE(journal->write(header()));
}

}  // namespace

TEST_CASE("journal: directory 0700 and file 0600 even under umask 000") {
  ScratchDir scratch;
  const mode_t old = ::umask(0);
  const fs::path dir = scratch.path() / "deep" / "journal";
  auto prepared = prepare_journal_dir(dir);
  auto journal = JournalWriter::create(dir / "apply-1.journal", key());
  ::umask(old);
  REQUIRE(prepared);
  REQUIRE(journal);
  CHECK(lstat_mode_bits(dir) == 0700);
  CHECK(lstat_mode_bits(dir / "apply-1.journal") == 0600);
}

TEST_CASE("journal: a world-readable existing directory is made private") {
  ScratchDir scratch;
  const fs::path dir = scratch.path() / "journal";
  fs::create_directory(dir);
  ::chmod(dir.c_str(), 0755);
  REQUIRE(prepare_journal_dir(dir));
  CHECK(lstat_mode_bits(dir) == 0700);
}

TEST_CASE("journal: records read back in order, one line each") {
  ScratchDir scratch;
  const fs::path file = scratch.path() / "apply-1.journal";
  {
    auto journal = JournalWriter::create(file, key());
    REQUIRE(journal);
    REQUIRE(journal->write(header()));
    REQUIRE(journal->write({{"record", "step-begin"}, {"step", "a1"}, {"type", "update"}}));
    REQUIRE(journal->write({{"record", "step-done"}, {"step", "a1"}}));
  }
  auto contents = read_journal(file, *key());
  REQUIRE(contents);
  CHECK(contents->warnings.empty());
  REQUIRE(contents->records.size() == 3);
  const JournalState state = journal_state(contents->records);
  CHECK(state.begun == std::vector<std::string>{"a1"});
  CHECK(state.done.contains("a1"));
  CHECK_FALSE(state.finished());
}

TEST_CASE("journal: a torn last record is ignored with a warning; a torn middle record is an error") {
  ScratchDir scratch;
  const fs::path file = scratch.path() / "apply-1.journal";
  {
    auto journal = JournalWriter::create(file, key());
    REQUIRE(journal);
    REQUIRE(journal->write(header()));
    REQUIRE(journal->write({{"record", "step-begin"}, {"step", "a1"}}));
  }
  append_text(file, R"({"record":"step-done","st)");
  auto contents = read_journal(file, *key());
  REQUIRE(contents);
  CHECK(contents->records.size() == 2);
  REQUIRE(contents->warnings.size() == 1);
  CHECK(contents->warnings.front().find(":3: the last journal record is incomplete") != std::string::npos);
  CHECK_FALSE(journal_state(contents->records).done.contains("a1"));

  append_text(file, "\n{\"record\":\"step-done\",\"step\":\"a1\"}\n");
  auto broken = read_journal(file, *key());
  REQUIRE_FALSE(broken);
  CHECK(broken.error().front().message == file.string() + ":3: not a journal record");
}

TEST_CASE("journal: resume and rollback cut a torn last record off before appending, so the journal stays readable") {
  for (const std::string torn : {R"({"record":"step-done","st)", "{\"record\":\"step-do\n", "\n"}) {
    CAPTURE(torn);
    ScratchDir scratch;
    const fs::path file = scratch.path() / "apply-1.journal";
    {
      auto journal = JournalWriter::create(file, key());
      REQUIRE(journal);
      REQUIRE(journal->write(header()));
      REQUIRE(journal->write({{"record", "step-begin"}, {"step", "a1"}}));
    }
    const auto complete_size = fs::file_size(file);
    append_text(file, torn);
    {
      auto resumed = JournalWriter::append_to(file, key());
      REQUIRE(resumed);
      CHECK(fs::file_size(file) == complete_size);  // cut back before anything is appended
      REQUIRE(resumed->write({{"record", "step-done"}, {"step", "a1"}}));
    }
    auto contents = read_journal(file, *key());
    REQUIRE_MESSAGE(contents, (contents ? "" : contents.error().front().message));
    CHECK(contents->warnings.empty());
    CHECK(contents->records.size() == 3);
    CHECK(journal_state(contents->records).done.contains("a1"));
  }
}

TEST_CASE("journal: the directories made on the way to the journal are private, whatever the umask") {
  ScratchDir scratch;
  const fs::path dir = scratch.path() / "deployment" / ".synops" / "journal";
  fs::create_directory(scratch.path() / "deployment");
  fs::permissions(scratch.path() / "deployment", fs::perms(0755));
  const mode_t before = ::umask(0);
  auto prepared = prepare_journal_dir(dir);
  ::umask(before);
  REQUIRE(prepared);
  auto mode = [](const fs::path& p) { return static_cast<unsigned>(fs::status(p).permissions()) & 0777u; };
  CHECK(mode(scratch.path() / "deployment" / ".synops") == 0700u);
  CHECK(mode(dir) == 0700u);
  CHECK(mode(scratch.path() / "deployment") == 0755u);  // an existing directory is not synops' to change
}

TEST_CASE("journal: a journal that ends with a complete record is appended to as it is") {
  ScratchDir scratch;
  const fs::path file = scratch.path() / "apply-1.journal";
  write_header_only(file);
  const auto size = fs::file_size(file);
  REQUIRE(JournalWriter::append_to(file, key()));
  CHECK(fs::file_size(file) == size);
}

TEST_CASE("journal: symlinks are refused, for the file and for the directory") {
  ScratchDir scratch;
  const fs::path real = scratch.path() / "real.journal";
  write_header_only(real);
  const fs::path link = scratch.path() / "apply-2.journal";
  fs::create_symlink(real, link);
  auto appended = JournalWriter::append_to(link, key());
  REQUIRE_FALSE(appended);
  CHECK(appended.error().front().message.find("is a symlink") != std::string::npos);
  CHECK_FALSE(read_journal(link, *key()));
  CHECK_FALSE(JournalWriter::create(link, key()));  // never through a symlink, never over an existing file
  CHECK_FALSE(JournalWriter::create(real, key()));

  fs::create_directory(scratch.path() / "elsewhere");
  fs::create_directory_symlink(scratch.path() / "elsewhere", scratch.path() / "linked");
  auto prepared = prepare_journal_dir(scratch.path() / "linked");
  REQUIRE_FALSE(prepared);
  CHECK(prepared.error().front().message.find("is a symlink") != std::string::npos);
}

TEST_CASE("journal: a file without a synops header, or of another version, is refused") {
  ScratchDir scratch;
  const fs::path file = scratch.write("apply-1.journal", sealed({{{"record", "step-done"}}}));
  CHECK_FALSE(read_journal(file, *key()));
  nlohmann::json newer = header();
  newer["version"] = 99;
  const fs::path other = scratch.write("apply-2.journal", sealed({newer}));
  auto contents = read_journal(other, *key());
  REQUIRE_FALSE(contents);
  CHECK(contents.error().front().message.find("journal version 99 is not supported") != std::string::npos);
}

// Found while writing fuzz/fuzz_journal.cpp, which aborted on these inputs
// (fuzz/corpus/journal/regression-*): nlohmann's value() threw out of read_journal and
// journal_state on a member of another type.
TEST_CASE("journal: a record whose members have the wrong type is an error naming the line, not a crash") {
  ScratchDir scratch;
  const std::string good = sealed({header()});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{\"record\":1}\n", ":1: not a journal record (no \"record\" string)"},
      {"{\"record\":\"header\",\"format\":\"synops-journal\",\"version\":\"1\"}\n", ":1: not a journal record (\"version\" is not an integer)"},
      {good + "{\"record\":\"step-begin\",\"step\":5}\n", ":2: not a journal record (\"step\" is not a string)"},
      {good + "{\"record\":\"end\",\"outcome\":[]}\n", ":2: not a journal record (\"outcome\" is not a string)"},
  };
  int n = 0;
  for (const auto& [text, error] : cases) {
    const fs::path file = scratch.write("apply-" + std::to_string(++n) + ".journal", text);
    auto contents = read_journal(file, *key());
    REQUIRE_FALSE(contents);
    CHECK(contents.error().front().message == file.string() + error);
  }
}

TEST_CASE("journal: the newest journal of a directory is found by name") {
  ScratchDir scratch;
  scratch.write("apply-20261127T100000Z-aa.journal", "");
  scratch.write("apply-20261127T110000Z-bb.journal", "");
  scratch.write("apply-20261127T120000Z-cc.pg_dump", "");
  CHECK(latest_journal(scratch.path()).filename() == "apply-20261127T110000Z-bb.journal");
  CHECK(latest_journal(scratch.path() / "missing").empty());
  // Two runs within one second: the milliseconds order them, not the random lock ids.
  ScratchDir same_second;
  same_second.write("apply-20261127T110000.100Z-zz.journal", "");
  same_second.write("apply-20261127T110000.900Z-aa.journal", "");
  CHECK(latest_journal(same_second.path()).filename() == "apply-20261127T110000.900Z-aa.journal");
}

namespace {

// Writes `budget` bytes, then fails every write with ENOSPC, like a filling disk.
class FillingDisk final : public JournalIo {
 public:
  explicit FillingDisk(size_t budget) : budget_(budget) {}
  ssize_t write(int fd, const void* data, size_t size) override {
    if (budget_ == 0) return errno = ENOSPC, -1;
    const size_t n = std::min(size, budget_);
    budget_ -= n;
    return ::write(fd, data, n);
  }
  int fsync(int fd) override { return ::fsync(fd); }

 private:
  size_t budget_;
};

}  // namespace

TEST_CASE("journal: a record the disk could not hold is cut back off, and nothing is written after it") {
  ScratchDir scratch;
  const fs::path file = scratch.path() / "apply-1.journal";
  const size_t header_size = sealed({header()}).size();
  FillingDisk disk(header_size + 10);  // the header, then 10 bytes of the next record
  auto journal = JournalWriter::create(file, key(), disk);
  REQUIRE(journal);
  REQUIRE(journal->write(header()));
  auto cut = journal->write({{"record", "step-begin"}, {"step", "a1"}, {"type", "update"}});
  REQUIRE_FALSE(cut);
  CHECK(cut.error().front().message == "cannot write the journal " + file.string() + ": No space left on device");
  CHECK(journal->broken());
  CHECK(fs::file_size(file) == header_size);  // as before the failed record
  auto after = journal->write({{"record", "end"}, {"outcome", "applied"}});
  REQUIRE_FALSE(after);
  CHECK(after.error().front().message.find("(nothing more is written to it)") != std::string::npos);
  auto contents = read_journal(file, *key());
  REQUIRE(contents);
  CHECK(contents->records.size() == 1);
  CHECK(contents->warnings.empty());
}

TEST_CASE("journal: a journal others can write is not acted on") {
  ScratchDir scratch;
  const fs::path file = scratch.path() / "apply-1.journal";
  write_header_only(file);
  ::chmod(file.c_str(), 0620);
  auto writable = JournalWriter::append_to(file, key());
  REQUIRE_FALSE(writable);
  CHECK(writable.error().front().message == "the journal " + file.string() + " can be written by others (mode 0620); synops does not act on it");
  ::chmod(file.c_str(), 0600);
  CHECK(JournalWriter::append_to(file, key()));
}

// A pull request can carry a journal (issue #18: a committed journal was resumed and wrote
// its steps): only records sealed, in order, with this machine's key are acted on.
TEST_CASE("journal: a journal not signed with this machine's key is refused by name, and left as it was") {
  ScratchDir scratch;
  const JournalKey other_machine("another machine's secret", "/elsewhere/journal.key");
  const std::string text = sealed({header(), {{"record", "step-begin"}, {"step", "a1"}}}, other_machine);
  const fs::path file = scratch.write("apply-1.journal", text);
  ::chmod(file.c_str(), 0644);  // as git checks a file out
  auto read = read_journal(file, *key());
  REQUIRE_FALSE(read);
  CHECK(read.error().front().message.starts_with(file.string() + ":1: this journal record is not signed with this machine's journal key (/test/journal.key)"));
  CHECK_FALSE(JournalWriter::append_to(file, key()));
  CHECK(testing::slurp(file) == text);  // nothing cut, nothing appended
  // A journal as older synops wrote it (no MAC at all) is refused the same way.
  const fs::path unsigned_file = scratch.write("apply-2.journal", header().dump() + "\n");
  auto old = read_journal(unsigned_file, *key());
  REQUIRE_FALSE(old);
  CHECK(old.error().front().message.find(":1: this journal record is not signed") != std::string::npos);
}

TEST_CASE("journal: an edited, dropped or reordered record breaks the chain at its line") {
  const std::vector<nlohmann::json> records = {header(),
                                               {{"record", "step-begin"}, {"step", "a1"}},
                                               {{"record", "step-done"}, {"step", "a1"}},
                                               {{"record", "step-begin"}, {"step", "a2"}}};
  std::vector<std::string> lines;
  {
    std::istringstream in(sealed(records));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  REQUIRE(lines.size() == 4);
  auto journal_of = [](const std::vector<std::string>& kept) {
    std::string text;
    for (const auto& line : kept) text += line + "\n";
    return text;
  };
  ScratchDir scratch;
  std::string edited = lines[1];
  edited.replace(edited.find("\"a1\""), 4, "\"a9\"");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{lines[0], edited, lines[2], lines[3]}, ":2: "},    // a step another than the one signed
      {{lines[0], lines[2], lines[3]}, ":2: "},            // a record dropped
      {{lines[0], lines[2], lines[1], lines[3]}, ":2: "},  // two swapped
  };
  int n = 0;
  for (const auto& [kept, where] : cases) {
    const fs::path file = scratch.write("apply-" + std::to_string(++n) + ".journal", journal_of(kept));
    auto read = read_journal(file, *key());
    REQUIRE_FALSE(read);
    CHECK(read.error().front().message.starts_with(file.string() + where + "this journal record is not signed"));
  }
  const fs::path whole = scratch.write("apply-9.journal", journal_of(lines));
  auto read = read_journal(whole, *key());
  REQUIRE(read);
  CHECK(read->records.size() == 4);
  CHECK_FALSE(read->records[1].contains("mac"));  // the MAC is the journal's, not the record's
}

TEST_CASE("journal key: made once, private, read back the same; a readable or linked key is refused") {
  ScratchDir scratch;
  const fs::path file = scratch.path() / "state" / "synops" / "journal.key";
  const mode_t before = ::umask(0);
  auto made = JournalKey::load_or_create(file);
  ::umask(before);
  REQUIRE_MESSAGE(made, made.error().front().message);
  CHECK(lstat_mode_bits(file) == 0600);
  CHECK(lstat_mode_bits(file.parent_path()) == 0700);
  auto again = JournalKey::load_or_create(file);
  REQUIRE(again);
  CHECK(again->seal("", "{}") == made->seal("", "{}"));
  CHECK(made->seal("", "{}") != key()->seal("", "{}"));
  ::chmod(file.c_str(), 0640);
  auto readable = JournalKey::load_or_create(file);
  REQUIRE_FALSE(readable);
  CHECK(readable.error().front().message.find("must be this user's own with mode 0600") != std::string::npos);
  const fs::path link = scratch.path() / "state" / "synops" / "linked.key";
  fs::create_symlink(file, link);
  auto linked = JournalKey::load_or_create(link);
  REQUIRE_FALSE(linked);
  CHECK(linked.error().front().message.find("is a symlink") != std::string::npos);
}

TEST_SUITE("needs root") {
TEST_CASE("journal: another user's journal, or a journal directory of theirs, is not acted on") {
  if (::geteuid() != 0) synops::testing::skip_test("giving a file to another user needs root (CI runs as root)");
  ScratchDir scratch;
  const fs::path file = scratch.path() / "apply-1.journal";
  write_header_only(file);
  const fs::path dir = scratch.path() / "theirs";
  fs::create_directory(dir);
  REQUIRE(::chown(file.c_str(), 4242, 4242) == 0);
  REQUIRE(::chown(dir.c_str(), 4242, 4242) == 0);
  auto foreign = JournalWriter::append_to(file, key());
  REQUIRE_FALSE(foreign);
  CHECK(foreign.error().front().message.find("belongs to uid 4242, not to this user (uid 0)") != std::string::npos);
  auto foreign_dir = prepare_journal_dir(dir);
  REQUIRE_FALSE(foreign_dir);
  CHECK(foreign_dir.error().front().message.find("belongs to uid 4242") != std::string::npos);
}
}  // TEST_SUITE("needs root")
