#include "snapshot_reader.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <sstream>

#include "json_extent.h"
#include "mapped_file.h"
#include "pruned_json.h"

namespace synops {

namespace {

constexpr std::uintmax_t kMaxSnapshotBytes = 2ull << 30;  // 2 GiB: far above any real cluster read
constexpr size_t kPadding = std::max(snapshot::kScanPadding, snapshot::kParserPadding);

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
    return {Diagnostic{{source}, source + ": " + describe(item) + " has no kind or metadata.name; "
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
// as it always has: "FILE:LINE:COL: not valid JSON: <nlohmann's explanation>".

SourcePosition position_at(std::string_view text, size_t offset, const std::string& source) {
  offset = std::min(offset, text.size());
  int line = 1, column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') ++line, column = 1;
    else ++column;
  }
  return SourcePosition{source, line, column};
}

Diagnostics add_document(const nlohmann::json& document, const std::string& source, std::vector<LiveObject>& out) {
  Diagnostics problems;
  const auto kind = document.is_object() ? document.find("kind") : document.end();
  if (kind != document.end() && kind->is_string() && *kind == "List") {
    const auto items = document.find("items");
    for (const auto& item : items == document.end() ? nlohmann::json::array() : *items) {
      auto found = make_object(item, source, out);
      problems.insert(problems.end(), found.begin(), found.end());
    }
    return problems;
  }
  return make_object(document, source, out);
}

Diagnostics reference_read(std::string_view text, const std::string& source, std::vector<LiveObject>& out) {
  Diagnostics problems;
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
      problems.push_back(Diagnostic{position_at(text, at, source), "not valid JSON: " + what.substr(what.find(':') + 2)});
      return problems;
    } catch (const nlohmann::json::exception& error) {
      problems.push_back(Diagnostic{position_at(text, start, source), std::string("not valid JSON: ") + error.what()});
      return problems;
    }
    auto found = add_document(document, source, out);
    problems.insert(problems.end(), found.begin(), found.end());
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The fast reader: cuts each document (and each item of a List) out of the text with a
// bracket count and parses it with simdjson, pruning as it goes. Any doubt about the text
// (invalid JSON, an item that is not an object, a List whose items are not an array) makes
// it give up, and the reference reader reads the text instead.

class FastReader {
 public:
  FastReader(std::string_view text, size_t readable, const std::string& source, snapshot::MappedFile* file)
      : data_(text.data()), size_(text.size()), readable_(readable), source_(source), file_(file) {}

  // False when the reference reader must decide.
  bool read(std::vector<LiveObject>& out, Diagnostics& problems) {
    while (true) {
      while (pos_ < size_ && std::isspace(static_cast<unsigned char>(data_[pos_]))) ++pos_;  // as std::ws
      if (pos_ == size_) return true;
      if (size_ - pos_ >= 3 && std::memcmp(data_ + pos_, "\xEF\xBB\xBF", 3) == 0) pos_ += 3;  // nlohmann skips a BOM
      skip_space();
      if (pos_ >= size_ || data_[pos_] != '{' || !document(out, problems)) return false;
    }
  }

 private:
  void skip_space() {
    while (pos_ < size_ && snapshot::is_json_space(data_[pos_])) ++pos_;
  }
  bool expect(char c) {
    skip_space();
    if (pos_ >= size_ || data_[pos_] != c) return false;
    ++pos_;
    skip_space();
    return true;
  }
  std::string_view piece(size_t start, size_t end) const { return {data_ + start, end - start}; }
  size_t readable_from(size_t start) const { return readable_ - start; }

  // A top-level object: a List (its items become objects) or an object of its own.
  bool document(std::vector<LiveObject>& out, Diagnostics& problems) {
    const size_t start = pos_++;
    std::vector<LiveObject> items;
    Diagnostics item_problems;
    std::optional<std::string> kind;
    bool items_seen = false, items_not_array = false;
    skip_space();
    if (pos_ < size_ && data_[pos_] == '}') ++pos_;
    else
      while (true) {
        if (pos_ >= size_ || data_[pos_] != '"') return false;
        const size_t key_end = snapshot::value_end(data_, size_, pos_);
        if (key_end == snapshot::kNoEnd) return false;
        const std::string_view key = piece(pos_ + 1, key_end - 1);
        if (key.find('\\') != std::string_view::npos || !snapshot::plain_json_string(key)) return false;
        pos_ = key_end;
        if (!expect(':')) return false;
        if (key == "items" && pos_ < size_ && data_[pos_] == '[') {
          if (items_seen || !list_items(items, item_problems)) return false;
          items_seen = true;
        } else {
          items_not_array = items_not_array || key == "items";
          const size_t end = snapshot::value_end(data_, size_, pos_);
          if (end == snapshot::kNoEnd) return false;
          bool valid = true;
          if (key == "kind") kind = parser_.parse_string(piece(pos_, end), readable_from(pos_), valid);
          else valid = parser_.validate(piece(pos_, end), readable_from(pos_));
          if (!valid) return false;
          pos_ = end;
        }
        skip_space();
        if (pos_ < size_ && data_[pos_] == ',') {
          ++pos_;
          skip_space();
          continue;
        }
        if (pos_ < size_ && data_[pos_] == '}') {
          ++pos_;
          break;
        }
        return false;
      }
    if (kind == "List") {
      if (items_not_array) return false;
      std::move(items.begin(), items.end(), std::back_inserter(out));
      problems.insert(problems.end(), item_problems.begin(), item_problems.end());
      return true;
    }
    // Not a List: the document is one object.
    nlohmann::json object;
    if (!parser_.parse_object(piece(start, pos_), readable_from(start), object)) return false;
    auto found = make_object(std::move(object), source_, out);
    problems.insert(problems.end(), found.begin(), found.end());
    return true;
  }

  bool list_items(std::vector<LiveObject>& items, Diagnostics& problems) {
    ++pos_;  // '['
    skip_space();
    if (pos_ < size_ && data_[pos_] == ']') return ++pos_, true;
    while (true) {
      if (pos_ >= size_ || data_[pos_] != '{') return false;
      const size_t end = snapshot::container_end(data_, size_, pos_);
      if (end == snapshot::kNoEnd) return false;
      nlohmann::json item;
      if (!parser_.parse_object(piece(pos_, end), readable_from(pos_), item)) return false;
      auto found = make_object(std::move(item), source_, items);
      problems.insert(problems.end(), found.begin(), found.end());
      if (file_) file_->release_before(pos_);
      pos_ = end;
      skip_space();
      if (pos_ < size_ && data_[pos_] == ',') {
        ++pos_;
        skip_space();
        continue;
      }
      if (pos_ < size_ && data_[pos_] == ']') return ++pos_, true;
      return false;
    }
  }

  const char* data_;
  size_t size_;
  size_t readable_;
  const std::string& source_;
  snapshot::MappedFile* file_;
  size_t pos_ = 0;
  snapshot::PrunedJsonParser parser_;
};

// Reads one text (padded with kPadding readable bytes) into `state`.
Diagnostics add_text(std::string_view text, size_t readable, const std::string& source, snapshot::MappedFile* file,
                     LiveState& state) {
  std::vector<LiveObject> objects;
  Diagnostics problems;
  if (!FastReader(text, readable, source, file).read(objects, problems)) {
    objects.clear();
    problems = reference_read(text, source, objects);
  }
  for (auto& object : objects) state.add(std::move(object));
  return problems;
}

Diagnostics add_file(const std::filesystem::path& path, LiveState& state, Diagnostics& problems) {
  const std::string source = path.string();
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) return {Diagnostic{{}, source + ": cannot read the live snapshot (" + error.message() + ")"}};
  if (size > kMaxSnapshotBytes) return {Diagnostic{{}, source + ": the live snapshot is larger than 2 GiB"}};
  auto file = snapshot::MappedFile::open(path, static_cast<size_t>(size), kPadding, source);
  if (!file) return file.error();
  auto found = add_text(file->text(), file->readable(), source, &*file, state);
  problems.insert(problems.end(), found.begin(), found.end());
  return {};
}

}  // namespace

Diagnostics add_snapshot_text(std::string_view text, const std::string& source, LiveState& state) {
  std::string padded;
  padded.reserve(text.size() + kPadding);
  padded.append(text);
  padded.append(kPadding, '\0');
  return add_text(std::string_view(padded.data(), text.size()), padded.size(), source, nullptr, state);
}

Result<LiveState> read_snapshot(const std::filesystem::path& path) {
  LiveState state;
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(path)) {
    for (const auto& entry : std::filesystem::directory_iterator(path))
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::ranges::sort(files);
    if (files.empty()) return fail(path.string() + ": the live snapshot directory holds no .json file");
  } else {
    files.push_back(path);
  }
  Diagnostics problems;
  for (const auto& file : files)
    if (auto unreadable = add_file(file, state, problems); !unreadable.empty()) return fail(std::move(unreadable));
  if (!problems.empty()) return fail(std::move(problems));
  return state;
}

}  // namespace synops
