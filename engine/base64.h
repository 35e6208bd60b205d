// Base64 as Kubernetes and Helm use it (RFC 4648, standard alphabet, padded): kubeconfig's
// *-data fields, Secret values, Helm's release payload. Decoding tolerates line breaks and
// blanks, which kubeconfig files written by hand sometimes carry. OpenSSL does the work.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace synops {

// Nothing when the text is not base64: a length that is not a multiple of 4 (once blanks are
// dropped), a byte outside the alphabet, or '=' anywhere but the last two places.
std::optional<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);

}  // namespace synops
