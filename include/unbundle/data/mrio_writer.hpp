#pragma once
/// @file data/mrio_writer.hpp
/// Writes an `mrio` as a table directory that `read_mrio` reads back exactly (numbers printed
/// with shortest round-trip digits): Z.csv, Y.csv, x.csv, va.csv, labels.csv, sectors.csv.

#include "../config.hpp"
#include "../core/mrio.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <string>

namespace unbundle {

namespace detail {

template <class Dep = void> inline void append_number(std::string& out, double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

template <class D = void> inline std::string csv_quote(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        q += c;
        if (c == '"') q += '"';
    }
    return q + "\"";
}

template <class Dep = void>
inline void write_text_file(const detail::dependent_t<std::filesystem::path, Dep>& p, const std::string& text) {
    std::ofstream f(p, std::ios::binary);
    if (!f) throw file_error(p.string() + ": cannot open for writing");
    f << text;
    if (!f) throw file_error(p.string() + ": write failed");
}

} // namespace detail

/// Writes `t` into directory `dir` (created if needed).
/// @throws file_error when a file cannot be written.
template <class Scalar> void write_mrio(const mrio<Scalar>& t, const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!fs::is_directory(dir)) throw file_error(dir + ": cannot create directory");
    const auto& lab = t.labels();
    const index_t n = t.n();
    std::string s;
    // Z
    s.reserve(static_cast<std::size_t>(n * n * 8));
    for (const auto& l : lab) s += "," + detail::csv_quote(l);
    s += '\n';
    for (index_t i = 0; i < n; ++i) {
        s += detail::csv_quote(lab[static_cast<std::size_t>(i)]);
        for (index_t j = 0; j < n; ++j) {
            s += ',';
            detail::append_number(s, static_cast<double>(t.Z()(i, j)));
        }
        s += '\n';
    }
    detail::write_text_file(fs::path(dir) / "Z.csv", s);
    // Y (with categories as REGION:category)
    s.clear();
    const index_t K = t.num_categories();
    for (index_t r = 0; r < t.num_regions(); ++r)
        for (index_t k = 0; k < K; ++k)
            s += "," + detail::csv_quote(t.categories().empty()
                                             ? t.regions()[r]
                                             : t.regions()[r] + ":" + t.categories()[static_cast<std::size_t>(k)]);
    s += '\n';
    for (index_t i = 0; i < n; ++i) {
        s += detail::csv_quote(lab[static_cast<std::size_t>(i)]);
        for (index_t j = 0; j < t.Y_full().cols(); ++j) {
            s += ',';
            detail::append_number(s, static_cast<double>(t.Y_full()(i, j)));
        }
        s += '\n';
    }
    detail::write_text_file(fs::path(dir) / "Y.csv", s);
    auto write_vec = [&](const char* file, const char* name, const vector_x<Scalar>& v) {
        std::string o = std::string(",") + name + "\n";
        for (index_t i = 0; i < n; ++i) {
            o += detail::csv_quote(lab[static_cast<std::size_t>(i)]) + ",";
            detail::append_number(o, static_cast<double>(v(i)));
            o += '\n';
        }
        detail::write_text_file(fs::path(dir) / file, o);
    };
    write_vec("x.csv", "x", t.x());
    write_vec("va.csv", "va", t.va());
    s = "label,region,sector\n";
    for (index_t r = 0; r < t.num_regions(); ++r)
        for (index_t k = 0; k < t.num_sectors(); ++k)
            s += detail::csv_quote(lab[static_cast<std::size_t>(t.row(r, k))]) + "," +
                 detail::csv_quote(t.regions()[r]) + "," + detail::csv_quote(t.sectors()[k]) + "\n";
    detail::write_text_file(fs::path(dir) / "labels.csv", s);
    s = "sector,name,kind\n";
    for (const auto& sec : t.sectors().sectors())
        s += detail::csv_quote(sec.code) + "," + detail::csv_quote(sec.name) + "," + to_string(sec.kind) + "\n";
    detail::write_text_file(fs::path(dir) / "sectors.csv", s);
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE void write_mrio<double>(const mrio<double>&, const std::string&);
} // namespace unbundle
#endif
