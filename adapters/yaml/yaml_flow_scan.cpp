#include "yaml_flow_scan.h"

#include <string_view>

#include "yaml_block_scalar_lines.h"
#include "yaml_flow_keys.h"
#include "yaml_lines.h"
#include "yaml_property_lines.h"
#include "yaml_tab_lines.h"

namespace synops {
using yaml_lines::content_of;
using yaml_lines::indentation;
using yaml_lines::is_blank;
using yaml_lines::line_at;
using yaml_lines::without_blanks;

namespace {

bool only_blanks_or_comment(std::string_view rest) {
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '#') return i == 0 || is_blank(rest[i - 1]);
    if (!is_blank(rest[i])) return false;
  }
  return true;
}

// `---` or `...` at the start of a line, alone or followed by a blank.
bool is_document_marker(std::string_view text, std::string_view marker) {
  return text.starts_with(marker) && (text.size() == marker.size() || is_blank(text[marker.size()]));
}

// `- item`, `? key` or `key: value`: a line of a block sequence or mapping, never of a plain
// scalar (which cannot hold ": ").
bool looks_like_block_collection(std::string_view content) {
  if (content == "-" || content == "?" || content.starts_with("- ") || content.starts_with("? ")) return true;
  return content.ends_with(':') || content.find(": ") != std::string_view::npos || content.find(":\t") != std::string_view::npos;
}

// The length of the indicators of a block scalar header: `|`, `>`, `|-`, `>+2` ...
std::size_t block_scalar_indicators(std::string_view rest) {
  std::size_t i = 1;
  while (i < rest.size() && (rest[i] == '-' || rest[i] == '+' || (rest[i] >= '1' && rest[i] <= '9'))) ++i;
  return i;
}

// Indicators followed by nothing but a comment: a block scalar header.
bool is_block_scalar_header(std::string_view rest) {
  return only_blanks_or_comment(rest.substr(block_scalar_indicators(rest)));
}

// The characters that may follow a backslash in a double-quoted scalar (YAML 1.2, 5.7).
std::string escape_name(char c) {
  return c > ' ' && c < 0x7f ? std::string("\\") + c : std::string("this backslash");
}

bool is_escape(char c) { return std::string_view("0abt\tnvfre \"/\\N_LPxuU").find(c) != std::string_view::npos; }

class FlowScanner {
 public:
  FlowScanner(const YamlText& yaml, const std::string& file, const YamlLimits& limits)
      : yaml_(yaml), file_(file), limits_(limits) {}

  FlowScan run() {
    for (std::size_t line = 0; line < yaml_.line_starts.size() && !problem_; ++line) scan_line(line);
    // yaml-cpp 0.7 takes a quoted scalar left open up to the end of the file as its value,
    // lines of keys and all: a missing quote would silently become a very different value.
    if (quote_ != 0) report(quote_start_, "invalid YAML: the quoted scalar that starts here is never closed");
    // yaml-cpp 0.7 reads a directive with no document after it as an empty document.
    if (directive_pending_) report(directive_start_, "invalid YAML: a directive must be followed by a document (---)");
    return FlowScan{problem_, tab_blank_lines_};
  }

