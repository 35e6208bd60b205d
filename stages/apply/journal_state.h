// How far a run got, read back from its journal records: which steps began, finished and
// were undone, and how the run ended (if it did).
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace synops::apply {

struct JournalState {
  nlohmann::json header;
  std::vector<std::string> begun;                  // step ids in the order they began
  std::map<std::string, nlohmann::json> begin_of;  // step id -> its step-begin record (before-image)
  std::set<std::string> done;
  std::map<std::string, nlohmann::json> result_of;  // step id -> its step-done result (a backup's file)
  std::set<std::string> undone;
  bool rollback_started = false;                   // resume must not run forward over a half-undone run,
                                                   // except one stopped at its point of no return
  std::string outcome;                             // of the last "end" record; empty while unfinished

  bool finished() const { return outcome == "applied" || outcome == "rolled-back"; }
  // The last rollback stopped at a point of no return (point_of_no_return.h): resume may go on.
  bool stopped_at_barrier() const { return outcome == "stopped-at-barrier"; }
  // Whether a step that writes to the cluster (update, restart) began; backups and waits do not.
  bool changed_cluster() const;
};

JournalState journal_state(const std::vector<nlohmann::json>& records);

}  // namespace synops::apply
