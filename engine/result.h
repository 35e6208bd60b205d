// Errors are values: every stage returns Result<T>, shaped like std::expected.
#pragma once
#include <expected>
#include <string>

#include "diagnostic.h"

namespace synops {

template <class T>
using Result = std::expected<T, Diagnostics>;

inline std::unexpected<Diagnostics> fail(Diagnostics diagnostics) {
  return std::unexpected(std::move(diagnostics));
}

inline std::unexpected<Diagnostics> fail(std::string message, SourcePosition where = {}) {
  return std::unexpected(Diagnostics{Diagnostic{std::move(where), std::move(message)}});
}

}  // namespace synops