 private:
  void scan_line(std::size_t line) {
    const std::string_view text = line_at(yaml_, line);
    const std::size_t indent = indentation(text);
    if (depth_ == 0 && quote_ == 0 && is_tab_blank_line(text)) note_tab_blank_line(line);
    if (root_block_scalar_ && !is_document_marker(text, "---") && !is_document_marker(text, "...")) {
      // yaml-cpp 0.7 reads such a line as the end of the scalar, whose value becomes "".
      if (indent == 0 && !text.empty())
        report(yaml_.line_starts[line], "a block scalar at the root with text at column 0 is not supported; indent its text");
      return;
    }
    root_block_scalar_ = false;
    if (block_scalar_indent_ >= 0) {
      // The lines of a block scalar are text, whatever brackets or quotes they hold.
      const bool inside = indent == text.size() || static_cast<long>(indent) > block_scalar_indent_;
      if (inside) {
        if (auto empty_line = block_scalar_lines_.line(text, yaml_.line_starts[line]))
          report(*empty_line, block_scalar_empty_line_message());
        return;
      }
      block_scalar_indent_ = -1;
    }
    line_start_ = yaml_.line_starts[line];
    check_continuation_indent(text, indent);
    if (depth_ > 0) check_flow_key_lines();
    if (depth_ == 0 && quote_ == 0 && property_lines_.misindented(line, text))
      report(line_start_ + indent, misindented_properties_message());
    if (depth_ == 0 && quote_ == 0 && check_document_line(text)) return;
    if (quote_ != 0) quote_lines_ = true;
    for (std::size_t i = 0; i < text.size() && !problem_; ++i) {
      const char previous = i == 0 ? ' ' : text[i - 1];
      if (quote_ != 0) {
        i = skip_in_quote(text, i);
        continue;
      }
      if (text[i] == '#' && is_blank(previous)) return;  // a comment runs to the line's end
      if (text[i] == '#') check_comment_glued(i);
      if (at_block_scalar(text, i, previous)) {
        check_block_scalar_header(text, i);
        // A root block scalar (`|` at column 0, or after `---`) may hold lines at column 0.
        const std::string_view before = without_blanks(text.substr(0, i));
        root_block_scalar_ = before.empty() || is_document_marker(before, "---");
        block_scalar_indent_ = static_cast<long>(indent);
        block_scalar_lines_.start(text, i);
        return;
      }
      scan_character(text, i, line_start_ + i);
    }
  }

  // A tab-only line outside flow collections and quoted scalars: yaml-cpp 0.7 stops at it, so
  // it is rewritten as blank where that is what YAML reads (yaml_tab_lines.h), else refused.
  void note_tab_blank_line(std::size_t line) {
    const bool in_block_scalar = block_scalar_indent_ >= 0 || root_block_scalar_;
    if (!in_block_scalar && next_content_at_column_0(yaml_, line)) tab_blank_lines_.push_back(line);
    else report(yaml_.line_starts[line], tab_blank_line_message());
  }

  // A line break inside a flow collection: yaml-cpp 0.7 cannot read a flow mapping key that
  // it splits (yaml_flow_keys.h).
  // Reported once the flow collection closes: in text whose bracket never closes, the split
  // key is a symptom, and yaml-cpp's own error about the unclosed collection is the right one.
  void check_flow_key_lines() {
    if (auto key = flow_keys_.key_over_line_break(); key && !split_key_) split_key_ = key;
  }

  // Lines at the top level that yaml-cpp 0.7 reads too kindly: a directive (`%YAML 1.2`)
  // that no `---` follows, or that comes inside a document (no `...` before it). A `%` at
  // column 0 cannot start a node, so inside a document it is a directive, unless the root is
  // a plain scalar, which it continues. Returns whether the line is a directive.
  bool check_document_line(std::string_view text) {
    if (is_document_marker(text, "---")) return open_document(text.substr(3)), false;
    if (is_document_marker(text, "...")) return document_ = Document::none, false;
    if (!text.starts_with('%')) {
      note_content(text);
      return false;
    }
    if (document_ == Document::scalar) return false;
    if (document_ != Document::none) report(line_start_, "invalid YAML: a directive inside a document needs a document end (...) before it");
    directive_pending_ = true;
    directive_start_ = line_start_;
    return true;
  }

  void open_document(std::string_view rest) {
    directive_pending_ = false;
    document_ = Document::empty;
    note_content(rest);
  }

  // What the document holds so far: a line with `key:` or `- ` makes it a block collection.
  void note_content(std::string_view text) {
    const std::string_view content = content_of(text);
    if (content.empty()) return;
    if (looks_like_block_collection(content)) document_ = Document::collection;
    else if (document_ == Document::none || document_ == Document::empty) document_ = Document::scalar;
  }

  // The lines of a flow collection or quoted scalar that is the value of a block mapping or
  // sequence entry are indented more than that line: yaml-cpp 0.7 reads `key: [a,\nb]` and a
  // quoted scalar whose next line starts at column 0 (or with a tab) as if they were.
  void check_continuation_indent(std::string_view text, std::size_t indent) {
    if (depth_ == 0 && quote_ == 0) continuation_indent_ = 0;
    if (continuation_indent_ == 0 || indent >= continuation_indent_ || only_blanks_or_comment(text)) return;
    if (!misindented_line_) misindented_line_ = line_start_ + indent;
  }

