// What synops holds in memory while it runs (bearer tokens, exec-plugin credentials,
// homeserver.yaml with its secrets) must not end up in a core file or be readable by a
// debugger attached as the same user.
#pragma once

namespace synops::cli {

// No core dumps (RLIMIT_CORE 0) and not dumpable (PR_SET_DUMPABLE 0, which also stops
// ptrace by other processes of the same user). Programs synops runs (pg_dump, exec plugins)
// are dumpable again after exec and inherit the core limit, which costs them nothing.
// Failures are ignored: this is defence in depth.
void harden_process();

}  // namespace synops::cli
