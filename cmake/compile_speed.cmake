# How the build stays fast on two cores: precompiled headers and unity builds (docs/building.md).
#
# Nearly every source includes nlohmann/json and fmt through the engine's headers, and the
# standard library's containers, strings and streams: parsing them was about 60% of a file's
# compile time. One precompiled header holds them for the libraries, the benchmarks and the
# CLI; the tests' adds doctest. The other heavy headers (Boost.Graph, yaml-cpp, CLI11,
# simdjson, Boost.Beast) are each included by one to five files: a precompiled header would
# cost them about what it saves, and every other file would load it for nothing.
#
# A unity build compiles a library's files in batches, each batch one translation unit: the
# inline code of json and the standard library that every file instantiates (and optimises,
# and describes in debug information) is then compiled once per batch instead of once per
# file. With both, the synops target compiles in 297 CPU seconds instead of 1,063 (from a clean
# build directory, without ccache; docs/building.md has the figures). The test binaries, their
# support library, the Kubernetes API test server and the deployment generator are unity
# builds too. File-local helpers of one target therefore need distinct names (two
# `namespace { bool is_blank(char) }` in one library no longer compile); what several test
# files share (kMainStatefulSet, slurp, run_shell, ...) is one definition in tests/support.
#
# Neither applies to the fuzzing build (clang, fuzz/CMakeLists.txt), which never includes
# this file. Turn either off with -DSYNOPS_PRECOMPILED_HEADERS=OFF or -DSYNOPS_UNITY_BUILD=OFF
# (include-what-you-use checks, or single-file rebuilds while editing one library file).
option(SYNOPS_PRECOMPILED_HEADERS "Precompile the headers most files include (json, fmt, std, doctest)" ON)
option(SYNOPS_UNITY_BUILD "Compile each library's, test binary's and test server's sources in batches (unity build)" ON)
# Sixteen files a batch: batches of about 20 s of compile time, enough of them (15 for the
# libraries) to keep two cores busy, and a change to one file recompiles one batch.
set(SYNOPS_UNITY_BATCH_SIZE 16 CACHE STRING "Source files per unity batch")

# With precompiled headers ccache must not insist on identical __DATE__/__TIME__ and defines
# (ccache's documentation, "Precompiled headers"): the launcher sets that for every call.
if(CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache" AND SYNOPS_PRECOMPILED_HEADERS)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros
      ${CMAKE_CXX_COMPILER_LAUNCHER})
endif()

set(SYNOPS_COMMON_HEADERS
  <algorithm> <array> <chrono> <cstddef> <cstdint> <filesystem> <fstream> <functional> <map>
  <memory> <optional> <set> <sstream> <string> <string_view> <utility> <vector>
  <nlohmann/json.hpp> <fmt/format.h>)

# The targets that compile the precompiled headers once, for the others to reuse. A consumer
# must compile with the same flags and the same definitions the headers look at (FMT_SHARED,
# from fmt::fmt): every layer library, test and benchmark links fmt through the engine.
if(SYNOPS_PRECOMPILED_HEADERS)
  add_library(synops_pch OBJECT ${PROJECT_SOURCE_DIR}/cmake/precompiled.cpp)
  target_link_libraries(synops_pch PRIVATE nlohmann_json::nlohmann_json fmt::fmt)
  target_precompile_headers(synops_pch PRIVATE ${SYNOPS_COMMON_HEADERS})
endif()

# synops_compile_fast(TARGET [UNITY] [TESTS]): the target reuses the precompiled headers
# (with doctest's for TESTS) and, with UNITY, is a unity build.
function(synops_compile_fast target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "UNITY;TESTS" "" "")
  if(SYNOPS_PRECOMPILED_HEADERS)
    if(arg_TESTS)
      if(NOT TARGET synops_test_pch)
        add_library(synops_test_pch OBJECT ${PROJECT_SOURCE_DIR}/cmake/precompiled.cpp)
        target_link_libraries(synops_test_pch PRIVATE nlohmann_json::nlohmann_json fmt::fmt doctest::doctest)
        target_precompile_headers(synops_test_pch PRIVATE ${SYNOPS_COMMON_HEADERS} <doctest/doctest.h>)
      endif()
      target_precompile_headers(${target} REUSE_FROM synops_test_pch)
    else()
      target_precompile_headers(${target} REUSE_FROM synops_pch)
    endif()
  endif()
  if(arg_UNITY)
    synops_unity_build(${target})
  endif()
endfunction()

# synops_unity_build(TARGET): TARGET compiles its sources in batches (unless SYNOPS_UNITY_BUILD
# is OFF); for the targets with precompiled headers of their own (the API test server).
function(synops_unity_build target)
  if(SYNOPS_UNITY_BUILD)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${SYNOPS_UNITY_BATCH_SIZE})
  endif()
endfunction()
