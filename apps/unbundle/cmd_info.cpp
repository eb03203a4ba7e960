// `unbundle info PATH`: describes an MRIO table directory or a flows (CSV) file.

#include "commands.hpp"
#include "common.hpp"

#include <unbundle/core/mrio.hpp>
#include <unbundle/core/sector.hpp>
#include <unbundle/data/csv.hpp>
#include <unbundle/data/mrio_reader.hpp>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace unbundle_cli {

struct info_args {
    std::string path; ///< MRIO table directory or CSV file
};

namespace {

json describe_table(const std::string& path, const context& ctx, stopwatch& sw) {
    unbundle::mrio_read_options opt;
    opt.csv = ctx.csv();
    std::vector<std::string> notes;
    const unbundle::mrio<double> t = unbundle::read_mrio(path, opt, &notes);
    const double read_s = sw.lap();
    const unbundle::mrio_report r = t.report();
    json zero = json::array();
    for (auto i : r.zero_output_rows) zero.push_back(t.labels()[static_cast<std::size_t>(i)]);
    json kinds = json::object();
    for (const auto& s : t.sectors().sectors()) kinds[s.code] = unbundle::to_string(s.kind);
    json j{{"path", path},
           {"kind", "mrio"},
           {"n", t.n()},
           {"regions", t.num_regions()},
           {"sectors", t.num_sectors()},
           {"region_codes", t.regions().codes()},
           {"sector_codes", t.sectors().codes()},
           {"sector_kinds", kinds},
           {"final_demand_categories", t.categories()},
           {"output_convention", unbundle::to_string(t.convention())},
           {"total_output", r.total_output},
           {"total_final_demand", r.total_final_demand},
           {"total_value_added", r.total_value_added},
           {"max_abs_row_residual", r.max_abs_row_residual},
           {"max_residual_row",
            r.max_residual_row >= 0 ? json(t.labels()[static_cast<std::size_t>(r.max_residual_row)]) : json(nullptr)},
           {"zero_output_rows", zero},
           {"negative_entries",
            {{"Z", r.negative_Z}, {"Y", r.negative_Y}, {"va", r.negative_va}, {"total", r.negative_entries()}}},
           {"notes", notes}};
    j["timing"] = timing(read_s, sw.lap());
    return j;
}

json describe_flows(const std::string& path, const context& ctx, stopwatch& sw) {
    const unbundle::data_frame df = unbundle::read_csv(path, ctx.csv());
    const double read_s = sw.lap();
    json cols = json::array();
    for (const auto& c : df.columns()) {
        json cj{{"name", c.name()}, {"type", c.is_numeric() ? "numeric" : "text"}, {"missing", c.missing_count()}};
        if (c.is_numeric()) {
            double lo = 0, hi = 0, sum = 0;
            bool first = true;
            const auto& v = c.values();
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (c.missing(static_cast<unbundle::index_t>(i))) continue;
                if (first || v[i] < lo) lo = v[i];
                if (first || v[i] > hi) hi = v[i];
                sum += v[i];
                first = false;
            }
            cj["min"] = first ? json(nullptr) : json(lo);
            cj["max"] = first ? json(nullptr) : json(hi);
            cj["sum"] = sum;
        } else {
            cj["levels"] = c.levels().size();
        }
        cols.push_back(cj);
    }
    json j{{"path", path}, {"kind", "flows"}, {"rows", df.rows()}, {"columns", cols}};
    j["timing"] = timing(read_s, sw.lap());
    return j;
}

void print_info(const json& j) {
    std::cout << j["path"].get<std::string>() << "\n";
    if (j["kind"] == "mrio") {
        std::cout << "  MRIO table: " << j["regions"] << " regions x " << j["sectors"] << " sectors = " << j["n"]
                  << " region-sectors";
        if (!j["final_demand_categories"].empty())
            std::cout << ", " << j["final_demand_categories"].size() << " final-demand categories";
        std::cout << "\n  total output        " << j["total_output"] << " ("
                  << j["output_convention"].get<std::string>() << ")\n  total final demand  " << j["total_final_demand"]
                  << "\n  total value added   " << j["total_value_added"] << "\n  max |row residual|  "
                  << j["max_abs_row_residual"] << "\n  zero-output rows    " << j["zero_output_rows"].size()
                  << "\n  negative entries    " << j["negative_entries"]["total"] << " (Z "
                  << j["negative_entries"]["Z"] << ", Y " << j["negative_entries"]["Y"] << ", va "
                  << j["negative_entries"]["va"] << ")\n";
        for (const auto& n : j["notes"]) std::cout << "  note: " << n.get<std::string>() << "\n";
    } else {
        std::cout << "  flows file: " << j["rows"] << " rows\n";
        for (const auto& c : j["columns"]) {
            std::cout << "  " << c["name"].get<std::string>() << "  " << c["type"].get<std::string>();
            if (c["type"] == "numeric")
                std::cout << "  min " << c["min"] << "  max " << c["max"];
            else
                std::cout << "  " << c["levels"] << " levels";
            if (c["missing"].get<long>() > 0) std::cout << "  missing " << c["missing"];
            std::cout << "\n";
        }
    }
}

} // namespace

int run_info(const info_args& a, const context& ctx) {
    stopwatch sw;
    const json j =
        std::filesystem::is_directory(a.path) ? describe_table(a.path, ctx, sw) : describe_flows(a.path, ctx, sw);
    return finish(ctx, j, print_info);
}

void register_info(command& program, context& ctx) {
    auto sub = program.add_subcommand("info", "Describe an MRIO table directory or a flows CSV file");
    auto a = std::make_shared<info_args>();
    sub.add_option("PATH", a->path, "MRIO table directory or CSV file").required();
    sub.on_parsed([&ctx, a] { ctx.action = [&ctx, a] { return run_info(*a, ctx); }; });
}

} // namespace unbundle_cli
