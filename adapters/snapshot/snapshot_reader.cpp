#include "snapshot_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <sstream>
#include <system_error>

#include "engine/json_depth.h"
#include "fast_reader.h"
#include "json_error_text.h"
#include "mapped_file_text.h"

namespace synops {

namespace {

constexpr std::uintmax_t kMaxSnapshotBytes = 2ull << 30;  // 2 GiB: far above any real cluster read

// ---------------------------------------------------------------------------------------------
// Turning one parsed object into a LiveObject, or the diagnostic that says why not.

std::string describe(const nlohmann::json& item) {
  if (!item.is_object()) return "an item that is not an object";
  auto text = [&](const nlohmann::json& value) { return value.is_string() ? value.get<std::string>() : std::string("?"); };
  const auto metadata = item.find("metadata");
  const bool has_name = metadata != item.end() && metadata->is_object() && metadata->contains("name");
  return "item " + text(item.value("kind", nlohmann::json("?"))) + "/" + (has_name ? text((*metadata)["name"]) : "?");
}

std::string text_member(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Diagnostics make_object(nlohmann::json item, const std::string& source, std::vector<LiveObject>& out) {
  const auto kind = item.is_object() ? item.find("kind") : item.end();
  const auto metadata = item.is_object() ? item.find("metadata") : item.end();
  if (!item.is_object() || kind == item.end() || !kind->is_string() || metadata == item.end() || !metadata->is_object() ||
      !metadata->contains("name") || !(*metadata)["name"].is_string())
    return {Diagnostic{{source}, describe(item) + " has no kind or metadata.name; "
                                     "expected objects as `kubectl get -o json` prints them"}};
  LiveObject object;
  object.ref = ObjectRef{kind->get<std::string>(), text_member(*metadata, "namespace"), (*metadata)["name"].get<std::string>()};
  object.api_version = text_member(item, "apiVersion");
  object.resource_version = text_member(*metadata, "resourceVersion");
  prune_live_body(item);
  object.body = std::move(item);
  out.push_back(std::move(object));
  return {};
}

// ---------------------------------------------------------------------------------------------
// The reference reader: nlohmann::json over the whole text. Used only when the fast reader
// finds the text is not valid JSON (or shaped unusually), so that every error reads exactly
// as it always has: "FILE:LINE:COL: not valid JSON: <nlohmann's explanation>", without the
// bytes nlohmann quotes (json_error_text.h).

SourcePosition position_at(std::string_view text, size_t offset, const std::string& source) {
  offset = std::min(offset, text.size());
  int line = 1, column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') ++line, column = 1;
    else ++column;
  }
  return SourcePosition{source, line, column};
}

std::string describe_ref(const ObjectRef& ref) { return ref.kind + " " + (ref.ns.empty() ? "" : ref.ns + "/") + ref.name; }

std::string kind_name(const nlohmann::json& value) {
  if (value.is_object()) return "an object";
  if (value.is_string()) return "a string";
  if (value.is_number()) return "a number";
  if (value.is_boolean()) return "a boolean";
  return "null";
}

// `at`: where the document starts, for problems of the document as a whole.
Diagnostics add_document(const nlohmann::json& document, const SourcePosition& at, std::vector<LiveObject>& out) {
  const std::string& source = at.file;
  Diagnostics problems;
  const auto kind = document.is_object() ? document.find("kind") : document.end();
  if (kind != document.end() && kind->is_string() && *kind == "List") {
    const auto items = document.find("items");
    // A List without items would read as a cluster with nothing in it.
    if (items == document.end())
      return {Diagnostic{at, "the List has no \"items\"; expected a JSON List as `kubectl get -o json` prints it"}};
    if (!items->is_array()) return {Diagnostic{at, "\"items\" of the List must be an array, got " + kind_name(*items)}};
    for (const auto& item : *items) {
      auto found = make_object(item, source, out);
      problems.insert(problems.end(), found.begin(), found.end());
    }
    return problems;
  }
  return make_object(document, source, out);
}

Diagnostics reference_read(std::string_view text, const std::string& source, std::vector<LiveObject>& out) {
  Diagnostics problems;
  if (const auto at = json_too_deep_at(text)) {
    problems.push_back(Diagnostic{position_at(text, *at, source),
                                  "JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                                      " levels; no Kubernetes object is that deep: this is not a kubectl snapshot"});
    return problems;
  }
  // Several documents may follow each other, as when kubectl output is concatenated:
  // operator>> reads exactly one JSON value and leaves the stream after it.
  std::istringstream in{std::string(text)};
  while (true) {
    in >> std::ws;
    if (in.peek() == std::char_traits<char>::eof()) break;
    const size_t start = static_cast<size_t>(in.tellg());
    nlohmann::json document;
    try {
      in >> document;
    } catch (const nlohmann::json::parse_error& error) {
      const std::string what = error.what();
      const size_t at = start + (error.byte > 0 ? error.byte - 1 : 0);
      const bool nul = at < text.size() && text[at] == '\0';
      problems.push_back(Diagnostic{position_at(text, at, source),
                                    nul ? "not valid JSON: NUL byte in the text"
                                        : "not valid JSON: " + parse_error_without_excerpt(what.substr(what.find(':') + 2))});
      return problems;
    } catch (const nlohmann::json::exception& error) {
      // A number too large for a double: nlohmann names neither the place nor the number's
      // position, only the number; find it in the text.
      std::string what = error.what();
      what = what.substr(what.find(']') == std::string::npos ? 0 : what.find(']') + 2);
      const auto quoted = what.find('\'');
      const auto number = quoted == std::string::npos ? std::string() : what.substr(quoted + 1, what.rfind('\'') - quoted - 1);
      const auto found = number.empty() ? std::string_view::npos : text.find(number, start);
      problems.push_back(Diagnostic{position_at(text, found == std::string_view::npos ? start : found, source),
                                    "not valid JSON: " + json_error_without_excerpt(what)});
      return problems;
    }
    auto found = add_document(document, position_at(text, start, source), out);
    problems.insert(problems.end(), found.begin(), found.end());
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Reading a text: the fast reader (fast_reader.h), or the reference reader when it gives up.

class FileText : public snapshot::TextSource {
 public:
  FileText(int fd, size_t size) : fd_(fd), size_(size) {}
  ~FileText() override { ::close(fd_); }
  size_t size() const override { return size_; }
  long read(size_t offset, char* out, size_t length, std::string& error) override {
    size_t done = 0;
    while (done < length) {
      const ssize_t got = ::pread(fd_, out + done, length - done, static_cast<off_t>(offset + done));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        error = std::error_code(errno, std::system_category()).message();
        return -1;
      }
      if (got == 0) break;
      done += static_cast<size_t>(got);
    }
    return static_cast<long>(done);
  }

 private:
  int fd_;
  size_t size_;
};

class MemoryText : public snapshot::TextSource {
 public:
  explicit MemoryText(std::string_view text) : text_(text) {}
  size_t size() const override { return text_.size(); }
  long read(size_t offset, char* out, size_t length, std::string&) override {
    length = std::min(length, text_.size() - std::min(offset, text_.size()));
    std::memcpy(out, text_.data() + offset, length);
    return static_cast<long>(length);
  }

 private:
  std::string_view text_;
};

std::atomic<size_t> reference_reads{0};

// Reads one text into `state`; an unreadable file is the one diagnostic returned in `unreadable`.
// Concatenated kubectl outputs may list an object twice (`get all` and `get deploy`); the
// same version twice is one object. Two versions of it are an error: either one would
// silently stand for the cluster.
void add_objects(std::vector<LiveObject>& objects, const std::string& source, LiveState& state, Diagnostics& problems) {
  for (auto& object : objects) {
    const LiveObject* earlier = state.find(object.ref);
    if (earlier != nullptr && earlier->resource_version != object.resource_version)
      problems.push_back(Diagnostic{{source, 0, 0}, describe_ref(object.ref) + " appears twice in the live snapshot, at two resourceVersions"});
    state.add(std::move(object));
  }
}

// What neither reader can explain well: nothing at all, a UTF-16 file (a PowerShell
// redirect writes one), a NUL byte. Only the start of the text is looked at for the first
// two; NUL is searched in texts that failed to parse (reference_problem).
std::optional<Diagnostic> shape_problem(snapshot::TextSource& text, const std::string& source) {
  char head[4096];
  std::string error;
  const long got = text.read(0, head, std::min(sizeof head, text.size()), error);
  if (got < 0) return std::nullopt;  // the readers report it
  const std::string_view start(head, static_cast<size_t>(got));
  if (start.starts_with("\xFF\xFE") || start.starts_with("\xFE\xFF"))
    return Diagnostic{{source, 1, 1}, "the file starts with a UTF-16 byte order mark; a snapshot must be UTF-8 JSON"};
  const bool blank = start.find_first_not_of(" \t\r\n") == std::string_view::npos;
  if (blank && text.size() == start.size())
    return Diagnostic{{source, 0, 0}, "the live snapshot is empty; expected a JSON List as `kubectl get -o json` prints it"};
  return std::nullopt;
}

Diagnostics add_text(snapshot::TextSource& text, const std::string& source, LiveState& state, Diagnostics& unreadable) {
  if (auto problem = shape_problem(text, source)) return {*problem};
  auto fast = snapshot::read_fast(text, [&](nlohmann::json item, std::vector<LiveObject>& out) {
    return make_object(std::move(item), source, out);
  });
  if (!fast.read_error.empty()) {
    unreadable.push_back(Diagnostic{{}, source + ": cannot read the live snapshot (" + fast.read_error + ")"});
    return {};
  }
  if (!fast.handled) {
    ++reference_reads;
    std::string whole(text.size(), '\0');
    std::string error;
    const long got = text.read(0, whole.data(), whole.size(), error);
    if (got < 0) {
      unreadable.push_back(Diagnostic{{}, source + ": cannot read the live snapshot (" + error + ")"});
      return {};
    }
    whole.resize(static_cast<size_t>(got));
    fast.objects.clear();
    fast.problems = reference_read(whole, source, fast.objects);
  }
  add_objects(fast.objects, source, state, fast.problems);
  return fast.problems;
}

Diagnostics add_file(const std::filesystem::path& path, LiveState& state, Diagnostics& problems) {
  const std::string source = path.string();
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) return {Diagnostic{{}, source + ": cannot read the live snapshot (" + error.message() + ")"}};
  if (size > kMaxSnapshotBytes) return {Diagnostic{{}, source + ": the live snapshot is larger than 2 GiB"}};
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return {Diagnostic{{}, source + ": cannot read the live snapshot (" + std::error_code(errno, std::system_category()).message() + ")"}};
  FileText file(fd, static_cast<size_t>(size));
  auto mapped = snapshot::MappedFileText::map(fd, static_cast<size_t>(size));
  Diagnostics unreadable;
  auto found = mapped ? add_text(*mapped, source, state, unreadable) : add_text(file, source, state, unreadable);
  problems.insert(problems.end(), found.begin(), found.end());
  return unreadable;
}

}  // namespace

Diagnostics add_snapshot_text(std::string_view text, const std::string& source, LiveState& state) {
  MemoryText memory(text);
  Diagnostics unreadable;
  return add_text(memory, source, state, unreadable);
}

Diagnostics add_snapshot_text_reference(std::string_view text, const std::string& source, LiveState& state) {
  MemoryText memory(text);
  if (auto problem = shape_problem(memory, source)) return {*problem};
  std::vector<LiveObject> objects;
  Diagnostics problems = reference_read(text, source, objects);
  add_objects(objects, source, state, problems);
  return problems;
}

size_t snapshot_reference_reads() { return reference_reads; }

std::vector<std::filesystem::path> snapshot_files(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_directory(path, error)) return {path};
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(path, error))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::ranges::sort(files);
  return files;
}

Result<LiveState> read_snapshot(const std::filesystem::path& path) {
  LiveState state;
  const std::vector<std::filesystem::path> files = snapshot_files(path);
  if (files.empty()) return fail(path.string() + ": the live snapshot directory holds no .json file");
  Diagnostics problems;
  for (const auto& file : files)
    if (auto unreadable = add_file(file, state, problems); !unreadable.empty()) return fail(std::move(unreadable));
  if (!problems.empty()) return fail(std::move(problems));
  return state;
}

}  // namespace synops
