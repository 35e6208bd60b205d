// PostgreSQL values as written in postgres.yaml against pg_settings, in the setting's unit.
#include <doctest/doctest.h>

#include "stages/drift/setting_values.h"

namespace synops {
namespace {

PgSetting setting(std::string setting, std::string unit) { return {"x", std::move(setting), std::move(unit), "user", false}; }

TEST_CASE("desired values match the value in effect in the setting's base unit") {
  struct Case {
    const char* desired;
    PgSetting effective;
    bool matches;
  };
  const Case cases[] = {
      {"4GB", setting("524288", "8kB"), true},      // shared_buffers
      {"4096MB", setting("524288", "8kB"), true},
      {"4GB", setting("262144", "8kB"), false},
      {"524288", setting("524288", "8kB"), true},   // no unit: the setting's own
      {"16MB", setting("16384", "kB"), true},       // work_mem
      {"16 MB", setting("16384", "kB"), true},
      {"16mb", setting("16384", "kB"), false},      // PostgreSQL's units are case-sensitive
      {"1TB", setting("1073741824", "kB"), true},
      {"5min", setting("300", "s"), true},          // archive_timeout
      {"300s", setting("300", "s"), true},
      {"300000ms", setting("300", "s"), true},
      {"5s", setting("5000", "ms"), true},
      {"1h", setting("60", "min"), true},
      {"1d", setting("1440", "min"), true},
      {"5s", setting("300", "s"), false},
      {"5GB", setting("300", "s"), false},          // another dimension: compared as text
      {"500", setting("500", ""), true},            // max_connections
      {"500", setting("100", ""), false},
      {"0.9", setting("0.9", ""), true},            // checkpoint_completion_target
      {"0.90", setting("0.9", ""), true},
      {"on", setting("on", ""), true},
      {"true", setting("on", ""), true},
      {"false", setting("off", ""), true},
      {"1", setting("on", ""), true},
      {"off", setting("on", ""), false},
      {"logical", setting("logical", ""), true},
      {"LOGICAL", setting("logical", ""), true},    // enum values are case-insensitive
      {"replica", setting("logical", ""), false},
      {"TLSv1.3", setting("TLSv1.3", ""), true},
      {"", setting("", ""), true},
  };
  for (const auto& c : cases) {
    CAPTURE(c.desired);
    CAPTURE(c.effective.setting);
    CAPTURE(c.effective.unit);
    CHECK(setting_matches(c.desired, c.effective) == c.matches);
  }
}

TEST_CASE("the value in effect is shown in the largest exact unit") {
  CHECK(display_setting(setting("524288", "8kB")) == "4GB");
  CHECK(display_setting(setting("16384", "8kB")) == "128MB");
  CHECK(display_setting(setting("4096", "kB")) == "4MB");
  CHECK(display_setting(setting("4097", "kB")) == "4097kB");
  CHECK(display_setting(setting("300", "s")) == "5min");
  CHECK(display_setting(setting("5000", "ms")) == "5s");
  CHECK(display_setting(setting("0", "ms")) == "0ms");
  CHECK(display_setting(setting("-1", "ms")) == "-1");
  CHECK(display_setting(setting("500", "")) == "500");
  CHECK(display_setting(setting("on", "")) == "on");
}

}  // namespace
}  // namespace synops
