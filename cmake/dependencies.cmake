# Every third-party dependency is found here, once; all come from Debian packages
# (scripts/setup installs them).
find_package(yaml-cpp 0.7 REQUIRED)  # the parser limits and positions of docs/manifests.md were measured on 0.7
find_package(Boost 1.74 REQUIRED)
find_package(CURL 7.85 REQUIRED)     # CURLOPT_PROTOCOLS_STR
find_package(nlohmann_json 3.11 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(CLI11 2.1 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(doctest 2.4 REQUIRED)
find_package(OpenSSL REQUIRED)  # sha256 for plan fingerprints; TLS for the test API server
find_package(ZLIB REQUIRED)     # Helm stores releases gzip-compressed
find_package(simdjson 3 REQUIRED) # the live snapshot reader (adapters/snapshot) parses JSON with it
