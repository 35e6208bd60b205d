#include "state_directory.h"

#include <cstdlib>

namespace synops::cli {

Result<std::filesystem::path> state_directory() {
  // The specification ignores a relative XDG_STATE_HOME: it would move with the working directory.
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg && std::filesystem::path(xdg).is_absolute())
    return std::filesystem::path(xdg) / "synops";
  if (const char* home = std::getenv("HOME"); home && *home && std::filesystem::path(home).is_absolute())
    return std::filesystem::path(home) / ".local" / "state" / "synops";
  return fail("no state directory for the journal: set XDG_STATE_HOME or HOME to an absolute path, or pass --journal DIR");
}

std::filesystem::path default_journal_dir(const std::filesystem::path& state, const kube::ClusterIdentity& cluster,
                                          const std::string& ns) {
  return state / "journal" / cluster.folder_name() / ns;
}

std::filesystem::path journal_key_file(const std::filesystem::path& state) { return state / "journal.key"; }

}  // namespace synops::cli
