#include "parameter_context.h"

#include <array>
#include <utility>

namespace synops {

namespace {

using enum ParameterContext;

constexpr std::array<std::pair<ParameterContext, std::string_view>, 7> kNames{{{internal, "internal"},
                                                                               {postmaster, "postmaster"},
                                                                               {sighup, "sighup"},
                                                                               {superuser_backend, "superuser-backend"},
                                                                               {backend, "backend"},
                                                                               {superuser, "superuser"},
                                                                               {user, "user"}}};

}  // namespace

std::optional<ParameterContext> parse_parameter_context(std::string_view text) {
  for (const auto& [context, name] : kNames)
    if (name == text) return context;
  return std::nullopt;
}

std::string_view parameter_context_name(ParameterContext context) {
  for (const auto& [known, name] : kNames)
    if (known == context) return name;
  return "unknown";
}

}  // namespace synops
