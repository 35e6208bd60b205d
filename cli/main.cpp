#include "app.h"

int main(int argc, char** argv) { return synops::cli::run(argc, argv); }
