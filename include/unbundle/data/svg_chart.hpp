#pragma once
/// @file data/svg_chart.hpp
/// A small SVG chart writer. `line_chart`: series over time, with labelled axes with rounded
/// ticks, a legend, shaded bands (e.g. eras) and a title; non-finite points break a line instead
/// of drawing it. `row_chart`: one row per label (e.g. 41 regions, sorted by the caller) with
/// stacked horizontal bars and dots on a shared value axis. The output is standalone, valid XML
/// (every text is escaped).
///
/// @code
/// unbundle::line_chart c;
/// c.title = "Trade to GDP"; c.x_label = "year"; c.y_label = "index";
/// c.series.push_back({"trade to GDP", {1990, 2000, 2010}, {100, 130, 150}, ""});
/// c.bands.push_back({1990, 2000, "ICT era", ""});
/// std::string svg = unbundle::to_svg(c);
/// unbundle::write_svg(c, "chart.svg");
///
/// unbundle::row_chart r;                      // GDP change by region: two stacked parts and a dot
/// r.title = "Lockdown"; r.x_label = "GDP change, %"; r.rows = {"ITA", "DEU"};
/// r.series.push_back({"domestic", {-4.8, -3.1}, "", false});
/// r.series.push_back({"transmitted", {-0.6, -0.6}, "", false});
/// r.series.push_back({"general equilibrium", {-5.8, -3.8}, "", true});
/// unbundle::write_svg(r, "regions.svg");
/// @endcode

#include "../config.hpp"
#include "../error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace unbundle {

/// One line: points (x[i], y[i]); an empty colour takes the palette's next one.
struct chart_series {
    std::string name;
    std::vector<double> x, y;
    std::string color;
};

/// A shaded vertical band from x = from to x = to, labelled at its top.
struct chart_band {
    double from = 0, to = 0;
    std::string label;
    std::string color; ///< empty: a light grey or blue, alternating
};

/// A line chart.
struct line_chart {
    std::string title, x_label, y_label;
    std::vector<chart_series> series;
    std::vector<chart_band> bands;
    int width = 960, height = 540;
};

/// One series of a row chart: one value per row. Bars (`dot` false) are stacked in series order
/// from 0, negative values leftwards and positive ones rightwards (so two bar series that split a
/// total draw the total); a dot series marks its value. Non-finite values are not drawn. An empty
/// colour takes the palette's next one.
struct row_series {
    std::string name;
    std::vector<double> values;
    std::string color;
    bool dot = false;
};

/// A horizontal chart with one row per label, top to bottom in the order given (sort them first),
/// on one value axis with rounded ticks and the zero line marked; the height grows with the rows.
struct row_chart {
    std::string title, x_label;
    std::vector<std::string> rows;
    std::vector<row_series> series;
    int width = 760;
    int row_height = 15;
};

namespace detail {

/// Escapes the five XML special characters.
template <class Dep = void> inline std::string xml_escape(const std::string& s) {
    std::string o;
    o.reserve(s.size());
    for (char ch : s) {
        switch (ch) {
        case '&':
            o += "&amp;";
            break;
        case '<':
            o += "&lt;";
            break;
        case '>':
            o += "&gt;";
            break;
        case '"':
            o += "&quot;";
            break;
        case '\'':
            o += "&apos;";
            break;
        default:
            // drop control characters XML 1.0 forbids
            if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') continue;
            o += ch;
        }
    }
    return o;
}

template <class D = void> inline std::string num(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.2f", v);
    return b;
}

/// Rounded tick positions covering [lo, hi] (about `target` of them: steps 1, 2, 2.5, 5 × 10^k).
template <class Dep = void> inline std::vector<double> nice_ticks(double lo, double hi, int target = 6) {
    if (!(hi > lo)) {
        hi = lo + 1;
        lo -= 1;
    }
    const double raw = (hi - lo) / std::max(1, target);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    std::vector<double> t;
    const double first = std::ceil(lo / step - 1e-9);
    for (int k = 0;; ++k) { // an integer counter: no drift from adding a float step
        const double v = (first + k) * step;
        if (v > hi + 1e-9 * step) break;
        t.push_back(std::abs(v) < 1e-12 * step ? 0.0 : v);
    }
    return t;
}

template <class D = void> inline std::string tick_label(double v) {
    char b[32];
    if (std::abs(v - std::round(v)) < 1e-9)
        std::snprintf(b, sizeof b, "%.0f", v);
    else
        std::snprintf(b, sizeof b, "%g", v);
    return b;
}

/// The XML declaration, the opening <svg> of a W x H document, its <title> and a white background.
template <class Dep = void>
inline void svg_prologue(std::ostream& o, double W, double H, int font_size, const std::string& title) {
    o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W << "\" height=\"" << H << "\" viewBox=\"0 0 " << W
      << ' ' << H << "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"" << font_size << "\">\n"
      << "<title>" << xml_escape(title) << "</title>\n"
      << "<rect x=\"0\" y=\"0\" width=\"" << W << "\" height=\"" << H << "\" fill=\"white\"/>\n";
}

/// Writes an SVG document to `path`. @throws file_error when the file cannot be written.
template <class D = void> inline void write_svg_file(const std::string& svg, const std::string& path) {
    std::ofstream f(path, std::ios::binary);
    if (!f) throw file_error(path + ": cannot open for writing");
    f << svg;
    if (!f) throw file_error(path + ": write failed");
}
} // namespace detail

