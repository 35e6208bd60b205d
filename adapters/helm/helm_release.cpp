#include "helm_release.h"

#include <zlib.h>

#include "engine/base64.h"

namespace synops {

namespace {

constexpr size_t kMaxReleaseBytes = 64u << 20;  // a release JSON past 64 MiB is not a real release

std::optional<std::string> gunzip(const std::string& data) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[65536];
  int status = Z_OK;
  while (status == Z_OK && out.size() <= kMaxReleaseBytes) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  if (status != Z_STREAM_END) return std::nullopt;
  return out;
}

void merge_into(nlohmann::json& base, const nlohmann::json& overrides) {
  if (!base.is_object() || !overrides.is_object()) {
    base = overrides;
    return;
  }
  for (const auto& [key, value] : overrides.items()) merge_into(base[key], value);
}

}  // namespace

nlohmann::json HelmRelease::effective_values() const {
  nlohmann::json values = release.value("/chart/values"_json_pointer, nlohmann::json::object());
  merge_into(values, release.value("config", nlohmann::json::object()));
  return values;
}

Result<nlohmann::json> decode_helm_release(const std::string& wire_value, const std::string& source) {
  auto helm_layer = base64_decode(wire_value);
  auto payload = helm_layer ? base64_decode(*helm_layer) : std::nullopt;
  if (!payload) return fail(source + ": data.release is not base64 of a Helm release");
  // Helm compresses releases; very old ones are plain JSON.
  const bool gzipped = payload->size() >= 3 && (*payload)[0] == '\x1f' && (*payload)[1] == '\x8b' && (*payload)[2] == '\x08';
  auto json_text = gzipped ? gunzip(*payload) : payload;
  if (!json_text) return fail(source + ": data.release does not decompress (truncated or not gzip)");
  try {
    return nlohmann::json::parse(*json_text);
  } catch (const nlohmann::json::parse_error&) {
    return fail(source + ": data.release does not hold a JSON Helm release");
  }
}

Result<HelmRelease> read_helm_release(const LiveState& live, const std::string& ns, const std::string& name) {
  HelmRelease best;
  for (const LiveObject* secret : live.of_kind("Secret")) {
    const auto& labels = secret->body.value("/metadata/labels"_json_pointer, nlohmann::json::object());
    if (secret->ref.ns != ns || labels.value("owner", "") != "helm" || labels.value("name", "") != name ||
        labels.value("status", "") != "deployed")
      continue;
    int revision = 0;
    try {
      revision = std::stoi(labels.value("version", "0"));
    } catch (const std::exception&) {
    }
    if (revision > best.revision) best = HelmRelease{secret, revision, {}};
  }
  if (!best.secret)
    return fail("Helm release " + ns + "/" + name + " has no deployed revision in the live state (no Secret with labels "
                "owner=helm, name=" + name + ", status=deployed)");
  auto release = decode_helm_release(best.secret->body.value("/data/release"_json_pointer, std::string()), best.secret->ref.str());
  if (!release) return std::unexpected(release.error());
  best.release = std::move(*release);
  return best;
}

}  // namespace synops
