#pragma once
/// @file gravity/formula.hpp
/// Model formulas in the syntax of R fixest:
///
///     y ~ x1 + log(x2) + x3 | fe1 + fe2^fe3
///
/// - left of `~`: the outcome column;
/// - between `~` and `|`: regressors, each a column or `log(column)`; `1` alone means no
///   regressors (fixed effects only); `0` or `-1` removes the intercept of a model without
///   fixed effects;
/// - after `|`: fixed effects separated by `+`; `a^b^c` is the interaction of columns as one
///   fixed effect;
/// - no `|` part: an intercept `(Intercept)` is estimated.
/// Column names are letters, digits, `_` and `.`, or any text between backquotes.

#include "../error.hpp"

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace unbundle {

/// One regressor of a formula.
struct formula_term {
    enum class transform { none, log };
    std::string column;             ///< the data column
    transform fn = transform::none; ///< applied to the column
    /// The coefficient's name, as fixest prints it: `x` or `log(x)`.
    template <class D = void> std::string label() const {
        return fn == transform::log ? "log(" + column + ")" : column;
    }
};

/// A parsed formula.
struct formula {
    std::string text;                                    ///< as given
    std::string outcome;                                 ///< left-hand side column
    std::vector<formula_term> regressors;                ///< right-hand side terms
    bool intercept = true;                               ///< estimate an intercept (only without fixed effects)
    std::vector<std::vector<std::string>> fixed_effects; ///< each a list of interacted columns

    /// "exporter^year" for fixed effect q.
    template <class D = void> std::string fixed_effect_name(std::size_t q) const {
        std::string s;
        for (std::size_t k = 0; k < fixed_effects[q].size(); ++k) s += (k ? "^" : "") + fixed_effects[q][k];
        return s;
    }
};

namespace detail {

/// A class template so that a translation unit that does not parse a formula compiles none of it.
template <class D = void> class formula_parser {
  public:
    explicit formula_parser(std::string_view s) : s_(s) {}

    formula parse() {
        formula f;
        f.text = std::string(s_);
        skip();
        if (at_end()) fail("empty formula; expected 'y ~ x1 + x2 | fe1 + fe2'");
        f.outcome = name("outcome");
        skip();
        if (peek() != '~') fail("expected '~' after the outcome '" + f.outcome + "'");
        ++p_;
        // right-hand side
        bool any = false, one = false;
        for (;;) {
            skip();
            if (at_end() || peek() == '|') {
                if (!any) fail("expected a regressor, '1' or '0' after '~'");
                break;
            }
            if (any) {
                if (peek() != '+') {
                    if (peek() == '-') {
                        ++p_;
                        skip();
                        if (peek() == '1') {
                            ++p_;
                            f.intercept = false;
                            continue;
                        }
                        fail("only '-1' may follow '-'");
                    }
                    fail(std::string("expected '+' or '|' but found '") + peek() + "'");
                }
                ++p_;
                skip();
            }
            if (peek() == '-') {
                ++p_;
                skip();
                if (peek() != '1') fail("only '-1' may follow '-'");
                ++p_;
                f.intercept = false;
                any = true;
                continue;
            }
            if (std::isdigit(static_cast<unsigned char>(peek())) && !continues_name(1)) {
                const char d = peek();
                if (d != '0' && d != '1') fail(std::string("a number term must be 0 or 1, found '") + d + "'");
                ++p_;
                if (d == '0') f.intercept = false;
                if (d == '1') one = true;
                any = true;
                continue;
            }
            f.regressors.push_back(term());
            any = true;
        }
        (void)one;
        // fixed effects
        if (!at_end() && peek() == '|') {
            ++p_;
            for (;;) {
                skip();
                std::vector<std::string> fe;
                fe.push_back(name("fixed effect"));
                skip();
                while (!at_end() && peek() == '^') {
                    ++p_;
                    skip();
                    fe.push_back(name("interacted fixed effect"));
                    skip();
                }
                f.fixed_effects.push_back(std::move(fe));
                skip();
                if (at_end()) break;
                if (peek() == '|') fail("only one '|' part is supported (no instrumental variables)");
                if (peek() != '+')
                    fail(std::string("expected '+' or '^' between fixed effects but found '") + peek() + "'");
                ++p_;
            }
        }
        skip();
        if (!at_end()) fail(std::string("unexpected '") + peek() + "'");
        if (!f.fixed_effects.empty()) f.intercept = false;
        return f;
    }

  private:
    bool at_end() const { return p_ >= s_.size(); }
    char peek() const { return at_end() ? '\0' : s_[p_]; }
    void skip() {
        while (!at_end() && std::isspace(static_cast<unsigned char>(s_[p_]))) ++p_;
    }
    static bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }
    bool continues_name(std::size_t k) const { return p_ + k < s_.size() && name_char(s_[p_ + k]); }

    [[noreturn]] void fail(const std::string& what) const {
        throw usage_error("formula '" + std::string(s_) + "': " + what + " at position " + std::to_string(p_ + 1));
    }

    std::string name(const char* what) {
        skip();
        if (peek() == '`') {
            const std::size_t start = ++p_;
            while (!at_end() && peek() != '`') ++p_;
            if (at_end()) fail("unclosed backquote");
            std::string out(s_.substr(start, p_ - start));
            ++p_;
            if (out.empty()) fail(std::string("empty ") + what + " name");
            return out;
        }
        const std::size_t start = p_;
        while (!at_end() && name_char(peek())) ++p_;
        if (p_ == start) {
            if (at_end()) fail(std::string("expected ") + what + " name but the formula ends");
            fail(std::string("expected ") + what + " name but found '" + peek() + "'");
        }
        return std::string(s_.substr(start, p_ - start));
    }

    formula_term term() {
        formula_term t;
        const std::size_t save = p_;
        std::string n = name("regressor");
        skip();
        if (peek() == '(') {
            if (n != "log") {
                p_ = save;
                fail("unsupported function '" + n + "' (only log() is supported)");
            }
            ++p_;
            t.column = name("column");
            t.fn = formula_term::transform::log;
            skip();
            if (peek() != ')') fail("expected ')' to close log(");
            ++p_;
        } else {
            t.column = std::move(n);
        }
        return t;
    }

    std::string_view s_;
    std::size_t p_ = 0;
};

} // namespace detail

/// Parses a formula in fixest syntax.
/// @throws usage_error naming the formula and the position of the first syntax error.
template <class D = void> inline formula parse_formula(std::string_view text) {
    return detail::formula_parser<D>(text).parse();
}

} // namespace unbundle
