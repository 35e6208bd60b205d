#include "list_page_cutter.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/json_depth.h"
#include "json_fields.h"
#include "pruned_json.h"

namespace synops::kube {

namespace {

constexpr std::string_view kIncomplete = "the response is not complete JSON";

bool whitespace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// The string value of the first `"key":"` after `from` in `text`, within `window` bytes.
std::string string_after(std::string_view text, size_t from, std::string_view key, size_t window = 65536) {
  const std::string needle = "\"" + std::string(key) + "\":\"";
  const size_t at = text.substr(0, std::min(text.size(), from + window)).find(needle, from);
  if (at == std::string_view::npos) return "";
  const size_t start = at + needle.size();
  const size_t end = text.find('"', start);
  return end == std::string_view::npos ? "" : std::string(text.substr(start, end - start));
}

}  // namespace

void ListPageCutter::restart() {
  *this = ListPageCutter(std::move(kind_), std::move(on_item_));
}

void ListPageCutter::route(Route to, size_t at, std::string_view bytes) {
  if (at > span_) {
    if (route_ == Route::skeleton) skeleton_.append(bytes.data() + span_, at - span_);
    else if (route_ == Route::item) item_.append(bytes.data() + span_, at - span_);
  }
  span_ = at;
  route_ = to;
}

bool ListPageCutter::stop(std::string message) {
  error_ = std::move(message);
  return false;
}

// "StatefulSet matrix/synapse-main", read from the item's metadata so far (the API writes
// name and namespace before anything that could nest); "an object" when it cannot be told.
std::string ListPageCutter::item_name() const {
  if (route_ != Route::item) return "an object";
  const size_t metadata = item_.find("\"metadata\":{");
  if (metadata == std::string::npos) return "an object";
  const std::string name = string_after(item_, metadata, "name");
  const std::string ns = string_after(item_, metadata, "namespace");
  if (name.empty()) return "an object";
  return kind_ + " " + (ns.empty() ? "" : ns + "/") + name;
}

bool ListPageCutter::open_bracket(size_t at, std::string_view bytes) {
  if (++depth_ <= kMaxJsonDepth) return true;
  route(route_, at, bytes);  // the item so far, to name it
  return stop(fmt::format("{} nests deeper than {} levels (byte {} of the response)", item_name(), kMaxJsonDepth, offset_ + at));
}

// The item ends just before `end`: it is handed on, padded as the parser needs.
bool ListPageCutter::end_item(size_t end, std::string_view bytes) {
  route(Route::none, end, bytes);
  const size_t size = item_.size();
  item_.append(kParserPadding, ' ');
  const Verdict verdict = on_item_(std::string_view(item_.data(), size), item_.size());
  item_.clear();
  scalar_item_ = string_item_ = false;
  expect_ = Expect::comma_or_end;
  if (verdict == Verdict::invalid) return stop(std::string(kIncomplete));
  if (verdict == Verdict::not_an_object && !item_failure_) item_failure_ = "an object without metadata.name";
  return true;
}

// Between the items of the page's items array (depth 2): separators are dropped, the first byte
// of an item starts it, `]` closes the array.
bool ListPageCutter::step_items(char c, size_t i, std::string_view bytes) {
  if (whitespace(c)) return true;
  if (c == ',') {
    if (expect_ != Expect::comma_or_end) return stop(std::string(kIncomplete));
    expect_ = Expect::item;
    return true;
  }
  if (c == ']') {
    if (expect_ == Expect::item) return stop(std::string(kIncomplete));
    route(Route::skeleton, i, bytes);
    --depth_;
    in_items_ = false;
    return true;
  }
  if (expect_ == Expect::comma_or_end) return stop(std::string(kIncomplete));
  route(Route::item, i, bytes);
  if (c == '{' || c == '[') return open_bracket(i, bytes);
  if (c == '"') in_string_ = string_item_ = true;
  else scalar_item_ = true;
  return true;
}

// Inside an item: it ends when its brackets close, or a scalar at its separator (which is then
// read again, between items).
bool ListPageCutter::step_item(char c, size_t i, std::string_view bytes, bool& reprocess) {
  if (scalar_item_) {
    if (c != ',' && c != ']' && !whitespace(c)) return true;
    reprocess = true;
    return end_item(i, bytes);
  }
  if (c == '"') in_string_ = true;
  else if (c == '{' || c == '[') return open_bracket(i, bytes);
  else if ((c == '}' || c == ']') && --depth_ == 2) return end_item(i + 1, bytes);
  return true;
}

// The page outside its items: kept whole. The key before each value of the page object is
// noted, so that the value of `items` is read item by item.
bool ListPageCutter::step_skeleton(char c, size_t i, std::string_view bytes) {
  if (whitespace(c)) return true;
  const bool page_member = depth_ == 1 && top_object_;
  if (page_member && expect_value_) {
    expect_value_ = false;
    if (c == '[' && key_ == "items") {
      ++depth_;
      in_items_ = true;
      expect_ = Expect::item_or_end;
      route(Route::none, i + 1, bytes);
      return true;
    }
  }
  if (c == '"') {
    in_string_ = true;
    if (page_member && expect_key_) {
      expect_key_ = false;
      capturing_key_ = true;
      key_.clear();
    }
    return true;
  }
  if (page_member && c == ':') expect_value_ = true;
  else if (page_member && c == ',') expect_key_ = true;
  else if (c == '{' || c == '[') {
    if (depth_ == 0) top_object_ = expect_key_ = c == '{';
    return open_bracket(i, bytes);
  } else if (c == '}' || c == ']') {
    if (depth_ == 0) return stop(std::string(kIncomplete));
    --depth_;
  }
  return true;
}

bool ListPageCutter::feed(std::string_view bytes) {
  if (error_) return false;
  span_ = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (in_string_) {
      if (!escaped_ && !capturing_key_) {
        // Most of a page is string content: skip to the next quote or backslash.
        while (i < bytes.size() && bytes[i] != '"' && bytes[i] != '\\') ++i;
        if (i == bytes.size()) break;
      }
      const char c = bytes[i];
      if (capturing_key_ && (escaped_ || c != '"')) key_ += c;
      if (escaped_) escaped_ = false;
      else if (c == '\\') escaped_ = true;
      else if (c == '"') {
        in_string_ = capturing_key_ = false;
        if (string_item_ && !end_item(i + 1, bytes)) return false;
      }
      continue;
    }
    const char c = bytes[i];
    bool reprocess = false;
    const bool ok = route_ == Route::item         ? step_item(c, i, bytes, reprocess)
                    : in_items_ && depth_ == 2 ? step_items(c, i, bytes)
                                               : step_skeleton(c, i, bytes);
    if (!ok) return false;
    if (reprocess) --i;
  }
  route(route_, bytes.size(), bytes);
  offset_ += bytes.size();
  return true;
}

Result<std::string> ListPageCutter::finish() {
  if (error_) return fail(*error_);
  if (in_string_ || depth_ != 0 || route_ == Route::item) return fail(std::string(kIncomplete));
  nlohmann::json page = nlohmann::json::parse(skeleton_, nullptr, false);
  if (page.is_discarded()) return fail(std::string(kIncomplete));
  if (!text_at(page, {"kind"}).ends_with("List") || !field(page, {"items"}).is_array()) return fail("the response is not a List");
  // Items left in the skeleton (a key spelled with escapes, never seen from an API server) are
  // taken all the same.
  for (const auto& item : page["items"]) {
    std::string text = item.dump();
    const size_t size = text.size();
    text.append(kParserPadding, ' ');
    const Verdict verdict = on_item_(std::string_view(text.data(), size), text.size());
    if (verdict == Verdict::not_an_object && !item_failure_) item_failure_ = "an object without metadata.name";
  }
  if (item_failure_) return fail(*item_failure_);
  return text_at(page, {"metadata", "continue"});
}

}  // namespace synops::kube
