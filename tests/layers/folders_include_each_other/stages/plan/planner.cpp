#include "stages/drift/drift_finder.h"