  // Reported once the flow node is closed: one never closed is yaml-cpp's to report
  // ("end of sequence flow not found"), which says more.
  void report_misindented_line() {
    if (misindented_line_ && depth_ == 0 && quote_ == 0)
      report(*misindented_line_, "invalid YAML: this line continues a flow collection or quoted scalar, and must be indented more than the line it started on");
    if (depth_ == 0 && quote_ == 0) misindented_line_.reset();
  }

  // What opens a flow collection or quoted scalar at the top level, after blanks: `:` or `-`
  // makes it a block value, whose next lines must be indented more than this one.
  void note_block_value(std::string_view text, std::size_t i) {
    if (depth_ != 0 || quote_ != 0) return;
    std::size_t before = i;
    while (before > 0 && is_blank(text[before - 1])) --before;
    if (before == 0 || before == i) return;
    if (text[before - 1] == ':' || (text[before - 1] == '-' && (before == 1 || is_blank(text[before - 2]))))
      continuation_indent_ = indentation(text) + 1;
  }

  // `#` starts a comment only after a blank; yaml-cpp 0.7 also takes one glued to the end of
  // a quoted scalar, a flow collection or a comma inside one (`"a"#c`, `]#c`, `[a,#c`).
  void check_comment_glued(std::size_t i) {
    const bool after_closing = i > 0 && line_start_ + i - 1 == closed_at_;
    const bool after_comma = i > 0 && depth_ > 0 && yaml_.text[line_start_ + i - 1] == ',';
    if (after_closing || after_comma) report(line_start_ + i, "invalid YAML: a comment needs a blank before '#'");
  }

  void check_block_scalar_header(std::string_view text, std::size_t i) {
    const std::size_t end = i + block_scalar_indicators(text.substr(i));
    if (end < text.size() && text[end] == '#') report(line_start_ + end, "invalid YAML: a comment needs a blank before '#'");
  }

  // Inside quotes only the closing quote matters; "\"" escapes in double quotes, and ''
  // in single quotes. yaml-cpp 0.7 takes an escape YAML does not have (`\'`) as the
  // character after the backslash.
  std::size_t skip_in_quote(std::string_view text, std::size_t i) {
    if (quote_ == '"' && text[i] == '\\') {
      quote_blank_ = false;
      if (i + 1 < text.size() && !is_escape(text[i + 1]))
        report(line_start_ + i, "invalid YAML: " + escape_name(text[i + 1]) + " is not an escape of a double-quoted scalar");
      return i + 1;
    }
    if (quote_ == '\'' && text[i] == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
      quote_blank_ = false;
      return i + 1;
    }
    if (text[i] != quote_) {
      if (!is_blank(text[i])) quote_blank_ = false;
      return i;
    }
    quote_ = 0;
    closed_at_ = line_start_ + i;
    check_blank_quoted();
    report_misindented_line();
    return i;
  }

