#include "fast_reader.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>

#include "compact_bodies.h"
#include "engine/json_scan.h"
#include "pruned_json.h"

namespace synops::snapshot {

namespace {

constexpr size_t kPadding = kParserPadding;
constexpr size_t kWindowBytes = 4u << 20;  // what one read(2) fills; grows for a larger item
constexpr size_t kBatchBytes = 2u << 20;   // items parsed together, split over the threads

// Threads besides the caller's that parse items: one per other core, at most three.
size_t extra_threads() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 1 ? std::min(cores - 1, 3u) : 0;
}

// The part of the text in memory: bytes [begin, end), with kPadding readable bytes after.
// A source that holds its whole text (whole()) is read in place: the window is all of it.
class Window {
 public:
  explicit Window(TextSource& source) : source_(source), size_(source.size()), whole_(source.whole()) {
    if (whole_ != nullptr) {
      end_ = size_;
      return;
    }
    capacity_ = kWindowBytes;
    buffer_.reset(new char[capacity_ + kPadding]);
    std::memset(buffer_.get(), 0, kPadding);
  }

  size_t begin() const { return begin_; }
  size_t end() const { return end_; }
  bool at_eof() const { return end_ == size_; }
  const char* data() const { return whole_ != nullptr ? whole_ : buffer_.get(); }  // the byte at begin()
  const char* at(size_t offset) const { return data() + (offset - begin_); }
  size_t readable_from(size_t offset) const { return end_ + kPadding - offset; }
  const std::string& error() const { return error_; }

  // Nothing before `offset` is needed again.
  void done_before(size_t offset) {
    if (whole_ != nullptr) source_.release_before(offset);
  }

  // Holds [keep, want) when the text has it, dropping what comes before `keep`.
  // False when reading failed.
  bool fill(size_t keep, size_t want) {
    want = std::min(want, size_);
    if (want <= end_) return true;
    if (keep > begin_) {
      std::memmove(buffer_.get(), at(keep), end_ - keep);
      begin_ = keep;
    }
    if (want - begin_ > capacity_) {
      const size_t capacity = std::max(want - begin_, 2 * capacity_);
      std::unique_ptr<char[]> bigger(new char[capacity + kPadding]);
      std::memcpy(bigger.get(), buffer_.get(), end_ - begin_);
      buffer_ = std::move(bigger);
      capacity_ = capacity;
    }
    while (end_ < size_ && end_ - begin_ < capacity_) {
      const long got = source_.read(end_, buffer_.get() + (end_ - begin_), std::min(capacity_ - (end_ - begin_), size_ - end_), error_);
      if (got < 0) return false;
      if (got == 0) {  // the file is shorter than it was: read what there is
        size_ = end_;
        break;
      }
      end_ += static_cast<size_t>(got);
    }
    std::memset(buffer_.get() + (end_ - begin_), 0, kPadding);
    return true;
  }

 private:
  TextSource& source_;
  size_t size_;
  const char* whole_;  // the source's text, when it holds it all
  size_t capacity_ = 0;
  std::unique_ptr<char[]> buffer_;  // capacity_ bytes and kPadding more (a source read by copies)
  size_t begin_ = 0, end_ = 0;
  std::string error_;
};

class FastReader {
 public:
  FastReader(TextSource& source, const MakeObject& make_object)
      : source_(source), window_(source), make_object_(make_object), parsers_(1 + extra_threads()),
        bodies_(std::make_shared<CompactBodies>(parsers_.size())) {}

  FastRead read() {
    FastRead result;
    result.handled = documents(result);
    if (!window_.error().empty()) result.handled = false, result.read_error = window_.error();
    bodies_->finish();
    return result;
  }

 private:
  static constexpr int kEnd = -1;

  struct Extent {
    size_t start, end;
  };
  // One item's result, made by whichever thread parsed it.
  struct Parsed {
    PrunedJsonParser::Item item = PrunedJsonParser::Item::invalid;
    Identity identity;
    CompactBodies::Slice slice{};
    nlohmann::json json;
  };

