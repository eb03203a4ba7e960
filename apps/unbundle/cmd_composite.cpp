// `unbundle composite TABLE.csv --id COL [--method pca|kaiser] [--weights A=w,B=w] [--indicators A,B]`:
// a composite index of indicator columns (scores/composite.hpp).

#include "commands.hpp"
#include "common.hpp"

#include <unbundle/data/csv.hpp>
#include <unbundle/error.hpp>
#include <unbundle/scores/composite.hpp>

#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace unbundle_cli {

namespace {

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ','))
        if (!item.empty()) out.push_back(item);
    return out;
}

} // namespace

void register_composite(command& program, context& ctx) {
    struct args {
        std::string table, id, method = "pca", weights, indicators;
    };
    auto a = std::make_shared<args>();
    auto sub =
        program.add_subcommand("composite", "Composite index of indicator columns (min-max, PCA or user weights)");
    sub.add_option("TABLE", a->table, "CSV with one row per economy and indicator columns").required();
    sub.add_option("--id", a->id, "Column naming the economy").required();
    sub.add_option("--method", a->method, "Weights: pca (first component, default) or kaiser (eigenvalues above 1)")
        .one_of({"pca", "kaiser"});
    sub.add_option("--weights", a->weights, "User weights A=w,B=w (KOF-style; replaces --method)");
    sub.add_option("--indicators", a->indicators, "Indicator columns A,B,C (default: every numeric column but --id)");
    sub.on_parsed([&ctx, a] {
        ctx.action = [&ctx, a] {
            stopwatch sw;
            unbundle::csv_options opt = ctx.csv();
            opt.text_columns = {a->id};
            const unbundle::data_frame df = unbundle::read_csv(a->table, opt);
            std::vector<std::string> names;
            if (!a->indicators.empty())
                names = split_list(a->indicators);
            else
                for (const auto& c : df.columns())
                    if (c.name() != a->id && c.is_numeric()) names.push_back(c.name());
            if (names.empty())
                throw unbundle::usage_error(a->table + ": no numeric indicator columns besides '" + a->id + "'");
            const unbundle::column& idc = df[a->id];
            const unbundle::index_t n = df.rows();
            std::vector<std::string> economies;
            for (unbundle::index_t i = 0; i < n; ++i) {
                if (idc.missing(i))
                    throw unbundle::domain_error(a->table + ":" + std::to_string(i + 2) + ": missing economy in '" +
                                                 a->id + "'");
                economies.push_back(idc.text(i));
            }
            unbundle::matrix_d X(n, static_cast<unbundle::index_t>(names.size()));
            for (std::size_t k = 0; k < names.size(); ++k) {
                const unbundle::column& c = df[names[k]];
                const std::vector<double>& v = c.values();
                for (unbundle::index_t i = 0; i < n; ++i) {
                    if (c.missing(i))
                        throw unbundle::domain_error(a->table + ":" + std::to_string(i + 2) + ": missing value of '" +
                                                     names[k] + "' for '" + economies[static_cast<std::size_t>(i)] +
                                                     "'");
                    X(i, static_cast<unbundle::index_t>(k)) = v[static_cast<std::size_t>(i)];
                }
            }
            unbundle::composite_options co;
            co.method = a->method == "kaiser" ? unbundle::composite_method::kaiser : unbundle::composite_method::pca;
            std::string method = a->method;
            if (!a->weights.empty()) {
                co.method = unbundle::composite_method::user;
                method = "user";
                for (const auto& item : split_list(a->weights)) {
                    const auto eq = item.find('=');
                    if (eq == std::string::npos || eq == 0)
                        throw unbundle::usage_error("--weights: expected NAME=WEIGHT, got '" + item + "'");
                    double w = 0;
                    try {
                        std::size_t used = 0;
                        w = std::stod(item.substr(eq + 1), &used);
                        if (used != item.size() - eq - 1) throw std::invalid_argument("trailing");
                    } catch (const std::exception&) {
                        throw unbundle::usage_error("--weights: '" + item.substr(eq + 1) + "' is not a number (in '" +
                                                    item + "')");
                    }
                    co.weights.emplace_back(item.substr(0, eq), w);
                }
            }
            const double read_s = sw.lap();
            const auto r = unbundle::composite_index(X, names, economies, co);
            const double compute_s = sw.lap();
            json weights = json::object();
            for (std::size_t k = 0; k < names.size(); ++k)
                weights[names[k]] = r.weights(static_cast<unbundle::index_t>(k));
            json econ = json::array();
            for (unbundle::index_t i = 0; i < n; ++i)
                econ.push_back({{"economy", economies[static_cast<std::size_t>(i)]},
                                {"index", r.index(i)},
                                {"index_100", r.index_100(i)}});
            const json j{
                {"indicators", names},
                {"method", method},
                {"eigenvalues", std::vector<double>(r.eigenvalues.data(), r.eigenvalues.data() + r.eigenvalues.size())},
                {"explained_variance_share",
                 std::vector<double>(r.explained_variance_share.data(),
                                     r.explained_variance_share.data() + r.explained_variance_share.size())},
                {"components_kept", r.components_kept},
                {"weights", weights},
                {"economies", econ},
                {"timing", timing(read_s, compute_s)}};
            return finish(ctx, j, [&](const json&) {
                std::cout << "composite index (" << method << " weights):";
                for (std::size_t k = 0; k < names.size(); ++k)
                    std::cout << " " << names[k] << " " << std::fixed << std::setprecision(3)
                              << r.weights(static_cast<unbundle::index_t>(k));
                std::cout << "\n"
                          << std::left << std::setw(12) << "economy" << std::right << std::setw(10) << "index"
                          << std::setw(11) << "index_100"
                          << "\n";
                for (unbundle::index_t i = 0; i < n; ++i)
                    std::cout << std::left << std::setw(12) << economies[static_cast<std::size_t>(i)] << std::right
                              << std::setprecision(4) << std::setw(10) << r.index(i) << std::setprecision(1)
                              << std::setw(11) << r.index_100(i) << "\n";
            });
        };
    });
}

} // namespace unbundle_cli