/// The chart as an SVG document.
/// @throws dimension_error when a series has different numbers of x and y values (naming it).
template <class Dep = void> std::string to_svg(const line_chart& c) {
    static const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                    "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};
    static const char* band_palette[] = {"#e8eef7", "#f3ece0", "#e6f2e6", "#f0e6f0"};
    double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
    for (const auto& s : c.series) {
        if (s.x.size() != s.y.size())
            throw dimension_error("to_svg: series '" + s.name + "' has " + std::to_string(s.x.size()) +
                                  " x values and " + std::to_string(s.y.size()) + " y values");
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
            x0 = std::min(x0, s.x[i]);
            x1 = std::max(x1, s.x[i]);
            y0 = std::min(y0, s.y[i]);
            y1 = std::max(y1, s.y[i]);
        }
    }
    for (const auto& b : c.bands) {
        if (std::isfinite(b.from)) x0 = std::min(x0, b.from), x1 = std::max(x1, b.from);
        if (std::isfinite(b.to)) x0 = std::min(x0, b.to), x1 = std::max(x1, b.to);
    }
    if (!std::isfinite(x0)) x0 = 0, x1 = 1;
    if (!std::isfinite(y0)) y0 = 0, y1 = 1;
    if (!(x1 > x0)) x1 = x0 + 1;
    const std::vector<double> yt = detail::nice_ticks(y0, y1);
    const std::vector<double> xt = detail::nice_ticks(x0, x1, 8);
    y0 = std::min(y0, yt.front());
    y1 = std::max(y1, yt.back());
    if (!(y1 > y0)) y1 = y0 + 1;
    const double W = std::max(320, c.width), H = std::max(240, c.height);
    const double left = 78, right = 210, top = 48, bottom = 64;
    const double pw = W - left - right, ph = H - top - bottom;
    auto X = [&](double v) { return left + (v - x0) / (x1 - x0) * pw; };
    auto Y = [&](double v) { return top + (1 - (v - y0) / (y1 - y0)) * ph; };
    std::ostringstream o;
    detail::svg_prologue(o, W, H, 12, c.title);
    // bands
    for (std::size_t k = 0; k < c.bands.size(); ++k) {
        const auto& b = c.bands[k];
        const double a = X(std::max(x0, std::min(b.from, b.to))), e = X(std::min(x1, std::max(b.from, b.to)));
        const std::string col = b.color.empty() ? band_palette[k % 4] : b.color;
        o << "<rect x=\"" << detail::num(a) << "\" y=\"" << top << "\" width=\"" << detail::num(std::max(0.0, e - a))
          << "\" height=\"" << ph << "\" fill=\"" << detail::xml_escape(col) << "\"/>\n"
          << "<text x=\"" << detail::num((a + e) / 2) << "\" y=\"" << top + 14
          << "\" text-anchor=\"middle\" fill=\"#555\">" << detail::xml_escape(b.label) << "</text>\n";
    }
    // grid and ticks
    for (double v : yt) {
        o << "<line x1=\"" << left << "\" x2=\"" << left + pw << "\" y1=\"" << detail::num(Y(v)) << "\" y2=\""
          << detail::num(Y(v)) << "\" stroke=\"#ddd\" stroke-width=\"1\"/>\n"
          << "<text x=\"" << left - 6 << "\" y=\"" << detail::num(Y(v) + 4) << "\" text-anchor=\"end\">"
          << detail::tick_label(v) << "</text>\n";
    }
    for (double v : xt) {
        if (v < x0 - 1e-9 || v > x1 + 1e-9) continue;
        o << "<line x1=\"" << detail::num(X(v)) << "\" x2=\"" << detail::num(X(v)) << "\" y1=\"" << top + ph
          << "\" y2=\"" << top + ph + 5 << "\" stroke=\"#333\"/>\n"
          << "<text x=\"" << detail::num(X(v)) << "\" y=\"" << top + ph + 19 << "\" text-anchor=\"middle\">"
          << detail::tick_label(v) << "</text>\n";
    }
    // axes
    o << "<line x1=\"" << left << "\" x2=\"" << left << "\" y1=\"" << top << "\" y2=\"" << top + ph
      << "\" stroke=\"#333\"/>\n"
      << "<line x1=\"" << left << "\" x2=\"" << left + pw << "\" y1=\"" << top + ph << "\" y2=\"" << top + ph
      << "\" stroke=\"#333\"/>\n"
      << "<text x=\"" << detail::num(left + pw / 2) << "\" y=\"" << H - 18
      << "\" text-anchor=\"middle\" font-size=\"13\">" << detail::xml_escape(c.x_label) << "</text>\n"
      << "<text x=\"18\" y=\"" << detail::num(top + ph / 2)
      << "\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 18 " << detail::num(top + ph / 2) << ")\">"
      << detail::xml_escape(c.y_label) << "</text>\n"
      << "<text x=\"" << detail::num(W / 2)
      << "\" y=\"28\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">" << detail::xml_escape(c.title)
      << "</text>\n";
    // series and legend
    for (std::size_t k = 0; k < c.series.size(); ++k) {
        const auto& s = c.series[k];
        const std::string col = detail::xml_escape(s.color.empty() ? palette[k % 8] : s.color);
        std::string pts;
        auto flush = [&] {
            if (!pts.empty())
                o << "<polyline fill=\"none\" stroke=\"" << col << "\" stroke-width=\"2\" points=\"" << pts << "\"/>\n";
            pts.clear();
        };
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) {
                flush();
                continue;
            }
            pts += (pts.empty() ? "" : " ") + detail::num(X(s.x[i])) + "," + detail::num(Y(s.y[i]));
        }
        flush();
        const double ly = top + 10 + 20.0 * static_cast<double>(k);
        o << "<line x1=\"" << left + pw + 16 << "\" x2=\"" << left + pw + 40 << "\" y1=\"" << ly << "\" y2=\"" << ly
          << "\" stroke=\"" << col << "\" stroke-width=\"3\"/>\n"
          << "<text x=\"" << left + pw + 46 << "\" y=\"" << ly + 4 << "\">" << detail::xml_escape(s.name)
          << "</text>\n";
    }
    o << "</svg>\n";
    return o.str();
}