  // yaml-cpp 0.7 drops the line breaks of a quoted scalar that holds nothing but blanks and
  // line breaks ("\n\n  " reads as ""), so such a scalar is refused rather than misread.
  void check_blank_quoted() {
    if (quote_blank_ && quote_lines_)
      report(quote_start_, "a quoted scalar of only blanks over several lines is not supported; write its line breaks as \\n");
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
      note_block_value(text, i);
      if (depth_ > 0) flow_keys_.content(offset);
      quote_ = c;
      quote_start_ = offset;
      quote_blank_ = true;
      quote_lines_ = false;
    } else if ((c == '[' || c == '{') && (depth_ > 0 || is_blank(previous))) {
      note_block_value(text, i);
      flow_keys_.open(c, offset);
      if (++depth_ > limits_.max_depth) report(offset, too_deep_message(limits_.max_depth));
      count_entry(offset);
    } else if ((c == ']' || c == '}') && depth_ > 0) {
      --depth_;
      flow_keys_.close();
      if (depth_ == 0 && split_key_) report(*split_key_, flow_key_over_lines_message());
      closed_at_ = offset;
      report_misindented_line();
    } else if (c == ',' && depth_ > 0) {
      check_flow_comma(offset);
      flow_keys_.comma();
      count_entry(offset);
    } else if (c == '-' && depth_ > 0) {
      check_flow_dash(text, i, offset);
      flow_keys_.content(offset);
    } else if (c == '?' && depth_ > 0) {
      check_flow_question(text, i, offset);
    } else if (c == ':' && depth_ > 0 && is_flow_colon(text, i)) {
      flow_keys_.colon();
    } else if (depth_ > 0 && !is_blank(c)) {
      flow_keys_.content(offset);
    }
    if (depth_ > 0 && !is_blank(c)) last_flow_token_ = c;
  }

  // A comma ends an entry, so one right after `[`, `{` or another comma has none to end;
  // yaml-cpp 0.7 skips it (`[ , a]`, `[a, , b]`).
  void check_flow_comma(std::size_t offset) {
    if (last_flow_token_ == '[' || last_flow_token_ == '{' || last_flow_token_ == ',')
      report(offset, "invalid YAML: a ',' with no entry before it in a flow collection");
  }

  // A `-` alone where an entry starts is a block sequence indicator, which a flow collection
  // cannot hold; yaml-cpp 0.7 reads it as the string "-" (`[-]`, `[-, -]`).
  void check_flow_dash(std::string_view text, std::size_t i, std::size_t offset) {
    if (last_flow_token_ != '[' && last_flow_token_ != '{' && last_flow_token_ != ',') return;
    const char next = i + 1 < text.size() ? text[i + 1] : ' ';
    if (is_blank(next) || next == ',' || next == ']' || next == '}')
      report(offset, "invalid YAML: a '-' alone is not an entry of a flow collection (quote it)");
  }

  // `? ` where an entry starts is an explicit key; any other `?` in a flow collection belongs to
  // a plain scalar, which yaml-cpp 0.7 cannot read there ("unknown token", or "end of map flow
  // not found" for `another ? string`), though it reads `- a?b` in a block sequence.
  void check_flow_question(std::string_view text, std::size_t i, std::size_t offset) {
    const bool at_entry = last_flow_token_ == '[' || last_flow_token_ == '{' || last_flow_token_ == ',';
    const bool alone = i + 1 == text.size() || is_blank(text[i + 1]);
    if (at_entry && alone) return flow_keys_.explicit_key();
    report(offset, "a '?' in a plain scalar inside a flow collection is not supported: quote the scalar");
  }

  // A `:` ends a key when a blank, a line break or flow punctuation follows it, or right after
  // a quoted key (`{"a":b}`); `a:b` is one plain scalar.
  bool is_flow_colon(std::string_view text, std::size_t i) const {
    if (last_flow_token_ == '"' || last_flow_token_ == '\'') return true;
    if (i + 1 == text.size()) return true;
    const char next = text[i + 1];
    return is_blank(next) || next == ',' || next == '[' || next == ']' || next == '{' || next == '}';
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
  std::size_t line_start_ = 0;
  std::size_t closed_at_ = std::string::npos;  // the last closing quote or bracket
  char last_flow_token_ = 0;                    // the last non-blank character inside a flow collection
  bool quote_blank_ = false, quote_lines_ = false;  // the open quoted scalar: only blanks, over lines
  std::size_t continuation_indent_ = 0;         // the least indentation of the open flow node's lines
  std::optional<std::size_t> misindented_line_;  // the first line of the open flow node indented less
  enum class Document { none, empty, scalar, collection };
  Document document_ = Document::none;  // the document the current line is in, and its root
  bool directive_pending_ = false;      // a directive that no `---` has followed yet
  std::size_t directive_start_ = 0;
  bool root_block_scalar_ = false;
  BlockScalarLines block_scalar_lines_;          // the open block scalar's leading empty lines
  FlowKeyLines flow_keys_;                       // the open flow collections' keys
  std::optional<std::size_t> split_key_;         // a flow mapping key over a line break, not yet reported
  PropertyLines property_lines_;                 // anchors and tags on their own line
  std::vector<std::size_t> tab_blank_lines_;     // tab-only lines to rewrite as blank
  std::optional<Diagnostic> problem_;
};

}  // namespace

FlowScan scan_flow_collections(const YamlText& yaml, const std::string& file, const YamlLimits& limits) {
  return FlowScanner(yaml, file, limits).run();
}

}  // namespace synops
