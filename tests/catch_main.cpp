// The one translation unit that holds Catch2's main(); compiled once, linked into each suite.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "common/lsan_suppressions.h"

FEEDBACK_LSAN_SUPPRESSIONS()
