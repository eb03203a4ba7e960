#pragma once
/// @file error.hpp
/// The exception hierarchy. Every exception the library throws derives from one standard
/// exception (so `catch (const std::exception&)` works) and from the tag `unbundle::error`
/// (so `catch (const unbundle::error&)` catches the library's own and nothing else).
///
/// | type                | base                  | thrown on                                              |
/// |---------------------|-----------------------|--------------------------------------------------------|
/// | `dimension_error`   | `std::invalid_argument` | shape mismatch, ragged rows, mismatched labels        |
/// | `domain_error`      | `std::domain_error`   | NaN/Inf, negative flow or output, value out of range   |
/// | `parse_error`       | `domain_error`        | a cell that is not a number, bad quoting (file:line:column) |
/// | `file_error`        | `std::runtime_error`  | missing, unreadable or empty file                      |
/// | `key_error`         | `std::out_of_range`   | unknown economy, sector, column or label               |
/// | `usage_error`       | `std::invalid_argument` | bad formula, bad option value                       |
/// | `numerical_error`   | `std::runtime_error`  | singular or ill-conditioned system, spectral radius >= 1 |
/// | `convergence_error` | `numerical_error`     | an iterative method that did not converge (when asked to throw) |

#include <cstddef>
#include <stdexcept>
#include <string>

namespace unbundle {

/// Tag base of every exception thrown by unbundle.
class error {
  public:
    error() = default;
    error(const error&) = default;
    error& operator=(const error&) = default;
    virtual ~error() = default;
};

/// Shapes that do not match: ragged CSV rows, a non-square Z, labels of Y that differ from Z.
class dimension_error : public std::invalid_argument, public error {
  public:
    using std::invalid_argument::invalid_argument;
};

/// Values outside their domain: NaN or Inf, a negative flow or output, a cost cut outside [0, 1).
class domain_error : public std::domain_error, public error {
  public:
    using std::domain_error::domain_error;
};

/// A cell of a text file that cannot be read. Carries where: file, line (1-based), column (1-based).
class parse_error : public domain_error {
  public:
    parse_error(const std::string& what, std::string file, std::size_t line, std::size_t column)
        : domain_error(what), file_(std::move(file)), line_(line), column_(column) {}
    const std::string& file() const noexcept { return file_; }
    std::size_t line() const noexcept { return line_; }
    std::size_t column() const noexcept { return column_; }

  private:
    std::string file_;
    std::size_t line_;
    std::size_t column_;
};

/// A file that is missing, unreadable or empty.
class file_error : public std::runtime_error, public error {
  public:
    using std::runtime_error::runtime_error;
};

/// A name that is not there: an unknown economy, sector, column or label.
class key_error : public std::out_of_range, public error {
  public:
    using std::out_of_range::out_of_range;
};

/// A request that is malformed in itself: a formula syntax error, an option out of its set.
class usage_error : public std::invalid_argument, public error {
  public:
    using std::invalid_argument::invalid_argument;
};

/// A numerical failure: singular or ill-conditioned matrix, a table that is not productive.
class numerical_error : public std::runtime_error, public error {
  public:
    using std::runtime_error::runtime_error;
};

/// An iterative method that did not converge, thrown only where the caller asked for it
/// (solvers return `{converged, iterations, residual}` and do not throw by default).
class convergence_error : public numerical_error {
  public:
    convergence_error(const std::string& what, int iterations, double residual)
        : numerical_error(what), iterations_(iterations), residual_(residual) {}
    int iterations() const noexcept { return iterations_; }
    double residual() const noexcept { return residual_; }

  private:
    int iterations_;
    double residual_;
};

/// Result of an iterative solver. Non-convergence is reported here, not thrown.
struct solver_info {
    bool converged = false;
    int iterations = 0;
    double residual = 0.0;
    std::string message; ///< human-readable diagnostics (empty when converged cleanly)
};

namespace detail {

/// Runs `f()` and puts `where` (e.g. "year 2011: ") in front of the message of a library error it
/// throws, keeping the error's type and data; a parse_error (which names its file, line and column)
/// passes as it is. With an empty `where`, just `f()`.
template <class F> auto with_context(const std::string& where, F&& f) -> decltype(f()) {
    if (where.empty()) return f();
    try {
        return f();
    } catch (const convergence_error& e) {
        throw convergence_error(where + e.what(), e.iterations(), e.residual());
    } catch (const numerical_error& e) {
        throw numerical_error(where + e.what());
    } catch (const parse_error&) {
        throw;
    } catch (const domain_error& e) {
        throw domain_error(where + e.what());
    } catch (const dimension_error& e) {
        throw dimension_error(where + e.what());
    } catch (const file_error& e) {
        throw file_error(where + e.what());
    } catch (const key_error& e) {
        throw key_error(where + e.what());
    } catch (const usage_error& e) {
        throw usage_error(where + e.what());
    }
}

} // namespace detail

} // namespace unbundle
