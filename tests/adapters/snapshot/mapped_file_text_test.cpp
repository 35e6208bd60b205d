#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "adapters/snapshot/mapped_file_text.h"
#include "adapters/snapshot/pruned_json.h"
#include "adapters/snapshot/snapshot_reader.h"

using namespace synops;
namespace fs = std::filesystem;

namespace {

fs::path write_file(const std::string& name, const std::string& text) {
  const fs::path path = fs::temp_directory_path() / ("synops-mapped-" + std::to_string(getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// A List of `count` ConfigMaps, each with a value of `filler` bytes, padded with spaces to
// exactly `size` bytes when `size` is given.
std::string list_text(int count, size_t filler, size_t size = 0) {
  std::string text = R"({"apiVersion": "v1", "kind": "List", "items": [)";
  for (int i = 0; i < count; ++i) {
    if (i > 0) text += ",\n";
    text += R"({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm-)" + std::to_string(i) +
            R"(", "namespace": "matrix", "resourceVersion": ")" + std::to_string(i + 1) + R"("}, "data": {"v": ")" +
            std::string(filler, 'x') + "\"}}";
  }
  text += "]}";
  if (size > text.size()) text.append(size - text.size(), ' ');
  return text;
}

struct OpenFile {
  explicit OpenFile(const fs::path& path) : fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  ~OpenFile() { ::close(fd); }
  int fd;
};

}  // namespace

TEST_CASE("a mapped snapshot is followed by zeros the parser may read, even when it fills whole pages") {
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  const std::string text = list_text(3, 10, page);
  REQUIRE(text.size() == page);
  const fs::path path = write_file("page.json", text);
  OpenFile file(path);
  auto mapped = snapshot::MappedFileText::map(file.fd, text.size());
  REQUIRE(mapped);
  REQUIRE(mapped->whole() != nullptr);
  CHECK(std::string_view(mapped->whole(), text.size()) == text);
  for (size_t i = 0; i < snapshot::kParserPadding; ++i) CHECK(mapped->whole()[text.size() + i] == '\0');

  auto state = read_snapshot(path);
  REQUIRE(state);
  CHECK(state->objects().size() == 3);
  fs::remove(path);
}

TEST_CASE("pages let go behind the reader are read again from the file when asked for") {
  const std::string text = list_text(2000, 3000);  // about 6 MB: more than one window
  const fs::path path = write_file("release.json", text);
  OpenFile file(path);
  auto mapped = snapshot::MappedFileText::map(file.fd, text.size());
  REQUIRE(mapped);
  mapped->release_before(text.size() / 2);
  std::string copy(100, '\0');
  std::string error;
  CHECK(mapped->read(10, copy.data(), copy.size(), error) == 100);
  CHECK(copy == text.substr(10, 100));

  // The whole file through the mapped reader equals the same text read from memory.
  auto from_file = read_snapshot(path);
  REQUIRE(from_file);
  LiveState from_memory;
  CHECK(add_snapshot_text(text, "memory", from_memory).empty());
  CHECK(from_file->objects().size() == 2000);
  CHECK(from_file->fingerprint() == from_memory.fingerprint());
  const LiveObject* last = from_file->find(ObjectRef{"ConfigMap", "matrix", "cm-1999"});
  REQUIRE(last != nullptr);
  CHECK(last->body["data"]["v"] == std::string(3000, 'x'));
  fs::remove(path);
}

TEST_CASE("only a regular file with bytes in it is mapped") {
  const fs::path empty = write_file("empty.json", "");
  OpenFile empty_file(empty);
  CHECK_FALSE(snapshot::MappedFileText::map(empty_file.fd, 0));
  fs::remove(empty);

  OpenFile device("/dev/zero");
  CHECK_FALSE(snapshot::MappedFileText::map(device.fd, 4096));

  // A size that is not the file's (it changed since it was measured) is not mapped either.
  const fs::path small = write_file("small.json", "{}");
  OpenFile small_file(small);
  CHECK_FALSE(snapshot::MappedFileText::map(small_file.fd, 4096));
  fs::remove(small);
}
