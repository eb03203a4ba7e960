// The only translation unit that defines doctest's main.
//
// Tests that read the shared data carry a skip decorator (see tests/support/approx.hpp). doctest
// leaves skipped tests out of --list-test-cases, which is how doctest_discover_tests registers
// tests with CTest; listing with --no-skip registers them all, and CTest then reports a skipped
// one as skipped (SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt) instead of not knowing it.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstring>

int main(int argc, char** argv) {
    doctest::Context context;
    context.applyCommandLine(argc, argv);
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--list-test-cases") == 0 || std::strcmp(argv[i], "-ltc") == 0)
            context.setOption("no-skip", true);
    return context.run();
}