/// Writes the chart to `path`. @throws file_error when the file cannot be written.
template <class Dep = void> void write_svg(const line_chart& c, const std::string& path) {
    detail::write_svg_file(to_svg(c), path);
}

/// The row chart as an SVG document: labels on the left, light stripes on every other row, the
/// legend under the title (a square for bars, a dot for dots), ticks and the axis label below.
/// @throws dimension_error when a series does not have one value per row (naming it).
template <class Dep = void> std::string to_svg(const row_chart& c) {
    static const char* palette[] = {"#3b6ea8", "#e08a2c", "#b2182b", "#2ca02c",
                                    "#9467bd", "#8c564b", "#e377c2", "#17becf"};
    const std::size_t R = c.rows.size();
    double lo = 0, hi = 0; // the axis always shows 0
    std::vector<double> neg(R, 0.0), pos(R, 0.0);
    for (const auto& s : c.series) {
        if (s.values.size() != R)
            throw dimension_error("to_svg: row series '" + s.name + "' has " + std::to_string(s.values.size()) +
                                  " values for " + std::to_string(R) + " rows");
        for (std::size_t r = 0; r < R; ++r) {
            const double v = s.values[r];
            if (!std::isfinite(v)) continue;
            if (s.dot) {
                lo = std::min(lo, v), hi = std::max(hi, v);
            } else {
                (v < 0 ? neg[r] : pos[r]) += v;
                lo = std::min(lo, neg[r]), hi = std::max(hi, pos[r]);
            }
        }
    }
    const std::vector<double> xt = detail::nice_ticks(lo, hi, 8);
    lo = std::min(lo, xt.front());
    hi = std::max(hi, xt.back());
    if (!(hi > lo)) hi = lo + 1;
    const double rh = std::max(8, c.row_height), W = std::max(320, c.width);
    const double left = 70, right = 24, top = 44 + 18.0 * static_cast<double>(c.series.size());
    const double pw = W - left - right, ph = rh * static_cast<double>(R), H = top + ph + 52;
    auto X = [&](double v) { return left + (v - lo) / (hi - lo) * pw; };
    std::ostringstream o;
    detail::svg_prologue(o, W, H, 11, c.title);
    o << "<text x=\"" << left << "\" y=\"22\" font-size=\"14\" font-weight=\"bold\">" << detail::xml_escape(c.title)
      << "</text>\n";
    const auto colour = [&](std::size_t k) {
        return detail::xml_escape(c.series[k].color.empty() ? palette[k % 8] : c.series[k].color);
    };
    for (std::size_t k = 0; k < c.series.size(); ++k) { // legend
        const double ly = 36 + 18.0 * static_cast<double>(k);
        if (c.series[k].dot)
            o << "<circle cx=\"" << left + 6 << "\" cy=\"" << ly + 5 << "\" r=\"4\" fill=\"" << colour(k) << "\"/>\n";
        else
            o << "<rect x=\"" << left << "\" y=\"" << ly << "\" width=\"12\" height=\"10\" fill=\"" << colour(k)
              << "\"/>\n";
        o << "<text x=\"" << left + 18 << "\" y=\"" << ly + 9 << "\">" << detail::xml_escape(c.series[k].name)
          << "</text>\n";
    }
    for (std::size_t r = 0; r < R; r += 2) // stripes
        o << "<rect x=\"" << left << "\" y=\"" << detail::num(top + rh * static_cast<double>(r)) << "\" width=\"" << pw
          << "\" height=\"" << rh << "\" fill=\"#f4f4f4\"/>\n";
    for (double v : xt) { // grid and ticks
        if (v < lo - 1e-9 || v > hi + 1e-9) continue;
        o << "<line x1=\"" << detail::num(X(v)) << "\" x2=\"" << detail::num(X(v)) << "\" y1=\"" << top << "\" y2=\""
          << top + ph + 4 << "\" stroke=\"" << (v == 0.0 ? "#333" : "#ccc") << "\" stroke-width=\"1\"/>\n"
          << "<text x=\"" << detail::num(X(v)) << "\" y=\"" << top + ph + 17 << "\" text-anchor=\"middle\">"
          << detail::tick_label(v) << "</text>\n";
    }
    o << "<text x=\"" << detail::num(left + pw / 2) << "\" y=\"" << H - 14
      << "\" text-anchor=\"middle\" font-size=\"12\">" << detail::xml_escape(c.x_label) << "</text>\n";
    std::fill(neg.begin(), neg.end(), 0.0);
    std::fill(pos.begin(), pos.end(), 0.0);
    for (std::size_t r = 0; r < R; ++r) {
        const double y = top + rh * static_cast<double>(r);
        o << "<text x=\"" << left - 6 << "\" y=\"" << detail::num(y + rh / 2 + 4) << "\" text-anchor=\"end\">"
          << detail::xml_escape(c.rows[r]) << "</text>\n";
        for (int pass = 0; pass < 2; ++pass) // bars first, dots on top
            for (std::size_t k = 0; k < c.series.size(); ++k) {
                const double v = c.series[k].values[r];
                if (!std::isfinite(v) || c.series[k].dot != (pass == 1)) continue;
                if (pass == 1) {
                    o << "<circle cx=\"" << detail::num(X(v)) << "\" cy=\"" << detail::num(y + rh / 2) << "\" r=\""
                      << detail::num(std::min(4.5, rh / 3)) << "\" fill=\"" << colour(k)
                      << "\" stroke=\"white\" stroke-width=\"0.8\"/>\n";
                    continue;
                }
                double& acc = v < 0 ? neg[r] : pos[r];
                const double a = X(acc), e = X(acc + v);
                acc += v;
                o << "<rect x=\"" << detail::num(std::min(a, e)) << "\" y=\"" << detail::num(y + 2) << "\" width=\""
                  << detail::num(std::abs(e - a)) << "\" height=\"" << rh - 4 << "\" fill=\"" << colour(k) << "\"/>\n";
            }
    }
    o << "</svg>\n";
    return o.str();
}

/// Writes the row chart to `path`. @throws file_error when the file cannot be written.
template <class Dep = void> void write_svg(const row_chart& c, const std::string& path) {
    detail::write_svg_file(to_svg(c), path);
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE std::string to_svg<>(const line_chart&);
UNBUNDLE_EXTERN_TEMPLATE std::string to_svg<>(const row_chart&);
UNBUNDLE_EXTERN_TEMPLATE void write_svg<>(const line_chart&, const std::string&);
UNBUNDLE_EXTERN_TEMPLATE void write_svg<>(const row_chart&, const std::string&);
} // namespace unbundle
#endif
