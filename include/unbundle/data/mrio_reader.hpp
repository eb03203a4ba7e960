#pragma once
/// @file data/mrio_reader.hpp
/// Reads an MRIO table directory (the layout of docs/cli.md, "Input files") into `mrio<double>`.
///
/// Files in DIR (each may also be `.csv.gz`):
///  - `Z.csv`   n x n intermediate use (header row and label column optional);
///  - `Y.csv`   n x R final demand by destination region (header names the regions), or n x R*K
///              with headers `REGION:category` or `REGION_category`; a national table may give
///              `F_components.csv` (categories as columns) instead;
///  - `labels.csv` (optional) columns `region,sector` (and optionally `label`), n rows in Z's order;
///  - `x.csv`, `va.csv` / `VA.csv` (optional) gross output and value added, n values (a column or a row);
///  - `sectors.csv` (optional, in DIR or its parent) columns `sector` (or `code`), `name`, `kind`.
/// Without labels.csv, regions and sectors are read from Z's row labels `REGION_sector`, with
/// the regions named by Y's header.

#include "../config.hpp"
#include "../core/mrio.hpp"
#include "csv.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // reads files: depends on UNBUNDLE_HAS_ZLIB (config.hpp)

/// Options of read_mrio.
struct mrio_read_options {
    csv_options csv{};
    /// Use the table's published x.csv when present (accounts); false: x = Z·1 + Y·1.
    bool use_published_x = true;
};

