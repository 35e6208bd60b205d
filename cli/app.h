// The command line: parses arguments and runs one command.
#pragma once

namespace synops::cli {

int run(int argc, char** argv);

}  // namespace synops::cli