  size_t keep() const { return batch_.empty() ? pos_ : batch_.front().start; }
  int peek() {
    if (pos_ >= window_.end() && !window_.fill(keep(), pos_ + 1)) return kEnd;
    return pos_ < window_.end() ? static_cast<unsigned char>(*window_.at(pos_)) : kEnd;
  }
  void skip_space() {
    for (int c = peek(); c == ' ' || c == '\n' || c == '\r' || c == '\t'; c = peek()) ++pos_;
  }
  bool expect(char wanted) {
    skip_space();
    if (peek() != wanted) return false;
    ++pos_;
    skip_space();
    return true;
  }
  std::string_view piece(size_t start, size_t end) const { return {window_.at(start), end - start}; }

  // The end of the value starting at `start`, reading on as needed; nullopt when the text
  // ends first (or a batch it had to parse to make room was not valid).
  std::optional<size_t> end_of_value(size_t start, bool container) {
    while (true) {
      const size_t held = window_.end() - window_.begin();
      const size_t relative = container ? container_end(window_.data(), held, start - window_.begin())
                                        : value_end(window_.data(), held, start - window_.begin());
      if (relative != kNoEnd && (window_.begin() + relative < window_.end() || window_.at_eof()))
        return window_.begin() + relative;
      if (window_.at_eof()) return std::nullopt;
      if (!batch_.empty() && !flush()) return std::nullopt;  // parse what is held, to make room
      if (!window_.fill(start, window_.end() + 1)) return std::nullopt;
    }
  }

  bool documents(FastRead& out) {
    while (true) {
      for (int c = peek(); c != kEnd && std::isspace(c); c = peek()) ++pos_;  // as std::ws
      if (peek() == kEnd) return window_.error().empty();
      if (peek() == 0xEF && window_.fill(pos_, pos_ + 3) && std::memcmp(window_.at(pos_), "\xEF\xBB\xBF", 3) == 0)
        pos_ += 3;  // nlohmann skips a byte order mark
      skip_space();
      if (peek() != '{' || !document(out)) return false;
    }
  }

  // A top-level object: a List (its items become objects) or an object of its own.
  bool document(FastRead& out) {
    const size_t start = pos_++;
    const size_t objects_before = out.objects.size(), problems_before = out.problems.size();
    std::optional<std::string> kind;
    bool items_seen = false, items_not_array = false;
    skip_space();
    if (peek() == '}') {
      ++pos_;
    } else {
      while (true) {
        if (peek() != '"') return false;
        const auto key_end = end_of_value(pos_, false);
        if (!key_end) return false;
        const std::string key(piece(pos_ + 1, *key_end - 1));
        if (key.find('\\') != std::string::npos || !plain_json_string(key)) return false;
        pos_ = *key_end;
        if (!expect(':')) return false;
        if (key == "items" && peek() == '[') {
          if (items_seen || !list_items(out)) return false;
          items_seen = true;
        } else {
          items_not_array = items_not_array || key == "items";
          const int first = peek();
          const auto end = end_of_value(pos_, first == '{' || first == '[');
          if (!end) return false;
          bool valid = true;
          if (key == "kind") kind = parsers_[0].parse_string(piece(pos_, *end), window_.readable_from(pos_), valid);
          else valid = parsers_[0].validate(piece(pos_, *end), window_.readable_from(pos_));
          if (!valid) return false;
          pos_ = *end;
        }
        skip_space();
        if (peek() == ',') {
          ++pos_;
          skip_space();
          continue;
        }
        if (peek() != '}') return false;
        ++pos_;
        break;
      }
    }
    if (kind == "List") return items_seen && !items_not_array;  // else the reference reader explains
    // Not a List: the document is one object; what its items made does not count.
    out.objects.resize(objects_before);
    out.problems.resize(problems_before);
    std::string text(pos_ - start + kPadding, '\0');
    std::string error;
    if (source_.read(start, text.data(), pos_ - start, error) != static_cast<long>(pos_ - start)) return false;
    nlohmann::json object;
    if (!parsers_[0].parse_object(std::string_view(text.data(), pos_ - start), text.size(), object)) return false;
    auto found = make_object_(std::move(object), out.objects);
    out.problems.insert(out.problems.end(), found.begin(), found.end());
    return true;
  }

