// A whole file as a string, for the tests that read what synops or a fixture wrote (an empty
// string when the file cannot be read: the assertion on its content then fails).
#pragma once
#include <filesystem>
#include <string>

namespace synops::testing {

std::string slurp(const std::filesystem::path& path);

}  // namespace synops::testing
