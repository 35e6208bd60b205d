# Every third-party dependency is found here, once; all come from Debian packages
# (scripts/setup installs them).
find_package(yaml-cpp REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(CURL REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(doctest REQUIRED)
find_package(OpenSSL REQUIRED)  # sha256 for plan fingerprints; TLS for the test API server
find_package(ZLIB REQUIRED)     # Helm stores releases gzip-compressed
find_package(simdjson REQUIRED) # the live snapshot reader (providers/snapshot) parses JSON with it
