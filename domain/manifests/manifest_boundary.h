// The manifest directory is a boundary: a path written in a manifest (an include entry,
// live.snapshot) must lead to a file inside it, symlinks resolved. A pull request carries the
// manifests, and CI plans them on a machine with files of its own: a path leading out of the
// directory would let the pull request make synops read a file its author cannot see (a
// symlink to /etc/shadow, a registry's docker.json) and quote it in an error or diff it as
// live state.
//
// Two checks, both by path components, never by string prefix ("/srv/m2" is not inside
// "/srv/m"): the path as written, normalized ("../x.yaml", "/etc/x.json"), then the path the
// kernel would open, every symlink resolved (weakly_canonical) against the real directory
// (canonical), so a symlinked file or directory that points out is refused too.
//
// What the manifests name as credentials of the machine (live.kubernetes.kubeconfig,
// postgres.connection.passfile) is not bounded: see docs/manifests.md, "Paths".
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace synops {

// Why `path` (relative to `dir`, or absolute) leads outside `dir`, or "" when it stays
// inside: "leaves the manifest directory", "is outside the manifest directory", or
// "leads through a symlink to /etc/shadow, outside the manifest directory".
std::string path_leaves_directory(const std::filesystem::path& dir, const std::filesystem::path& path);

// The error for `key` set to `written`: what was found, why it is refused, what would do.
// `include "values" leaves the manifest directory; write a path inside examples/matrix`
std::string outside_directory_message(std::string_view key, std::string_view written, std::string_view why,
                                      const std::filesystem::path& dir);

}  // namespace synops
