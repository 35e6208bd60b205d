#pragma once

#include "stages/plan/planner.h"
