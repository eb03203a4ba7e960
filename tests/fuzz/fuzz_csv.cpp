// libFuzzer target: the CSV readers must either parse or throw one of unbundle's exceptions —
// never crash, hang, read out of bounds or invoke undefined behaviour.
#include <unbundle/data/csv.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (char sep : {',', ';'}) {
        unbundle::csv_options opt;
        opt.sep = sep;
        try {
            const auto df = unbundle::parse_csv(text, "fuzz.csv", opt);
            for (const auto& c : df.columns()) {
                (void)c.missing_count();
                if (c.size() > 0) (void)c.text(0);
                (void)c.factorize();
            }
        } catch (const unbundle::error&) {
        }
        try {
            const auto m = unbundle::parse_labeled_matrix(text, "fuzz.csv", opt);
            (void)m.values.sum();
        } catch (const unbundle::error&) {
        }
    }
    return 0;
}
