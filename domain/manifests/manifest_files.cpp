#include "manifest_files.h"

#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "manifest_boundary.h"
#include "tree_reader.h"
#include "adapters/yaml/yaml_tree.h"

namespace fs = std::filesystem;

namespace synops {
namespace {

constexpr const char* kRootFile = "synops.yaml";

// Where a file was included from: the name of each file down to it, and the include entry.
struct Inclusion {
  std::vector<std::string> chain;  // "synops.yaml", "topology.yaml", ...
  SourcePosition at;               // the include entry; unknown for synops.yaml
};

std::string chain_text(const std::vector<std::string>& chain) {
  std::string out;
  for (const auto& name : chain) out += (out.empty() ? "" : " -> ") + name;
  return out;
}

// Why a file cannot be read, or "" when it can.
std::string unreadable_reason(const fs::path& path) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (!fs::exists(status)) return "no such file";
  if (fs::is_directory(status)) return "it is a directory";
  if (!fs::is_regular_file(status)) return "it is not a regular file";
  return "";
}

class FileReader {
 public:
  FileReader(const fs::path& dir, const YamlLimits& limits) : dir_(dir), limits_(limits) {}

  Result<std::vector<ManifestDocument>> run() {
    const Inclusion root{{kRootFile}, {}};
    // A pull request can replace synops.yaml itself with a symlink.
    if (const std::string why = path_leaves_directory(dir_, kRootFile); !why.empty())
      report(root, std::string(kRootFile) + " " + why + "; the root file must be a file inside " + dir_.string());
    else
      read(kRootFile, root);
    if (!problems_.empty()) return fail(std::move(problems_));
    return std::move(files_);
  }

 private:
  void report(const Inclusion& inclusion, std::string message) {
    problems_.push_back(Diagnostic{inclusion.at.known() ? inclusion.at : SourcePosition{kRootFile}, std::move(message)});
  }

  void read(const std::string& name, const Inclusion& inclusion) {
    const fs::path path = dir_ / name;
    if (const std::string reason = unreadable_reason(path); !reason.empty()) {
      if (inclusion.chain.size() == 1) return report(inclusion, "cannot read " + path.string() + ": " + reason);
      return report(inclusion, "cannot include \"" + name + "\": " + reason + " (include chain: " + chain_text(inclusion.chain) + ")");
    }
    auto text = read_text_file(path, name);
    if (!text) return problems_.push_back(*text.error().begin());
    auto tree = parse_yaml_tree(*text, name, limits_);
    if (!tree) return append(tree.error());
    if (!tree->value.is_null() && !tree->value.is_object())
      return problems_.push_back(Diagnostic{tree->position_of(""), "a manifest file must hold a mapping, got " + kind_of(tree->value)});
    const std::vector<std::pair<std::string, SourcePosition>> includes = take_includes(*tree);
    files_.push_back(ManifestDocument{name, std::move(*tree)});
    for (const auto& [included, at] : includes) follow(included, at, inclusion);
  }

  Result<std::string> read_text_file(const fs::path& path, const std::string& name) {
    std::error_code error;
    const std::uintmax_t size = fs::file_size(path, error);
    if (error) return fail("cannot read " + path.string() + ": " + error.message(), {name});
    if (size > limits_.max_bytes) return fail({too_large(name, size, limits_.max_bytes)});
    std::ifstream in(path, std::ios::binary);
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.good() && !in.eof()) return fail("cannot read " + path.string(), {name});
    return text;
  }

  // The `include` list of a file, removed from its tree; a malformed list is reported.
  std::vector<std::pair<std::string, SourcePosition>> take_includes(LocatedTree& tree) {
    std::vector<std::pair<std::string, SourcePosition>> out;
    if (!tree.value.is_object() || !tree.value.contains("include")) return out;
    const Node include = *Node(tree).get("include");
    if (!include.is_sequence()) {
      report_type(include, "a sequence of file names", problems_);
    } else {
      for (const Node& item : include.items())
        if (auto name = read_text(item, problems_)) out.emplace_back(name->value, name->at);
    }
    tree.value.erase("include");
    return out;
  }

  void follow(const std::string& written, const SourcePosition& at, const Inclusion& from) {
    const fs::path relative = fs::path(written).lexically_normal();
    const std::string name = relative.generic_string();
    Inclusion inclusion{from.chain, at};
    inclusion.chain.push_back(name);
    if (relative.is_absolute() || written.empty())
      return report(inclusion, "include \"" + written +
                                   "\" is not a relative path; write a path relative to the manifest directory, inside " + dir_.string());
    // `name` is what read() opens, so it is what must stay inside.
    if (const std::string why = path_leaves_directory(dir_, relative); !why.empty())
      return report(inclusion, outside_directory_message("include", written, why, dir_));
    if (std::ranges::find(from.chain, name) != from.chain.end())
      return report(inclusion, "include loop: " + chain_text(inclusion.chain));
    if (auto earlier = included_at_.find(name); earlier != included_at_.end())
      return report(inclusion, "\"" + name + "\" is already included at " + earlier->second.str() + "; include each file once");
    included_at_.emplace(name, at);
    read(name, inclusion);
  }

  void append(const Diagnostics& more) { problems_.insert(problems_.end(), more.begin(), more.end()); }

  fs::path dir_;
  const YamlLimits& limits_;
  std::vector<ManifestDocument> files_;
  std::map<std::string, SourcePosition> included_at_;
  Diagnostics problems_;
};

}  // namespace

Result<std::vector<ManifestDocument>> read_manifest_files(const fs::path& dir, const YamlLimits& limits) {
  return FileReader(dir, limits).run();
}

}  // namespace synops
