// bench_exec: runs a command and prints one JSON line of what it cost, measured from the
// outside: wall time by the monotonic clock, CPU (user + system) and peak RSS of the child
// from wait4's rusage. With --repeat R it runs R times and reports the run with the median
// wall time (each run's numbers stay together).
//
//   bench_exec --bench plan --size 10000 [--repeat 3] [--bytes-read N] [--api-requests N]
//              [--stdout FILE] [--expect-exit CODES] -- synops plan DIR
//
// The command's stdout goes to --stdout (default /dev/null), its stderr to ours. A run that
// exits with a code not in --expect-exit (default 0; e.g. "0,2") fails the measurement.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Run {
  double wall_s = 0, cpu_s = 0, peak_rss_mb = 0;
  int exit_code = -1;
};

Run run_once(const std::vector<char*>& argv, const std::string& stdout_path) {
  Run run;
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) {
    std::perror("bench_exec: fork");
    std::exit(1);
  }
  if (pid == 0) {
    const int out = open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out >= 0) dup2(out, STDOUT_FILENO), close(out);
    execvp(argv[0], argv.data());
    std::perror("bench_exec: exec");
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  if (wait4(pid, &status, 0, &usage) < 0) {
    std::perror("bench_exec: wait4");
    std::exit(1);
  }
  run.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
              static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  run.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

std::set<int> parse_codes(const std::string& text) {
  std::set<int> codes;
  std::stringstream in(text);
  for (std::string code; std::getline(in, code, ',');) codes.insert(std::atoi(code.c_str()));
  return codes;
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

int usage() {
  std::fprintf(stderr,
               "usage: bench_exec --bench NAME --size N [--repeat R] [--bytes-read N] [--api-requests N] "
               "[--stdout FILE] [--expect-exit CODES] -- COMMAND...\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string bench, stdout_path = "/dev/null", expect = "0";
  long long size = 0, bytes_read = -1, api_requests = 0;
  int repeat = 1;
  int i = 1;
  for (; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return usage();
    const char* value = argv[++i];
    if (arg == "--bench") bench = value;
    else if (arg == "--size") size = std::atoll(value);
    else if (arg == "--repeat") repeat = std::max(1, std::atoi(value));
    else if (arg == "--bytes-read") bytes_read = std::atoll(value);
    else if (arg == "--api-requests") api_requests = std::atoll(value);
    else if (arg == "--stdout") stdout_path = value;
    else if (arg == "--expect-exit") expect = value;
    else return usage();
  }
  if (bench.empty() || i + 1 >= argc) return usage();
  std::vector<char*> command(argv + i + 1, argv + argc);
  command.push_back(nullptr);

  const std::set<int> expected = parse_codes(expect);
  std::vector<Run> runs;
  for (int r = 0; r < repeat; ++r) {
    runs.push_back(run_once(command, stdout_path));
    if (!expected.contains(runs.back().exit_code)) {
      std::fprintf(stderr, "bench_exec: %s exited %d (expected %s)\n", command[0], runs.back().exit_code, expect.c_str());
      return 1;
    }
  }
  std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return a.wall_s < b.wall_s; });
  const Run& median = runs[runs.size() / 2];
  std::printf("{\"bench\": %s, \"size\": %lld, \"wall_s\": %.4f, \"cpu_s\": %.4f, \"peak_rss_mb\": %.1f, "
              "\"api_requests\": %lld, \"bytes_read\": %lld, \"runs\": %d, \"exit\": %d}\n",
              json_string(bench).c_str(), size, median.wall_s, median.cpu_s, median.peak_rss_mb, api_requests,
              bytes_read, repeat, median.exit_code);
  return 0;
}
