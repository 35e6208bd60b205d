// PostgreSQL setting values as people write them ("4GB", "30s", "off") and as pg_settings
// reports them (a number in the setting's unit: shared_buffers "524288" in "8kB"). Drift
// compares the two in the setting's base unit, the way the server reads a configuration.
#pragma once
#include <string>

#include "pg_settings.h"

namespace synops {

// Whether `desired` (a value of postgres.parameters) is the value in effect. Memory and
// time are compared in bytes and milliseconds (a value without a unit is in the setting's
// unit), booleans by meaning (on = true = yes = 1), numbers as numbers, the rest as text
// without regard to case (enum values are case-insensitive).
bool setting_matches(const std::string& desired, const PgSetting& effective);

// The value in effect in the largest unit that keeps it exact ("4GB", "16MB", "30s"), or
// as pg_settings reports it when it has no unit.
std::string display_setting(const PgSetting& effective);

}  // namespace synops
