#include "api_outage.h"

#include <cstdlib>

#include <fmt/format.h>

#include "domain/apply_kit/interrupt.h"
#include "domain/apply_kit/step_wait.h"

namespace synops::apply {

namespace {

constexpr std::chrono::seconds kDefaultBound{300};
constexpr std::chrono::milliseconds kProbeInterval{1000};  // a probe that is refused costs nothing

std::string said(std::chrono::seconds bound) {
  return bound.count() % 60 == 0 ? fmt::format("{} min", bound.count() / 60) : fmt::format("{} s", bound.count());
}

}  // namespace

std::chrono::seconds api_wait_bound() {
  const char* text = std::getenv("SYNOPS_API_WAIT_SECONDS");
  if (text == nullptr || *text == '\0') return kDefaultBound;
  char* end = nullptr;
  const long seconds = std::strtol(text, &end, 10);
  return *end == '\0' && seconds >= 0 ? std::chrono::seconds(seconds) : kDefaultBound;
}

Result<bool> ApiOutageWait::call(const std::function<Result<bool>()>& call) {
  for (;;) {
    auto result = call();
    if (result || gave_up_ || context_.client.http().answers()) return result;  // an answer is a real failure
    if (!wait_for_api()) {
      const std::string why = interrupted() ? "interrupted while waiting for the API server at " + context_.client.http().server()
                                            : fmt::format("the API server at {} did not answer within {}", context_.client.http().server(), said(bound_));
      return fail(result.error().front().message + " (" + why + ")");
    }
  }
}

// True once the API server answers again; false after the bound or on Ctrl-C. Each wait of a
// rollback has the whole bound: an API server that came back and went again is waited for anew.
bool ApiOutageWait::wait_for_api() {
  context_.progress(fmt::format("the API server at {} does not answer; waiting up to {} before giving up (Ctrl-C stops)",
                                context_.client.http().server(), said(bound_)));
  const auto deadline = std::chrono::steady_clock::now() + bound_;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (!sleep_unless_interrupted(std::min(left, kProbeInterval))) break;
    if (context_.client.http().answers()) {
      context_.progress(fmt::format("the API server at {} answers again", context_.client.http().server()));
      return true;
    }
  }
  gave_up_ = true;
  return false;
}

}  // namespace synops::apply
