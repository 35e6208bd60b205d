#include "terminal.h"

#include <cstdlib>
#include <unistd.h>

namespace synops::cli {

Style style_for_stdout(bool no_color) {
  const bool wanted = !no_color && std::getenv("NO_COLOR") == nullptr;
  return Style{wanted && isatty(STDOUT_FILENO) == 1};
}

}  // namespace synops::cli
