#include "yaml_flow_scan.h"

#include <string_view>

namespace synops {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::size_t indentation(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

bool only_blanks_or_comment(std::string_view rest) {
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '#') return i == 0 || is_blank(rest[i - 1]);
    if (!is_blank(rest[i])) return false;
  }
  return true;
}

// `|`, `>`, `|-`, `>+2` ... followed by nothing but a comment: a block scalar header.
bool is_block_scalar_header(std::string_view rest) {
  std::size_t i = 1;
  while (i < rest.size() && (rest[i] == '-' || rest[i] == '+' || (rest[i] >= '1' && rest[i] <= '9'))) ++i;
  return only_blanks_or_comment(rest.substr(i));
}

class FlowScanner {
 public:
  FlowScanner(const YamlText& yaml, const std::string& file, const YamlLimits& limits)
      : yaml_(yaml), file_(file), limits_(limits) {}

  std::optional<Diagnostic> run() {
    for (std::size_t line = 0; line < yaml_.line_starts.size() && !problem_; ++line) scan_line(line);
    // yaml-cpp 0.7 takes a quoted scalar left open up to the end of the file as its value,
    // lines of keys and all: a missing quote would silently become a very different value.
    if (quote_ != 0) report(quote_start_, "invalid YAML: the quoted scalar that starts here is never closed");
    return problem_;
  }

 private:
  std::string_view line_text(std::size_t line) const {
    const std::size_t start = yaml_.line_starts[line];
    const std::size_t end = line + 1 < yaml_.line_starts.size() ? yaml_.line_starts[line + 1] - 1 : yaml_.text.size();
    return std::string_view(yaml_.text).substr(start, end - start);
  }

  void scan_line(std::size_t line) {
    const std::string_view text = line_text(line);
    const std::size_t indent = indentation(text);
    if (block_scalar_indent_ >= 0) {
      // The lines of a block scalar are text, whatever brackets or quotes they hold.
      const bool inside = indent == text.size() || static_cast<long>(indent) > block_scalar_indent_;
      if (inside) return;
      block_scalar_indent_ = -1;
    }
    for (std::size_t i = 0; i < text.size() && !problem_; ++i) {
      const char previous = i == 0 ? ' ' : text[i - 1];
      if (quote_ != 0) {
        i = skip_in_quote(text, i);
        continue;
      }
      if (text[i] == '#' && is_blank(previous)) return;  // a comment runs to the line's end
      if (at_block_scalar(text, i, previous)) {
        block_scalar_indent_ = static_cast<long>(indent);
        return;
      }
      scan_character(text, i, yaml_.line_starts[line] + i);
    }
  }

  // Inside quotes only the closing quote matters; "\"" escapes in double quotes, and
  // a doubled '' in single quotes closes and reopens, which comes to the same.
  std::size_t skip_in_quote(std::string_view text, std::size_t i) {
    if (quote_ == '"' && text[i] == '\\') return i + 1;
    if (text[i] == quote_) quote_ = 0;
    return i;
  }

  bool at_block_scalar(std::string_view text, std::size_t i, char previous) const {
    return depth_ == 0 && (text[i] == '|' || text[i] == '>') && is_blank(previous) &&
           is_block_scalar_header(text.substr(i));
  }

  // A quoted scalar starts where a value or key can: at the start of a line, after `: `,
  // `- ` or `? `, or inside a flow collection after its punctuation. A quote anywhere else
  // (`it's`, `a 5" screen`) belongs to a plain scalar.
  bool starts_quoted(std::string_view text, std::size_t i) const {
    std::size_t before = i;
    while (before > 0 && is_blank(text[before - 1])) --before;
    if (before == 0) return true;
    const char indicator = text[before - 1];
    if (depth_ > 0) return indicator == '[' || indicator == '{' || indicator == ',' || indicator == ':';
    if (before == i) return false;  // no blank between: part of a plain scalar
    return (indicator == ':' || indicator == '-' || indicator == '?') && (before == 1 || is_blank(text[before - 2]) ||
                                                                        indicator == ':');
  }

  // Inside a flow collection brackets are always indicators; outside one, `a[0]` is text.
  void scan_character(std::string_view text, std::size_t i, std::size_t offset) {
    const char c = text[i];
    const char previous = i == 0 ? ' ' : text[i - 1];
    if ((c == '"' || c == '\'') && starts_quoted(text, i)) {
      quote_ = c;
      quote_start_ = offset;
    } else if ((c == '[' || c == '{') && (depth_ > 0 || is_blank(previous))) {
      if (++depth_ > limits_.max_depth) report(offset, too_deep_message(limits_.max_depth));
      count_entry(offset);
    } else if ((c == ']' || c == '}') && depth_ > 0) {
      --depth_;
    } else if (c == ',' && depth_ > 0) {
      count_entry(offset);
    }
  }

  // Every comma separates two values and every bracket opens one, so their count is a
  // lower bound of the number of values.
  void count_entry(std::size_t offset) {
    if (++entries_ > limits_.max_nodes) report(offset, too_many_nodes_message(limits_.max_nodes));
  }

  void report(std::size_t offset, std::string message) {
    if (!problem_) problem_ = Diagnostic{yaml_.position_of_offset(file_, offset), std::move(message)};
  }

  const YamlText& yaml_;
  const std::string& file_;
  const YamlLimits& limits_;
  int depth_ = 0;
  std::size_t entries_ = 0;
  char quote_ = 0;
  std::size_t quote_start_ = 0;
  long block_scalar_indent_ = -1;
  std::optional<Diagnostic> problem_;
};

}  // namespace

std::optional<Diagnostic> scan_flow_collections(const YamlText& yaml, const std::string& file,
                                                const YamlLimits& limits) {
  return FlowScanner(yaml, file, limits).run();
}

}  // namespace synops
