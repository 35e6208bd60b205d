// One function per command; each reads as its numbered stages.
#pragma once
#include <filesystem>
#include <string>

#include "engine/result.h"
#include "options.h"

namespace synops {
class Redactor;
struct Desired;
}  // namespace synops

namespace synops::apply {
struct SessionSetup;
struct SessionResult;
}  // namespace synops::apply

namespace synops::cli {

int command_validate(const std::string& dir, const CommonOptions& common);
int command_plan(const PlanCommandOptions& options, const CommonOptions& common);
int command_show(const ShowCommandOptions& options, const CommonOptions& common);
int command_drift(const DriftCommandOptions& options, const CommonOptions& common);
int command_import(const ImportCommandOptions& options, const CommonOptions& common);
int command_snapshot(const SnapshotCommandOptions& options, const CommonOptions& common);

int command_apply(const ApplyCommandOptions& options, const CommonOptions& common);
int command_resume(const ApplyCommandOptions& options, const CommonOptions& common);
int command_rollback(const ApplyCommandOptions& options, const CommonOptions& common);
int command_force_unlock(const std::string& lock_id, bool force, const CommonOptions& common);
// Shared by apply, resume and rollback (command_apply.cpp): the run's settings from the
// options, and the exit code of how the run ended, with what to do next on stderr.
apply::SessionSetup session_setup(const ApplyCommandOptions& options, const std::string& ns);
// How Helm release steps run helm: --helm, the cluster as the command reaches it, redis.yaml's charts.
void add_helm_options(apply::SessionSetup& setup, const ApplyCommandOptions& options, const CommonOptions& common, const Desired* manifests);
// Prints the outcome, every message redacted by the run's redactor.
int report_session(const Result<apply::SessionResult>& session, const Redactor& redactor);

}  // namespace synops::cli
