// The engine must not know the apply stage.
#pragma once
#include "stages/apply/executor.h"
