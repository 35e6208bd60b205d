# The layers of synops, bottom first, and the check that includes only run downward.
#
#   cmake -DSOURCE_DIR=<tree> -P cmake/layers.cmake
#
# fails (exit 1, one line per offence as FILE:LINE: error: ...) when a source file includes a
# header from a higher layer, when two folders include each other, or when a folder is not in
# the table below. The build runs it before compiling anything (CMakeLists.txt), and ctest runs
# it on the tree and on planted offences (tests/layers/).
#
# A folder's rank is its layer; a folder may include its own headers and those of any folder
# of the same or a lower rank, as long as no two folders include each other.
cmake_minimum_required(VERSION 3.25)
set(SYNOPS_LAYERS
  "engine=0"                  # generic values, diff, plan graph, plan file, redaction
  "adapters/yaml=1"           # YAML text with positions, and edits that keep its bytes
  "adapters/kubernetes=1"     # the API client, kubeconfig, readiness of Kubernetes kinds
  "adapters/helm=1"           # Helm's release format
  "adapters/snapshot=1"       # live-state snapshots: read, written, redacted
  "adapters/postgres=1"       # a PostgreSQL server's pg_settings, over libpq
  "domain/manifests=2"        # the manifests' sections, as the planners read them
  "domain/planning_kit=3"     # live lookup, update-and-wait, HPA: shared by every planner
  "domain/apply_kit=3"        # the actuator seam, guarded writes, waits, backup files: shared by every actuator
  "domain/synapse=4"
  "domain/postgres=4"
  "domain/minio=4"
  "domain/redis=4"
  "domain/element=4"
  "domain/certmanager=4"
  "domain/monitoring=4"        # the monitoring stack (§2.6): Helm releases by chart version, images
  "stages/plan=5"             # every planner in order, then the safeguards across them
  "stages/apply=5"
  "stages/drift=5"
  "stages/import=5"
  "cli=6")

if(NOT SOURCE_DIR)
  message(FATAL_ERROR "layers.cmake: pass -DSOURCE_DIR=<the tree to check>")
endif()

set(known_folders "")
foreach(entry IN LISTS SYNOPS_LAYERS)
  string(REPLACE "=" ";" pair "${entry}")
  list(GET pair 0 folder)
  list(GET pair 1 rank)
  set(rank_of_${folder} ${rank})
  list(APPEND known_folders ${folder})
endforeach()

get_filename_component(SOURCE_DIR "${SOURCE_DIR}" ABSOLUTE)
set(offences "")
set(edges "")
file(GLOB_RECURSE sources RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/engine/*.h ${SOURCE_DIR}/engine/*.cpp
     ${SOURCE_DIR}/adapters/*.h ${SOURCE_DIR}/adapters/*.cpp ${SOURCE_DIR}/domain/*.h ${SOURCE_DIR}/domain/*.cpp
     ${SOURCE_DIR}/stages/*.h ${SOURCE_DIR}/stages/*.cpp ${SOURCE_DIR}/cli/*.h ${SOURCE_DIR}/cli/*.cpp)
list(SORT sources)
foreach(source IN LISTS sources)
  get_filename_component(folder ${source} DIRECTORY)
  if(NOT DEFINED rank_of_${folder})
    list(APPEND offences "${source}:1: error: the folder ${folder} has no layer: add it to SYNOPS_LAYERS in cmake/layers.cmake")
    continue()
  endif()
  file(STRINGS ${SOURCE_DIR}/${source} lines)
  set(line_number 0)
  foreach(line IN LISTS lines)
    math(EXPR line_number "${line_number} + 1")
    if(NOT line MATCHES "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\"")
      continue()
    endif()
    set(included ${CMAKE_MATCH_1})
    get_filename_component(included_folder ${included} DIRECTORY)
    if(included_folder STREQUAL "" OR included_folder STREQUAL folder)
      continue()
    endif()
    if(NOT DEFINED rank_of_${included_folder})
      list(APPEND offences "${source}:${line_number}: error: includes ${included}, which is in no layer of cmake/layers.cmake")
      continue()
    endif()
    if(rank_of_${included_folder} GREATER rank_of_${folder})
      list(APPEND offences "${source}:${line_number}: error: ${folder} [layer ${rank_of_${folder}}] includes ${included} from a higher layer [${included_folder}, layer ${rank_of_${included_folder}}]")
    endif()
    if(NOT DEFINED first_use_${folder}__${included_folder})
      set(first_use_${folder}__${included_folder} "${source}:${line_number}")
    endif()
    list(APPEND edges "${folder}>${included_folder}")
  endforeach()
endforeach()

list(REMOVE_DUPLICATES edges)
foreach(edge IN LISTS edges)
  string(REPLACE ">" ";" pair "${edge}")
  list(GET pair 0 from)
  list(GET pair 1 to)
  if("${to}>${from}" IN_LIST edges AND from STRLESS to)
    list(APPEND offences "${first_use_${from}__${to}}: error: ${from} and ${to} include each other [also ${first_use_${to}__${from}}]: move what both need below them")
  endif()
endforeach()

if(offences)
  list(JOIN offences "\n" report)
  message("${report}")
  message(FATAL_ERROR "layers: includes must only run down the layers of cmake/layers.cmake")
endif()
