// A downstream program: builds the demo world and checks an accounting identity.
#ifdef UNBUNDLE_CONSUMER_ONE_MODULE
#include <unbundle/data/demo_world.hpp>
#include <unbundle/version.hpp>
#else
#include <unbundle/unbundle.hpp>
#endif

#include <cmath>
#include <iostream>

int main() {
    const auto w = unbundle::make_demo_world();
    const auto r = w.report();
    std::cout << "unbundle " << UNBUNDLE_VERSION_STRING << ": demo world n = " << w.n() << "\n";
    return (w.n() == 30 && std::abs(r.total_value_added - r.total_final_demand) < 1e-6 * r.total_output) ? 0 : 1;
}
