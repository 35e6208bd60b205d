// One function per command; each reads as its numbered stages.
#pragma once
#include <string>

#include "options.h"

namespace synops::cli {

int command_validate(const std::string& dir, const CommonOptions& common);
int command_plan(const PlanCommandOptions& options, const CommonOptions& common);
int command_show(const std::string& plan_file, Format format, const CommonOptions& common);
int command_drift(const DriftCommandOptions& options, const CommonOptions& common);
int command_import(const ImportCommandOptions& options, const CommonOptions& common);
int command_snapshot(const SnapshotCommandOptions& options, const CommonOptions& common);

}  // namespace synops::cli
