// Two translation units built with different configuration macros (config_a: -fopenmp and
// UNBUNDLE_HAS_ZLIB; config_b: neither) linked into one program. Each must keep its own
// definitions: the zlib TU reads a .gz file, the other reports that it cannot, and both compute
// the same Leontief numbers. Without the configuration namespace of config.hpp the linker keeps one
// read_csv and one leontief for both TUs (the one-definition rule broken), and one of the two
// answers is wrong. Built at -O0 so that nothing is inlined away.
#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

namespace odr_a {
std::string leontief_type();
std::string read_gz(const std::string& path);
double leontief_total();
} // namespace odr_a
namespace odr_b {
std::string leontief_type();
std::string read_gz(const std::string& path);
double leontief_total();
} // namespace odr_b

int main() {
    int failures = 0;
    auto expect = [&](bool ok, const std::string& what) {
        std::cout << (ok ? "ok   " : "FAIL ") << what << "\n";
        if (!ok) ++failures;
    };
    const std::filesystem::path path = std::filesystem::temp_directory_path() / "unbundle_odr_test.csv.gz";
    {
        gzFile f = gzopen(path.string().c_str(), "wb");
        if (!f) {
            std::cerr << "cannot write " << path << "\n";
            return 1;
        }
        const char text[] = "a,b\n1,2\n3,4\n";
        gzwrite(f, text, sizeof text - 1);
        gzclose(f);
    }
    const std::string ta = odr_a::leontief_type(), tb = odr_b::leontief_type();
    expect(ta != tb, "leontief<double> differs by configuration: " + ta + " vs " + tb);
    const std::string ra = odr_a::read_gz(path.string()), rb = odr_b::read_gz(path.string());
    expect(ra == "rows 2", "zlib TU reads the .gz file: " + ra);
    expect(rb.find("compiled without") != std::string::npos, "zlib-less TU refuses it: " + rb);
    // 1'L Y / 8 with Y = [I ... I]: the column sums of L, identical under both configurations
    const double la = odr_a::leontief_total(), lb = odr_b::leontief_total();
    expect(std::abs(la - lb) <= 1e-12 * std::abs(la) && la > 3.0,
           "same Leontief numbers: " + std::to_string(la) + " vs " + std::to_string(lb));
    std::filesystem::remove(path);
    return failures == 0 ? 0 : 1;
}
