// Translation unit for CTest lint.clang_tidy: clang-tidy checks every header through the umbrella
// header with the repository's .clang-tidy (HeaderFilterRegex selects include/unbundle/).
#include <unbundle/unbundle.hpp>

int main() { return 0; }
