// Value chains of decompr's leather table (3 regions x 3 sectors): accounts from one Leontief
// factorisation, value added in trade, and the KWW and Borin–Mancini decompositions of gross
// exports. Finds the data via $UNBUNDLE_DATA or ../shared/data; exits 0 with a message without it.

#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/mrio/accounts.hpp>
#include <unbundle/mrio/decompose.hpp>
#include <unbundle/mrio/value_added.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

int main() {
    std::string data =
        std::getenv("UNBUNDLE_DATA") ? std::getenv("UNBUNDLE_DATA") : UNBUNDLE_SOURCE_DIR "/../shared/data";
    const std::string dir = data + "/leather";
    if (!std::filesystem::is_directory(dir)) {
        std::printf("leather table not found at %s (set UNBUNDLE_DATA): nothing to show\n", dir.c_str());
        return 0;
    }
    const unbundle::mrio<double> t = unbundle::read_mrio(dir);

    // Accounts: one LU of I − A answers every solve (x = L y, v'L, G·1).
    const auto acc = unbundle::accounts(t);
    std::printf("upstreamness of %s: %.4f\n", t.labels()[0].c_str(), acc.upstreamness(0));

    // Value added in trade and GVC participation (balanced convention x = Z1 + Y1).
    unbundle::value_chain<double> vc(t);
    const auto va = unbundle::value_added_in_trade(vc);
    for (unbundle::index_t s = 0; s < t.num_regions(); ++s)
        std::printf("%-10s VAX ratio %.4f  GVC backward %.4f forward %.4f\n", t.regions()[s].c_str(), va.vax_ratio(s),
                    va.gvc_backward(s), va.gvc_forward(s));

    // Koopman–Wang–Wei: 9 terms per exporting country (decompr's names).
    const auto k = unbundle::kww(vc);
    std::printf("\nKWW of %s's gross exports (%.4f):\n", t.regions()[0].c_str(), k.gross_exports(0, 0));
    for (std::size_t j = 0; j < k.term_names.size(); ++j)
        std::printf("  %-11s %9.4f\n", k.term_names[j].c_str(), k.terms[j](0, 0));

    // Borin–Mancini source-based, by exporting country (the sector x partner detail folded).
    const auto bm = unbundle::borin_mancini(vc, unbundle::bm_basis::source).aggregate(false, false);
    std::printf("\nBorin-Mancini (source) of %s:\n", t.regions()[0].c_str());
    for (std::size_t j = 0; j < bm.term_names.size(); ++j)
        std::printf("  %-6s %9.4f\n", bm.term_names[j].c_str(), bm.terms[j](0, 0));
    std::printf("terms add up to gross exports within %.1e\n", bm.max_adding_up_error());
    return bm.max_adding_up_error() < 1e-9 ? 0 : 1;
}
