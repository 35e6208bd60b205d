# The heavy headers nearly every source file includes, compiled once per target instead of
# once per file (GCC precompiled headers): nlohmann/json and fmt above all, doctest in tests.
set(SYNOPS_PRECOMPILED_HEADERS
  <nlohmann/json.hpp> <fmt/format.h>
  <filesystem> <functional> <map> <memory> <optional> <set> <string> <string_view> <vector>)

function(synops_precompile_headers target)
  target_precompile_headers(${target} PRIVATE ${SYNOPS_PRECOMPILED_HEADERS} ${ARGN})
endfunction()
