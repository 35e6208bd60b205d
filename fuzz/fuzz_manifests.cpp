// The whole manifest loader (load_manifests) on a directory made from one input: synops.yaml
// plus up to seven more files, so that includes, include loops, merges across files and
// every section reader are reached. The input is cut at lines of the form
//
//   #%% NAME
//
// The text before the first such line is synops.yaml; each line starts the file NAME
// (letters, digits, '.', '_', '-', at most one '/'; anything else skips the file). The
// marker is a YAML comment, so a seed stays valid YAML for the other harnesses too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_files.h"
#include "domain/manifests/manifest_loader.h"

namespace {

constexpr std::string_view kMarker = "#%% ";
constexpr int kMaxFiles = 8;

// NAME as a path inside the scratch directory, or "" when it could leave it or is odd.
std::string safe_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/') return "";
  int slashes = 0;
  for (const char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                       c == '_' || c == '-';
    if (c == '/') ++slashes;
    else if (!plain) return "";
  }
  if (slashes > 1 || name.find("..") != std::string_view::npos) return "";
  return std::string(name);
}

// Writes each part of `text` as its file; the first part is synops.yaml.
void write_directory(std::string_view text) {
  std::string name = "synops.yaml";
  int files = 0;
  while (files < kMaxFiles) {
    size_t marker = text.starts_with(kMarker) ? 0 : text.find("\n" + std::string(kMarker));
    const std::string_view body = text.substr(0, marker);
    if (!name.empty()) synops::fuzz::write_scratch_file(name, body), ++files;
    if (marker == std::string_view::npos) return;
    marker += text[marker] == '\n' ? 1 : 0;
    text.remove_prefix(marker + kMarker.size());
    const size_t end_of_line = text.find('\n');
    name = safe_name(text.substr(0, end_of_line));
    text.remove_prefix(end_of_line == std::string_view::npos ? text.size() : end_of_line + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& dir = synops::fuzz::fresh_scratch_dir();
  write_directory(synops::fuzz::as_text(data, size));
  (void)synops::load_manifests(dir);
  return 0;
}