  bool list_items(FastRead& out) {
    out_ = &out;
    ++pos_;  // '['
    skip_space();
    if (peek() == ']') return ++pos_, true;
    size_t bytes = 0;
    while (true) {
      if (peek() != '{') return false;
      const auto end = end_of_value(pos_, true);
      if (!end) return false;
      batch_.push_back({pos_, *end});
      bytes += *end - pos_;
      pos_ = *end;
      skip_space();
      const int next = peek();
      if (next == ',') {
        ++pos_;
        skip_space();
      } else if (next == ']') {
        ++pos_;
        return flush();
      } else {
        return false;
      }
      if (bytes >= kBatchBytes) {
        if (!flush()) return false;
        bytes = 0;
      }
    }
  }

  // Parses the batch of items, a contiguous share of about equal bytes per thread; the
  // results join the output in item order, whichever thread made them.
  bool flush() {
    if (batch_.empty()) return true;
    std::vector<Parsed> parsed(batch_.size());
    auto parse_range = [&](size_t thread, size_t from, size_t to) {
      PrunedJsonParser& parser = parsers_[thread];
      CompactBodies::Arena& arena = bodies_->arena(thread);
      for (size_t i = from; i < to; ++i) {
        const auto [start, end] = batch_[i];
        std::string& chunk = arena.chunk(end - start);
        Parsed& result = parsed[i];
        result.slice = {thread, arena.chunk_index(), chunk.size(), 0};
        try {
          result.item = parser.parse_item(piece(start, end), window_.readable_from(start), result.identity, chunk, result.json);
        } catch (const std::exception&) {
          result.item = PrunedJsonParser::Item::invalid;  // the reference reader decides
        }
        result.slice.length = chunk.size() - result.slice.offset;
        if (result.item == PrunedJsonParser::Item::invalid) return;
      }
    };
    const size_t threads = std::min(parsers_.size(), batch_.size());
    std::vector<size_t> cut{0};
    const size_t total = batch_.back().end - batch_.front().start;
    for (size_t i = 0, share = 1; i < batch_.size() && share < threads; ++i)
      if (batch_[i].end - batch_.front().start >= total * share / threads) cut.push_back(i + 1), ++share;
    cut.resize(threads, batch_.size());
    cut.push_back(batch_.size());
    {
      std::vector<std::jthread> running;
      for (size_t t = 1; t < threads; ++t) running.emplace_back([&, t] { parse_range(t, cut[t], cut[t + 1]); });
      parse_range(0, cut[0], cut[1]);
    }  // every thread has joined
    for (auto& result : parsed) {
      if (result.item == PrunedJsonParser::Item::invalid) return false;
      if (result.item == PrunedJsonParser::Item::other) {
        auto found = make_object_(std::move(result.json), out_->objects);
        out_->problems.insert(out_->problems.end(), found.begin(), found.end());
        continue;
      }
      Identity& id = result.identity;
      out_->objects.push_back(LiveObject{ObjectRef{std::move(id.kind), std::move(id.ns), std::move(id.name)},
                                         std::move(id.api_version), std::move(id.resource_version),
                                         LiveBody(bodies_, bodies_->record(result.slice))});
    }
    batch_.clear();
    window_.done_before(pos_);
    return true;
  }

  TextSource& source_;
  Window window_;
  const MakeObject& make_object_;
  std::vector<PrunedJsonParser> parsers_;  // one per thread
  std::shared_ptr<CompactBodies> bodies_;
  size_t pos_ = 0;
  std::vector<Extent> batch_;
  FastRead* out_ = nullptr;
};

}  // namespace

FastRead read_fast(TextSource& text, const MakeObject& make_object) { return FastReader(text, make_object).read(); }

}  // namespace synops::snapshot