UNBUNDLE_CONFIG_END
namespace detail {
UNBUNDLE_CONFIG_BEGIN

/// `DIR/name.csv` or `DIR/name.csv.gz`, whichever exists; empty otherwise.
template <class D = void>
inline std::string find_table_file(const std::filesystem::path& dir, std::initializer_list<const char*> names) {
    for (const char* nm : names) {
        for (const char* ext : {".csv", ".csv.gz"}) {
            const auto p = dir / (std::string(nm) + ext);
            if (std::filesystem::exists(p)) return p.string();
        }
    }
    return {};
}

/// A vector from an n x 1 or 1 x n labeled matrix, its labels checked against `labels`.
template <class Dep = void>
inline vector_d read_table_vector(const std::string& path,
                                  const detail::dependent_t<std::vector<std::string>, Dep>& labels,
                                  const detail::dependent_t<csv_options, Dep>& opt) {
    using real = detail::dependent_t<double, Dep>;
    detail::dependent_t<labeled_matrix, Dep> m = read_labeled_matrix(path, opt);
    const auto n = static_cast<index_t>(labels.size());
    vector_x<real> v;
    const std::vector<std::string>* names = nullptr;
    if (m.values.cols() == 1 && m.values.rows() == n) {
        v = m.values.col(0);
        names = &m.row_labels;
    } else if (m.values.rows() == 1 && m.values.cols() == n) {
        v = m.values.row(0).transpose();
        names = &m.col_labels;
    } else {
        throw dimension_error(path + ": expected " + std::to_string(n) + " values (one per row of Z), found a " +
                              std::to_string(m.values.rows()) + " x " + std::to_string(m.values.cols()) + " table");
    }
    if (names && !names->empty())
        for (std::size_t i = 0; i < labels.size(); ++i)
            if ((*names)[i] != labels[i])
                throw dimension_error(path + ": entry " + std::to_string(i + 1) + " is labeled '" + (*names)[i] +
                                      "' but row " + std::to_string(i + 1) + " of Z is '" + labels[i] + "'");
    return v;
}

/// Splits "REG_sector" / "REG:sector" given the known region codes (longest matching prefix).
template <class Dep = void>
inline bool split_region_label(const std::string& label,
                               const detail::dependent_t<std::vector<std::string>, Dep>& regions, std::string& region,
                               std::string& rest) {
    std::size_t best = 0;
    for (const auto& r : regions)
        if (r.size() > best && label.size() > r.size() + 1 && label.compare(0, r.size(), r) == 0 &&
            (label[r.size()] == '_' || label[r.size()] == ':')) {
            best = r.size();
            region = r;
        }
    if (best == 0) return false;
    rest = label.substr(best + 1);
    return true;
}

template <class D = void> inline void add_note(std::vector<std::string>* notes, std::string s) {
    if (notes) notes->push_back(std::move(s));
}

/// Z.csv: square, not empty, row labels equal to column labels.
template <class Dep = void>
inline labeled_matrix read_mrio_Z(const std::string& zpath, const detail::dependent_t<csv_options, Dep>& csv) {
    labeled_matrix Z = read_labeled_matrix(zpath, csv);
    if (Z.values.rows() != Z.values.cols())
        throw dimension_error(zpath + ": Z must be square but is " + std::to_string(Z.values.rows()) + " x " +
                              std::to_string(Z.values.cols()));
    if (Z.values.rows() == 0) throw file_error(zpath + ": Z has no rows");
    if (!Z.row_labels.empty() && !Z.col_labels.empty())
        for (std::size_t i = 0; i < Z.row_labels.size(); ++i)
            if (Z.row_labels[i] != Z.col_labels[i])
                throw dimension_error(zpath + ": row " + std::to_string(i + 1) + " is labeled '" + Z.row_labels[i] +
                                      "' but column " + std::to_string(i + 1) + " is '" + Z.col_labels[i] + "'");
    return Z;
}

/// Y.csv (or F.csv): one row per row of Z, the same row labels. `row_labels` receives the table's
/// row labels (Z's, else Y's; empty when neither has any).
template <class Dep = void>
inline labeled_matrix read_mrio_Y(const std::string& ypath, const detail::dependent_t<labeled_matrix, Dep>& Z,
                                  const detail::dependent_t<csv_options, Dep>& csv,
                                  detail::dependent_t<std::vector<std::string>, Dep>& row_labels) {
    labeled_matrix Y = read_labeled_matrix(ypath, csv);
    const index_t n = Z.values.rows();
    if (Y.values.rows() != n)
        throw dimension_error(ypath + ": final demand has " + std::to_string(Y.values.rows()) + " rows but Z has " +
                              std::to_string(n));
    row_labels = !Z.row_labels.empty() ? Z.row_labels : Z.col_labels;
    if (!Y.row_labels.empty()) {
        if (row_labels.empty()) row_labels = Y.row_labels;
        for (std::size_t i = 0; i < row_labels.size(); ++i)
            if (Y.row_labels[i] != row_labels[i])
                throw dimension_error(ypath + ": row " + std::to_string(i + 1) + " is labeled '" + Y.row_labels[i] +
                                      "' but row " + std::to_string(i + 1) + " of Z is '" + row_labels[i] + "'");
    }
    return Y;
}

/// Region and sector of each of the n rows from labels.csv (columns region, sector or industry,
/// optionally label, which must match the row labels).
template <class Dep = void>
inline void read_mrio_labels_file(const std::string& lpath, index_t n,
                                  const detail::dependent_t<std::vector<std::string>, Dep>& row_labels,
                                  const detail::dependent_t<csv_options, Dep>& csv,
                                  detail::dependent_t<std::vector<std::string>, Dep>& reg_of,
                                  detail::dependent_t<std::vector<std::string>, Dep>& sec_of) {
    csv_options text_opt = csv;
    text_opt.text_columns = {"*"};
    data_frame lab = read_csv(lpath, text_opt);
    if (lab.rows() != n)
        throw dimension_error(lpath + ": has " + std::to_string(lab.rows()) + " rows but Z has " + std::to_string(n));
    const column& rc = lab["region"];
    const column& sc = lab.has("sector") ? lab["sector"] : lab["industry"];
    for (index_t i = 0; i < n; ++i) {
        reg_of[static_cast<std::size_t>(i)] = rc.text(i);
        sec_of[static_cast<std::size_t>(i)] = sc.text(i);
    }
    if (lab.has("label") && !row_labels.empty())
        for (index_t i = 0; i < n; ++i)
            if (lab["label"].text(i) != row_labels[static_cast<std::size_t>(i)])
                throw dimension_error(lpath + ": row " + std::to_string(i + 1) + " labels '" + lab["label"].text(i) +
                                      "' but row " + std::to_string(i + 1) + " of Z is '" +
                                      row_labels[static_cast<std::size_t>(i)] + "'");
}

/// The regions the row labels start with: a national table's one region (the prefix of the first
/// label), else Y's column headers, or their prefixes when the headers are REGION:category.
template <class Dep = void>
inline std::vector<std::string> mrio_known_regions(const detail::dependent_t<std::vector<std::string>, Dep>& row_labels,
                                                   const detail::dependent_t<labeled_matrix, Dep>& Y, bool national) {
    std::vector<std::string> known;
    if (national) {
        // one region: the prefix before the first '_' of the first label
        const auto pos = row_labels.front().find_first_of("_:");
        known.push_back(pos == std::string::npos ? std::string("DOM") : row_labels.front().substr(0, pos));
        return known;
    }
    known = Y.col_labels;
    std::string r0, s0;
    if (!split_region_label(row_labels.front(), known, r0, s0)) {
        // headers REGION:category or REGION_category: the regions are their prefixes
        std::vector<std::string> prefixes;
        for (const auto& h : Y.col_labels) {
            auto pos = h.find(':');
            if (pos == std::string::npos) pos = h.rfind('_');
            if (pos == std::string::npos || pos == 0) continue;
            const std::string p = h.substr(0, pos);
            if (std::find(prefixes.begin(), prefixes.end(), p) == prefixes.end()) prefixes.push_back(p);
        }
        known = prefixes;
    }
    return known;
}

/// Region and sector of each row from its label REGION_sector (regions from mrio_known_regions).
template <class Dep = void>
inline void split_mrio_row_labels(const std::string& zpath, const std::string& ypath,
                                  const detail::dependent_t<std::vector<std::string>, Dep>& row_labels,
                                  const detail::dependent_t<labeled_matrix, Dep>& Y, bool national,
                                  detail::dependent_t<std::vector<std::string>, Dep>& reg_of,
                                  detail::dependent_t<std::vector<std::string>, Dep>& sec_of) {
    const std::vector<std::string> known = mrio_known_regions(row_labels, Y, national);
    for (std::size_t i = 0; i < row_labels.size(); ++i) {
        std::string r, s;
        const auto& lbl = row_labels[i];
        if (!split_region_label(lbl, known, r, s)) {
            if (!national)
                throw dimension_error(zpath + ": row " + std::to_string(i + 1) + " label '" + lbl +
                                      "' does not start with a region named in " + ypath + "'s header");
            r = known.front();
            s = lbl;
        }
        reg_of[i] = r;
        sec_of[i] = s;
    }
}

/// Regions in order of appearance and the sectors of the first region; every row must follow the
/// region-major layout (region r, sector s at row r·N + s).
template <class Dep = void>
inline void mrio_layout(const std::string& dir, const detail::dependent_t<std::vector<std::string>, Dep>& reg_of,
                        const detail::dependent_t<std::vector<std::string>, Dep>& sec_of,
                        const detail::dependent_t<std::vector<std::string>, Dep>& row_labels,
                        detail::dependent_t<economy_index, Dep>& regions,
                        detail::dependent_t<sector_index, Dep>& sectors) {
    const auto n = static_cast<index_t>(reg_of.size());
    for (const auto& r : reg_of)
        if (!regions.contains(r)) regions.add(r);
    const index_t G = regions.size();
    if (n % G != 0)
        throw dimension_error(dir + ": " + std::to_string(n) + " rows do not split evenly into " + std::to_string(G) +
                              " regions");
    const index_t N = n / G;
    for (index_t i = 0; i < n; ++i)
        if (reg_of[static_cast<std::size_t>(i)] != regions[i / N])
            throw dimension_error(dir + ": row " + std::to_string(i + 1) + " ('" +
                                  row_labels[static_cast<std::size_t>(i)] +
                                  "') breaks the region-major layout: expected region '" + regions[i / N] + "'");
    sectors = sector_index(std::vector<std::string>(sec_of.begin(), sec_of.begin() + N));
    for (index_t i = 0; i < n; ++i) {
        const index_t r = i / N, s = i % N;
        if (reg_of[static_cast<std::size_t>(i)] != regions[r] || sec_of[static_cast<std::size_t>(i)] != sectors[s])
            throw dimension_error(
                dir + ": row " + std::to_string(i + 1) + " ('" + row_labels[static_cast<std::size_t>(i)] +
                "') breaks the region-major layout: expected region '" + regions[r] + "', sector '" + sectors[s] + "'");
    }
}

/// Final-demand columns of a multi-region table: one per region (any order, reordered), or
/// region-major REGION:category headers (`categories` receives the categories).
template <class Dep = void>
inline matrix_d mrio_final_demand(const std::string& ypath, detail::dependent_t<labeled_matrix, Dep>& Y,
                                  const detail::dependent_t<economy_index, Dep>& regions,
                                  detail::dependent_t<std::vector<std::string>, Dep>& categories,
                                  detail::dependent_t<std::vector<std::string>, Dep>* notes) {
    using real = detail::dependent_t<double, Dep>;
    const index_t R = Y.values.cols(), G = regions.size(), n = Y.values.rows();
    if (Y.col_labels.empty()) {
        if (R != G)
            throw dimension_error(ypath + ": " + std::to_string(R) + " unlabeled columns, expected one per region (" +
                                  std::to_string(G) + ")");
        return std::move(Y.values);
    }
    matrix_x<real> Yv;
    bool all_regions = R == G;
    for (index_t k = 0; all_regions && k < R; ++k)
        all_regions = regions.contains(Y.col_labels[static_cast<std::size_t>(k)]);
    if (all_regions) {
        Yv.resize(n, G);
        for (index_t k = 0; k < R; ++k)
            Yv.col(regions.index(Y.col_labels[static_cast<std::size_t>(k)])) = Y.values.col(k);
        return Yv;
    }
    if (R % G != 0)
        throw dimension_error(ypath + ": " + std::to_string(R) + " columns do not split into " + std::to_string(G) +
                              " regions");
    const index_t K = R / G;
    Yv.resize(n, R);
    for (index_t k = 0; k < R; ++k) {
        std::string r, c;
        const auto& lbl = Y.col_labels[static_cast<std::size_t>(k)];
        if (!split_region_label(lbl, regions.codes(), r, c))
            throw dimension_error(ypath + ": column " + std::to_string(k + 2) + " header '" + lbl +
                                  "' is neither a region nor REGION:category");
        if (k < K) categories.push_back(c);
        const index_t ri = regions.index(r);
        const auto cit = std::find(categories.begin(), categories.end(), c);
        if (cit == categories.end() || ri != k / K || (cit - categories.begin()) != k % K)
            throw dimension_error(ypath + ": column " + std::to_string(k + 2) + " header '" + lbl +
                                  "' breaks the region-major REGION:category layout");
        Yv.col(k) = Y.values.col(k);
    }
    add_note(notes, "final demand in " + std::to_string(K) + " categories per region");
    return Yv;
}

/// Sector descriptions from sectors.csv in the table directory or its parent (columns sector or
/// code, name or description, kind), when there is one.
template <class Dep = void>
inline void describe_mrio_sectors(const detail::dependent_t<std::filesystem::path, Dep>& d,
                                  const detail::dependent_t<csv_options, Dep>& csv,
                                  detail::dependent_t<sector_index, Dep>& sectors,
                                  detail::dependent_t<std::vector<std::string>, Dep>* notes) {
    namespace fs = std::filesystem;
    std::string spath = find_table_file(d, {"sectors"});
    if (spath.empty() && d.has_parent_path())
        spath = find_table_file(fs::absolute(d).lexically_normal().parent_path(), {"sectors"});
    if (spath.empty()) return;
    csv_options text_opt = csv;
    text_opt.text_columns = {"*"};
    data_frame sd = read_csv(spath, text_opt);
    const column* code = sd.find("sector");
    if (!code) code = sd.find("code");
    const column* name = sd.find("name");
    if (!name) name = sd.find("description");
    const column* kind = sd.find("kind");
    std::size_t matched = 0;
    if (code)
        for (index_t i = 0; i < sd.rows(); ++i) {
            std::string c = code->text(i);
            if (!sectors.contains(c)) continue;
            ++matched;
            sectors.describe(c, kind ? parse_sector_kind(kind->text(i)) : sector_kind::unknown,
                             name ? name->text(i) : std::string());
        }
    add_note(notes, "sector descriptions from " + spath + " (" + std::to_string(matched) + " of " +
                        std::to_string(sectors.size()) + " sectors matched)");
}

UNBUNDLE_CONFIG_END
} // namespace detail
UNBUNDLE_CONFIG_BEGIN

