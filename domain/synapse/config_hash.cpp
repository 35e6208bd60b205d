#include "config_hash.h"

#include "engine/sha256.h"

namespace synops {

std::string config_hash(std::string_view homeserver_yaml) { return sha256_hex(homeserver_yaml); }

}  // namespace synops