/// Reads an MRIO table directory. Notes on what was found (derived x or va, where sectors.csv
/// came from, categories) are appended to `notes` when given.
/// @throws file_error (missing Z or Y, empty file), parse_error (file, line, column),
///         dimension_error (non-square Z, labels of Y, x, va or labels.csv that do not match Z's),
///         domain_error (NaN/Inf, negative output).
template <class Dep = void>
mrio<double> read_mrio(const std::string& dir, const mrio_read_options& opt = {},
                       std::vector<std::string>* notes = nullptr) {
    using real = detail::dependent_t<double, Dep>;
    namespace fs = std::filesystem;
    const fs::path d(dir);
    if (!fs::is_directory(d)) throw file_error(dir + ": not a directory (an MRIO table is a directory of CSV files)");
    const std::string zpath = detail::find_table_file(d, {"Z"});
    if (zpath.empty()) throw file_error(dir + ": no Z.csv (intermediate use) in the table directory");
    std::string ypath = detail::find_table_file(d, {"Y"});
    bool national = false;
    if (ypath.empty()) {
        ypath = detail::find_table_file(d, {"F_components", "F"});
        national = !ypath.empty();
    }
    if (ypath.empty()) throw file_error(dir + ": no Y.csv (final demand) in the table directory");

    labeled_matrix Z = detail::read_mrio_Z(zpath, opt.csv);
    const index_t n = Z.values.rows();
    std::vector<std::string> row_labels;
    labeled_matrix Y = detail::read_mrio_Y(ypath, Z, opt.csv, row_labels);

    // Regions and sectors of each row.
    std::vector<std::string> reg_of(static_cast<std::size_t>(n)), sec_of(static_cast<std::size_t>(n));
    const std::string lpath = detail::find_table_file(d, {"labels"});
    if (!lpath.empty()) {
        detail::read_mrio_labels_file(lpath, n, row_labels, opt.csv, reg_of, sec_of);
    } else {
        if (row_labels.empty())
            throw file_error(dir + ": Z has no row labels and there is no labels.csv (region,sector) to name its rows");
        detail::split_mrio_row_labels(zpath, ypath, row_labels, Y, national, reg_of, sec_of);
    }
    if (row_labels.empty()) {
        row_labels.resize(static_cast<std::size_t>(n));
        for (std::size_t i = 0; i < row_labels.size(); ++i) row_labels[i] = reg_of[i] + "_" + sec_of[i];
    }
    economy_index regions;
    sector_index sectors;
    detail::mrio_layout(dir, reg_of, sec_of, row_labels, regions, sectors);

    // Final demand columns: regions, or region x category (national: its components).
    std::vector<std::string> categories;
    matrix_x<real> Yv;
    if (national) {
        const index_t R = Y.values.cols();
        categories = Y.col_labels;
        if (categories.empty())
            for (index_t k = 0; k < R; ++k) categories.push_back("F" + std::to_string(k + 1));
        Yv = std::move(Y.values);
        detail::add_note(notes, "national table: final-demand components " + std::to_string(R) + " (" + ypath + ")");
    } else {
        Yv = detail::mrio_final_demand(ypath, Y, regions, categories, notes);
    }

    std::optional<vector_x<real>> x, va;
    const std::string xpath = detail::find_table_file(d, {"x"});
    if (!xpath.empty() && opt.use_published_x)
        x = detail::read_table_vector(xpath, row_labels, opt.csv);
    else
        detail::add_note(notes, xpath.empty() ? "x.csv absent: gross output derived as Z·1 + Y·1"
                                              : "x = Z·1 + Y·1 (published x ignored)");
    const std::string vpath = detail::find_table_file(d, {"va", "VA"});
    if (!vpath.empty())
        va = detail::read_table_vector(vpath, row_labels, opt.csv);
    else
        detail::add_note(notes, "va.csv absent: value added derived as x − Z'·1");
    detail::describe_mrio_sectors(d, opt.csv, sectors, notes);

    mrio<double> table(std::move(regions), std::move(sectors), std::move(Z.values), std::move(Yv), std::move(x),
                       std::move(va), std::move(categories));
    return table;
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE mrio<double> read_mrio<>(const std::string&, const mrio_read_options&,
                                                  std::vector<std::string>*);
} // namespace unbundle
#endif
