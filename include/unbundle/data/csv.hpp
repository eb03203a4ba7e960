#pragma once
/// @file data/csv.hpp
/// Fast CSV reading: RFC 4180 quoting, `std::from_chars` numbers, missing values, `.csv.gz`
/// through zlib, and errors that name the file, line and column.
///
/// Two entry points:
///  - `read_csv(path)` gives a `data_frame` of named, typed columns (long bilateral panels);
///  - `read_labeled_matrix(path)` gives a dense matrix with row labels (first column) and
///    column labels (header), the layout of the MRIO files.

#include "../config.hpp"
#include "../error.hpp"
#include "../fwd.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#ifdef UNBUNDLE_HAS_ZLIB
#include <zlib.h>
#endif

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
/// 1 where files are mapped into memory (POSIX), 0 where they are read.
#define UNBUNDLE_CSV_MMAP 1
#else
#define UNBUNDLE_CSV_MMAP 0
#endif

/// Keeps the rare paths of the number scanner out of the readers' inner loops.
#if defined(__GNUC__)
#define UNBUNDLE_CSV_NOINLINE __attribute__((noinline))
#elif defined(_MSC_VER)
#define UNBUNDLE_CSV_NOINLINE __declspec(noinline)
#else
#define UNBUNDLE_CSV_NOINLINE
#endif

namespace unbundle {

/// Options of the CSV readers.
struct csv_options {
    char sep = ',';                               ///< field separator (',' ';' '\t' ...)
    bool header = true;                           ///< first record names the columns (data_frame reader)
    std::vector<std::string> na_values{"", "NA"}; ///< cells read as missing
    bool allow_nonfinite = false;                 ///< accept literal nan/inf cells (else a parse_error)
    /// Columns read as text even when every cell is a number (codes such as "01"); "*" = all.
    std::vector<std::string> text_columns{};
    /// Threads that parse a large numeric table (0: the hardware's, at most 4).
    int threads = 0;
};

namespace detail {

/// An empty text, or one holding only blank lines, has no content to read: file_error naming it.
template <class D = void> inline void require_content(std::string_view text, const std::string& name) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) throw file_error(name + ": file is empty");
}

UNBUNDLE_CONFIG_BEGIN // the body depends on UNBUNDLE_HAS_ZLIB (config.hpp)
/// Reads a whole file into memory; `.gz` files are inflated. Throws file_error when the file is
/// missing, unreadable or empty.
template <class Dep = void> inline std::string read_file_contents(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) throw file_error(path + ": no such file");
    if (fs::is_directory(path, ec)) throw file_error(path + ": is a directory, expected a file");
    std::string out;
    const bool gz = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
    if (gz) {
#ifdef UNBUNDLE_HAS_ZLIB
        gzFile f = gzopen(path.c_str(), "rb");
        if (!f) throw file_error(path + ": cannot open");
        gzbuffer(f, 1 << 17);
        std::vector<char> buf(1 << 18);
        for (;;) {
            const int got = gzread(f, buf.data(), static_cast<unsigned>(buf.size()));
            if (got < 0) {
                int err = 0;
                std::string msg = gzerror(f, &err);
                gzclose(f);
                throw file_error(path + ": corrupt gzip stream (" + msg + ")");
            }
            if (got == 0) break;
            out.append(buf.data(), static_cast<std::size_t>(got));
        }
        gzclose(f);
#else
        throw file_error(path + ": gzip input needs zlib, which this build of unbundle was compiled without");
#endif
    } else {
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (!f) throw file_error(path + ": cannot open for reading");
        std::fseek(f, 0, SEEK_END);
        const long size = std::ftell(f);
        std::fseek(f, 0, SEEK_SET);
        if (size > 0) {
            out.resize(static_cast<std::size_t>(size));
            const std::size_t got = std::fread(out.data(), 1, out.size(), f);
            out.resize(got);
        }
        std::fclose(f);
    }
    require_content(out, path);
    return out;
}
UNBUNDLE_CONFIG_END

/// The bytes of a whole file, read-only: mapped into memory where the system can (POSIX `mmap`:
/// no copy, no zeroed buffer), else read into `owned`. See load_file.
struct file_text {
    std::string_view text;
    std::string owned;
    void* map = nullptr;
    std::size_t map_size = 0;

    file_text() = default;
    file_text(const file_text&) = delete;
    file_text& operator=(const file_text&) = delete;
    ~file_text() {
#if UNBUNDLE_CSV_MMAP
        if (map) ::munmap(map, map_size);
#endif
    }
};

UNBUNDLE_CONFIG_BEGIN // the body depends on UNBUNDLE_HAS_ZLIB (config.hpp)
/// Loads the file at `path` into `out`: a plain file is mapped (POSIX), a `.gz` file is inflated
/// (read_file_contents), and a file that cannot be mapped is read. Same errors as
/// read_file_contents (missing, unreadable or empty file).
template <class Dep = void> inline void load_file(const std::string& path, detail::dependent_t<file_text, Dep>& out) {
    const bool gz = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
#if UNBUNDLE_CSV_MMAP
    const int fd = gz ? -1 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        const auto size = static_cast<std::size_t>(st.st_size);
#ifdef MAP_POPULATE
        void* m = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
#else
        void* m = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
#endif
        if (m != MAP_FAILED) {
            out.map = m;
            out.map_size = size;
            out.text = std::string_view(static_cast<const char*>(m), size);
        }
    }
    if (fd >= 0) ::close(fd);
    if (out.map) {
        require_content(out.text, path);
        return;
    }
#endif
    (void)gz;
    out.owned = read_file_contents(path); // .gz, an empty or special file, no mmap: the same errors
    out.text = out.owned;
}
UNBUNDLE_CONFIG_END

/// "file:line:column: " prefix of error messages.
template <class D = void> inline std::string where(const std::string& source, std::size_t line, std::size_t col) {
    std::string s = source;
    s += ':';
    s += std::to_string(line);
    if (col) {
        s += ':';
        s += std::to_string(col);
    }
    s += ": ";
    return s;
}

/// The 8 bytes at p as one word, first byte lowest.
template <class Dep = void> inline std::uint64_t load_le64(const char* p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    std::uint64_t w = 0;
    std::memcpy(&w, p, sizeof w); // one load
    return w;
#else
    std::uint64_t w = 0;
    for (int i = 7; i >= 0; --i) w = (w << 8) | static_cast<unsigned char>(p[i]);
    return w;
#endif
}

/// Whether the 8 bytes at p are all decimal digits; if so, `v` is their value (SWAR: a few
/// multiplications instead of eight steps).
template <class Dep = void> inline bool eight_digits(const char* p, std::uint32_t& v) {
    std::uint64_t w = load_le64(p);
    // every byte 0x30..0x39: its high nibble is 3, and still 3 after adding 6
    if ((w & 0xF0F0F0F0F0F0F0F0ull) != 0x3030303030303030ull ||
        ((w + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) != 0x3030303030303030ull)
        return false;
    w -= 0x3030303030303030ull;
    w = w * 10 + (w >> 8);                                                 // 2-digit values in bytes 0, 2, 4, 6
    w = (((w & 0x000000FF000000FFull) * 0x000F424000000064ull) +           // x 100, x 1000000
         (((w >> 16) & 0x000000FF000000FFull) * 0x0000271000000001ull)) >> // x 1, x 10000
        32;
    v = static_cast<std::uint32_t>(w);
    return true;
}

/// Appends the decimal digits at [q, end) to m (m = 10 m + digit, modulo 2^64) and returns where
/// they stop.
template <class Dep = void> inline const char* scan_digits(const char* q, const char* end, std::uint64_t& m) {
    std::uint32_t e8 = 0;
    while (end - q >= 8 && eight_digits(q, e8)) {
        m = m * 100000000u + e8;
        q += 8;
    }
    while (q < end && static_cast<unsigned>(*q - '0') < 10) m = m * 10 + static_cast<unsigned>(*q++ - '0');
    return q;
}

/// The slow path of scan_double: std::from_chars (long mantissas, large exponents, inf and nan).
template <class Dep = void> inline bool scan_double_slow(const char*& p, const char* end, double& v) {
    const char* b = p;
    if (b < end && *b == '+') ++b;
    const auto r = std::from_chars(b, end, v);
    if (r.ptr == b || (r.ec != std::errc() && r.ec != std::errc::result_out_of_range)) return false;
    if (r.ec == std::errc::result_out_of_range) v = std::strtod(std::string(b, r.ptr).c_str(), nullptr); // ±inf or ±0
    p = r.ptr;
    return true;
}

/// m · 10^e10 correctly rounded, for m < 10^19 and |e10| ≤ 27, through one operation in the x87
/// 64-bit-mantissa `long double` (m and 10^|e10| are exact there): the result is rounded once to
/// 64 bits, and rounding that to 53 bits is the correct rounding unless it lies exactly halfway
/// between two doubles. False in that case, and where `long double` is not that format.
template <class Dep = void> inline bool extended_fast_path(std::uint64_t m, int e10, double& v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if constexpr (std::numeric_limits<long double>::digits == 64) {
        static constexpr long double pow10[28] = {1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
                                                  1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
                                                  1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};
        auto r = static_cast<long double>(m);
        r = e10 < 0 ? r / pow10[-e10] : r * pow10[e10];
        std::uint64_t mantissa = 0; // the explicit 64-bit significand (x87 format, little-endian)
        std::memcpy(&mantissa, &r, sizeof mantissa);
        if ((mantissa & 0x7FF) == 0x400) return false; // exactly halfway: the rounding needs more digits
        v = static_cast<double>(r);
        return true;
    }
#endif
    (void)m;
    (void)e10;
    (void)v;
    return false;
}

/// For j = 1 ... 22: r[j] = floor(2^(64 + b[j]) / 5^j), in [2^63, 2^64), where 2^b[j] ≤ 5^j < 2^(b[j] + 1)
/// (5^j < 2^52): the reciprocals of multiplication_fast_path.
struct pow5_reciprocals {
    std::uint64_t r[23];
    int b[23];
};

template <class Dep = void> constexpr pow5_reciprocals make_pow5_reciprocals() {
    pow5_reciprocals t{};
    std::uint64_t d = 1;
    for (int j = 1; j < 23; ++j) {
        d *= 5;
        int b = 0;
        while ((d >> (b + 1)) != 0) ++b;
        std::uint64_t q = 0, rem = 0; // long division of 2^(64 + b), one bit at a time (rem < d < 2^52)
        for (int i = 0; i <= 64 + b; ++i) {
            rem = 2 * rem + (i == 0 ? 1 : 0);
            q = 2 * q + (rem >= d ? 1 : 0);
            if (rem >= d) rem -= d;
        }
        t.r[j] = q;
        t.b[j] = b;
    }
    return t;
}

inline constexpr pow5_reciprocals pow5_reciprocal_table = make_pow5_reciprocals<>();

/// m · 10^-j correctly rounded, for 2^53 < m < 2^64 and 1 ≤ j ≤ 22, by one 64 × 64-bit multiplication:
/// with m shifted to 64 bits, floor(m · 2^b / 5^j) is the high word H of m · r (pow5_reciprocals) or
/// H + 1 (r is short of 2^(64 + b) / 5^j by less than one, so m · r is short by less than 2^64),
/// and 2^-j is exact. Rounding H to 53 bits is therefore right unless the bits rounded off lie one
/// or zero below half: false then (two in 1024), and where the compiler has no 128-bit integers.
template <class Dep = void> inline bool multiplication_fast_path(std::uint64_t m, int j, double& v) {
#if defined(__SIZEOF_INT128__)
    __extension__ using uint128 = unsigned __int128; // (GCC, Clang)
    const int lz = __builtin_clzll(m);               // (m > 2^53: at most 10)
    const auto h = static_cast<std::uint64_t>((uint128{m << lz} * pow5_reciprocal_table.r[j]) >> 64);
    const int sh = (h >> 63) != 0 ? 11 : 10; // H has 64 or 63 bits
    const std::uint64_t half = std::uint64_t{1} << (sh - 1);
    const std::uint64_t rest = h & ((std::uint64_t{1} << sh) - 1);
    if (rest + 1 == half || rest == half) return false;
    std::uint64_t mant = (h >> sh) + (rest > half ? 1 : 0);
    int e2 = 1023 + 52 + sh - pow5_reciprocal_table.b[j] - lz - j;
    if (mant >> 53) { // rounded up to 2^53
        mant >>= 1;
        ++e2;
    }
    const std::uint64_t bits = (static_cast<std::uint64_t>(e2) << 52) | (mant & ((std::uint64_t{1} << 52) - 1));
    std::memcpy(&v, &bits, sizeof v);
    return true;
#else
    (void)m;
    (void)j;
    (void)v;
    return false;
#endif
}

/// 10^0 ... 10^22, the powers of ten that are exact doubles.
inline constexpr double pow10_table[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                           1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/// scan_double for every form: exponents, more than 19 digits, inf, nan, text.
template <class Dep = void>
UNBUNDLE_CSV_NOINLINE inline bool scan_double_general(const char*& p, const char* end, double& v) {
    const auto& pow10 = pow10_table;
    const char* q = p;
    const bool neg = q < end && *q == '-';
    if (q < end && (*q == '-' || *q == '+')) ++q;
    const char* const digits = q;
    std::uint64_t m = 0;
    q = scan_digits(q, end, m);
    std::ptrdiff_t ndigits = q - digits, frac = 0;
    if (q < end && *q == '.') {
        const char* const f = q + 1;
        q = scan_digits(f, end, m);
        frac = q - f;
        ndigits += frac;
    }
    if (ndigits == 0) return scan_double_slow(p, end, v); // inf, nan, or no number
    const char* const mantissa_end = q;
    std::int64_t e10 = -static_cast<std::int64_t>(frac);
    if (q < end && (*q == 'e' || *q == 'E')) {
        const char* e = q + 1;
        const bool eneg = e < end && *e == '-';
        if (e < end && (*e == '-' || *e == '+')) ++e;
        if (e < end && static_cast<unsigned>(*e - '0') < 10) {
            std::int64_t x = 0;
            for (; e < end && static_cast<unsigned>(*e - '0') < 10; ++e)
                if (x < 100000) x = x * 10 + (*e - '0');
            e10 += eneg ? -x : x;
            q = e;
        }
    }
    if (ndigits > 19) { // m wrapped unless the digits beyond 19 were leading zeros
        for (const char* z = digits; z < mantissa_end && (*z == '0' || *z == '.'); ++z) ndigits -= *z == '0';
        if (ndigits > 19) return scan_double_slow(p, end, v);
    }
    double d = 0;
    if (m <= (std::uint64_t{1} << 53) && e10 >= -22 && e10 <= 22) {
        d = static_cast<double>(m);
        d = e10 < 0 ? d / pow10[-e10] : d * pow10[e10];
    } else if (e10 < -27 || e10 > 27 || !extended_fast_path(m, static_cast<int>(e10), d)) {
        return scan_double_slow(p, end, v);
    }
    v = neg ? -d : d;
    p = q;
    return true;
}

/// Reads a number at [p, end) and advances p past it; false (p unchanged) when no number starts
/// there. Correctly rounded: decimal numbers m · 10^e of at most 19 significant digits are
/// converted by one IEEE multiplication or division when m ≤ 2^53 and |e| ≤ 22 (Clinger's fast
/// path), else by extended_fast_path when |e| ≤ 27; everything else goes to std::from_chars.
/// This is the short path for plain decimals of at most 19 digits, small enough to be inlined
/// in the readers' loops (above 2^53, by multiplication_fast_path first, then by
/// extended_fast_path where it cannot decide); any other form goes to scan_double_general.
template <class Dep = void> inline bool scan_double(const char*& p, const char* end, double& v) {
    const char* q = p;
    const bool neg = q < end && *q == '-';
    q += neg;
    const char* const digits = q;
    std::uint64_t m = 0;
    q = scan_digits(q, end, m);
    std::ptrdiff_t ndigits = q - digits;
    int e10 = 0;
    if (q < end && *q == '.') {
        const char* const f = q + 1;
        q = scan_digits(f, end, m);
        e10 = -static_cast<int>(q - f);
        ndigits += q - f;
    }
    auto d = static_cast<double>(m);
    if (ndigits == 0 || ndigits > 19 || e10 < -22 || (q < end && (*q | 0x20) == 'e') ||
        (m > (std::uint64_t{1} << 53) && e10 != 0 && !multiplication_fast_path(m, -e10, d) &&
         !extended_fast_path(m, e10, d)))
        return scan_double_general(p, end, v);
    if (m <= (std::uint64_t{1} << 53) && e10 != 0) d /= pow10_table[-e10];
    v = neg ? -d : d;
    p = q;
    return true;
}

/// Parses a cell holding one number, allowing surrounding blanks and a leading '+'. Returns false
/// unless the whole cell is one number. Correctly rounded (see scan_double).
template <class Dep = void> inline bool parse_double(std::string_view s, double& v) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    if (s.empty()) return false;
    const char* b = s.data();
    const char* e = b + s.size();
    return scan_double(b, e, v) && b == e;
}

/// Splits a CSV buffer into records and fields (RFC 4180: quoted fields may hold separators,
/// doubled quotes and line breaks). Views point into the buffer or into an internal scratch
/// area valid until the next call to next().
class csv_tokenizer {
  public:
    template <class D = void>
    csv_tokenizer(std::string_view text, char sep, std::string source)
        : p_(text.data()), end_(text.data() + text.size()), sep_(sep), source_(std::move(source)) {
        // Skip a UTF-8 byte-order mark.
        if (end_ - p_ >= 3 && static_cast<unsigned char>(p_[0]) == 0xEF && static_cast<unsigned char>(p_[1]) == 0xBB &&
            static_cast<unsigned char>(p_[2]) == 0xBF)
            p_ += 3;
    }

    /// Reads the next non-blank record into `fields`. Returns false at the end of input.
    template <class D = void> bool next(std::vector<std::string_view>& fields) {
        fields.clear();
        scratch_.clear();
        // skip blank lines
        while (p_ < end_ && (*p_ == '\n' || *p_ == '\r')) {
            if (*p_ == '\n') ++line_;
            ++p_;
        }
        if (p_ >= end_) return false;
        record_line_ = line_;
        for (;;) {
            if (p_ < end_ && *p_ == '"') {
                // quoted field
                const std::size_t open_line = line_;
                ++p_;
                const char* start = p_;
                bool escaped = false;
                for (;;) {
                    if (p_ >= end_)
                        throw parse_error(where(source_, open_line, fields.size() + 1) +
                                              "quoted field is not closed before the end of the file",
                                          source_, open_line, fields.size() + 1);
                    if (*p_ == '"') {
                        if (p_ + 1 < end_ && p_[1] == '"') {
                            escaped = true;
                            p_ += 2;
                            continue;
                        }
                        break;
                    }
                    if (*p_ == '\n') ++line_;
                    ++p_;
                }
                std::string_view raw(start, static_cast<std::size_t>(p_ - start));
                ++p_; // closing quote
                if (escaped) {
                    scratch_.emplace_back();
                    std::string& s = scratch_.back();
                    s.reserve(raw.size());
                    for (std::size_t i = 0; i < raw.size(); ++i) {
                        s.push_back(raw[i]);
                        if (raw[i] == '"') ++i;
                    }
                    fields.emplace_back(s);
                } else {
                    fields.push_back(raw);
                }
                // after a closing quote: separator, end of line or end of input
                if (p_ < end_ && *p_ != sep_ && *p_ != '\n' && *p_ != '\r')
                    throw parse_error(where(source_, line_, fields.size()) +
                                          "unexpected character after a closing quote",
                                      source_, line_, fields.size());
            } else {
                const char* start = p_;
                while (p_ < end_ && *p_ != sep_ && *p_ != '\n') ++p_;
                const char* stop = p_;
                if (stop > start && stop[-1] == '\r') --stop;
                fields.emplace_back(start, static_cast<std::size_t>(stop - start));
            }
            if (p_ < end_ && *p_ == sep_) {
                ++p_;
                continue;
            }
            // end of record
            if (p_ < end_ && *p_ == '\r') ++p_;
            if (p_ < end_ && *p_ == '\n') {
                ++p_;
                ++line_;
            }
            return true;
        }
    }

    /// 1-based line on which the current record starts.
    std::size_t line() const noexcept { return record_line_; }
    const std::string& source() const noexcept { return source_; }
    /// Where the next record starts.
    const char* position() const noexcept { return p_; }

  private:
    const char* p_;
    const char* end_;
    char sep_;
    std::string source_;
    std::size_t line_ = 1;
    std::size_t record_line_ = 1;
    std::deque<std::string> scratch_;
};

template <class Dep = void>
inline bool is_na(std::string_view cell, const detail::dependent_t<std::vector<std::string>, Dep>& na_values) {
    for (const auto& na : na_values)
        if (cell == na) return true;
    return false;
}

} // namespace detail

/// The kind of a column: numbers or text (stored as codes into a table of levels).
enum class column_kind { numeric, text };

/// One named column of a data_frame. Numeric columns hold doubles (NaN where missing);
/// text columns hold integer codes into `levels()` in order of first appearance (-1 where missing).
class column {
  public:
    column() = default;
    /// A numeric column.
    template <class D = void>
    column(std::string name, std::vector<double> values, std::vector<std::uint8_t> missing = {})
        : name_(std::move(name)), num_(std::move(values)), missing_(std::move(missing)) {
        if (!missing_.empty() && missing_.size() != num_.size())
            throw dimension_error("column '" + name_ + "': missing mask and values differ in length");
    }
    /// A text column from codes and levels.
    template <class D = void>
    column(std::string name, std::vector<std::int32_t> codes, std::vector<std::string> levels)
        : name_(std::move(name)), kind_(column_kind::text), codes_(std::move(codes)), levels_(std::move(levels)) {}

    const std::string& name() const noexcept { return name_; }
    column_kind kind() const noexcept { return kind_; }
    bool is_numeric() const noexcept { return kind_ == column_kind::numeric; }
    index_t size() const noexcept {
        return static_cast<index_t>(kind_ == column_kind::numeric ? num_.size() : codes_.size());
    }

    /// The numbers of a numeric column. Throws parse_error naming the first cell that is not a
    /// number (file, line, column) when the column holds text.
    template <class D = void> const std::vector<double>& values() const {
        if (kind_ != column_kind::numeric) {
            if (bad_line_)
                throw parse_error(detail::where(source_, bad_line_, bad_col_) + "column '" + name_ +
                                      "' must be numeric but holds '" + bad_text_ + "'",
                                  source_, bad_line_, bad_col_);
            throw domain_error("column '" + name_ + "' must be numeric but holds text");
        }
        return num_;
    }
    /// Codes into levels() of a text column (-1 = missing).
    template <class D = void> const std::vector<std::int32_t>& codes() const {
        if (kind_ != column_kind::text) throw domain_error("column '" + name_ + "' is numeric, not text");
        return codes_;
    }
    template <class D = void> const std::vector<std::string>& levels() const {
        if (kind_ != column_kind::text) throw domain_error("column '" + name_ + "' is numeric, not text");
        return levels_;
    }
    /// Whether row i is missing.
    template <class D = void> bool missing(index_t i) const {
        const auto k = static_cast<std::size_t>(i);
        if (kind_ == column_kind::text) return codes_[k] < 0;
        return !missing_.empty() && missing_[k] != 0;
    }
    /// Number of missing cells.
    template <class D = void> index_t missing_count() const {
        if (kind_ == column_kind::text) return static_cast<index_t>(std::count(codes_.begin(), codes_.end(), -1));
        return static_cast<index_t>(std::count(missing_.begin(), missing_.end(), std::uint8_t{1}));
    }
    /// The cell as text (numbers printed with full precision; "" when missing).
    template <class D = void> std::string text(index_t i) const {
        const auto k = static_cast<std::size_t>(i);
        if (missing(i)) return {};
        if (kind_ == column_kind::text) return levels_[static_cast<std::size_t>(codes_[k])];
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, num_[k]);
        return std::string(buf, r.ptr);
    }

    /// Dense integer codes 0..levels-1 for any column (numeric values become levels in order of
    /// first appearance): the form fixed effects and economy indices take. Missing cells get -1.
    template <class D = void>
    std::vector<std::int32_t> factorize(std::vector<std::string>* level_names = nullptr) const {
        if (kind_ == column_kind::text) {
            if (level_names) *level_names = levels_;
            return codes_;
        }
        std::vector<std::int32_t> out(num_.size());
        std::unordered_map<double, std::int32_t> seen;
        seen.reserve(64);
        if (level_names) level_names->clear();
        for (std::size_t i = 0; i < num_.size(); ++i) {
            if (!missing_.empty() && missing_[i]) {
                out[i] = -1;
                continue;
            }
            const auto it = seen.find(num_[i]);
            if (it != seen.end()) {
                out[i] = it->second;
            } else {
                const auto code = static_cast<std::int32_t>(seen.size());
                seen.emplace(num_[i], code);
                out[i] = code;
                if (level_names) level_names->push_back(text(static_cast<index_t>(i)));
            }
        }
        return out;
    }

    /// Where the column came from, for messages (set by the readers).
    void set_source(std::string source) { source_ = std::move(source); }
    /// Records the first cell that was not a number (used for the error of values()).
    void set_first_non_numeric(std::size_t line, std::size_t col, std::string text) {
        bad_line_ = line;
        bad_col_ = col;
        bad_text_ = std::move(text);
    }

  private:
    std::string name_;
    column_kind kind_ = column_kind::numeric;
    std::vector<double> num_;
    std::vector<std::uint8_t> missing_;
    std::vector<std::int32_t> codes_;
    std::vector<std::string> levels_;
    std::string source_;
    std::size_t bad_line_ = 0, bad_col_ = 0;
    std::string bad_text_;
};

/// A table of named, typed columns of equal length (a long bilateral panel, say).
class data_frame {
  public:
    data_frame() = default;
    explicit data_frame(std::string source) : source_(std::move(source)) {}

    index_t rows() const noexcept { return columns_.empty() ? rows_ : columns_.front().size(); }
    index_t cols() const noexcept { return static_cast<index_t>(columns_.size()); }
    const std::vector<column>& columns() const noexcept { return columns_; }
    const std::string& source() const noexcept { return source_; }

    template <class D = void> bool has(std::string_view name) const { return find(name) != nullptr; }
    template <class D = void> const column* find(std::string_view name) const {
        for (const auto& c : columns_)
            if (c.name() == name) return &c;
        return nullptr;
    }
    /// The column called `name`; key_error naming the source and the available columns otherwise.
    template <class D = void> const column& operator[](std::string_view name) const {
        if (const column* c = find(name)) return *c;
        std::string msg = (source_.empty() ? std::string("data") : source_) + ": unknown column '" + std::string(name) +
                          "'; columns are:";
        for (const auto& c : columns_) msg += " " + c.name();
        throw key_error(msg);
    }
    /// Adds a column; dimension_error if its length differs, usage_error if the name is taken.
    template <class D = void> void add(column c) {
        if (!columns_.empty() && c.size() != rows())
            throw dimension_error("data_frame: column '" + c.name() + "' has " + std::to_string(c.size()) +
                                  " rows, the table has " + std::to_string(rows()));
        if (has(c.name())) throw dimension_error("data_frame: duplicate column name '" + c.name() + "'");
        if (c.size() == 0 && columns_.empty()) rows_ = 0;
        columns_.push_back(std::move(c));
    }
    /// Keeps the rows where `keep[i]` is true (a new frame).
    template <class D = void> data_frame filter(const std::vector<bool>& keep) const;

  private:
    std::string source_;
    std::vector<column> columns_;
    index_t rows_ = 0;
};

template <class D> inline data_frame data_frame::filter(const std::vector<bool>& keep) const {
    if (static_cast<index_t>(keep.size()) != rows())
        throw dimension_error("data_frame::filter: mask has " + std::to_string(keep.size()) + " entries, table has " +
                              std::to_string(rows()) + " rows");
    data_frame out(source_);
    for (const auto& c : columns_) {
        if (c.is_numeric()) {
            std::vector<double> v;
            std::vector<std::uint8_t> m;
            const auto& src = c.values();
            for (std::size_t i = 0; i < keep.size(); ++i)
                if (keep[i]) {
                    v.push_back(src[i]);
                    if (c.missing(static_cast<index_t>(i)) || !m.empty()) {
                        m.resize(v.size(), 0);
                        m.back() = c.missing(static_cast<index_t>(i)) ? 1 : 0;
                    }
                }
            if (!m.empty()) m.resize(v.size(), 0);
            column nc(c.name(), std::move(v), std::move(m));
            nc.set_source(source_);
            out.add(std::move(nc));
        } else {
            std::vector<std::int32_t> codes;
            const auto& src = c.codes();
            for (std::size_t i = 0; i < keep.size(); ++i)
                if (keep[i]) codes.push_back(src[i]);
            column nc(c.name(), std::move(codes), c.levels());
            nc.set_source(source_);
            out.add(std::move(nc));
        }
    }
    return out;
}

namespace detail {

struct column_builder {
    std::string name;
    bool numeric = true;
    std::vector<double> num;
    std::vector<std::uint8_t> missing;
    bool any_missing = false;
    std::vector<std::int32_t> codes;
    std::deque<std::string> levels;
    std::unordered_map<std::string_view, std::int32_t> lookup;
    std::size_t bad_line = 0, bad_col = 0;
    std::string bad_text;

    template <class D = void> void add_text(std::string_view cell) {
        const auto it = lookup.find(cell);
        if (it != lookup.end()) {
            codes.push_back(it->second);
            return;
        }
        const auto code = static_cast<std::int32_t>(levels.size());
        levels.emplace_back(cell);
        lookup.emplace(std::string_view(levels.back()), code);
        codes.push_back(code);
    }

    /// Back to no rows (the name stays; numeric as given).
    template <class D = void> void reset(bool is_numeric) {
        numeric = is_numeric;
        num.clear();
        missing.clear();
        any_missing = false;
        codes.clear();
        lookup.clear();
        levels.clear();
        bad_line = bad_col = 0;
        bad_text.clear();
    }
};

/// The data_frame of the parsed columns (moved out of the builders).
template <class Dep = void>
inline data_frame make_data_frame(detail::dependent_t<std::vector<column_builder>, Dep>& cols,
                                  const std::string& source) {
    data_frame df(source);
    for (auto& c : cols) {
        if (c.numeric) {
            if (!c.any_missing) c.missing.clear();
            column out(c.name, std::move(c.num), std::move(c.missing));
            out.set_source(source);
            df.add(std::move(out));
        } else {
            std::vector<std::string> levels(std::make_move_iterator(c.levels.begin()),
                                            std::make_move_iterator(c.levels.end()));
            column out(c.name, std::move(c.codes), std::move(levels));
            out.set_source(source);
            if (c.bad_line) out.set_first_non_numeric(c.bad_line, c.bad_col, c.bad_text);
            df.add(std::move(out));
        }
    }
    return df;
}

/// a == b, compared in line (text codes are a few characters: no call to memcmp).
template <class D = void> inline bool same_text(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

/// About how many lines [p, end) holds, from the line breaks in four samples of 64 KiB spread over
/// it, plus 8%: room to reserve for its rows without counting every line break (more rows than
/// that only cost a reallocation).
template <class D = void> inline std::size_t estimate_lines(const char* p, const char* end) {
    const auto size = static_cast<std::size_t>(end - p);
    constexpr std::size_t sample = std::size_t{1} << 16;
    if (size <= 4 * sample) return static_cast<std::size_t>(std::count(p, end, '\n')) + 1;
    std::size_t breaks = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const char* b = p + (size - sample) / 3 * i;
        breaks += static_cast<std::size_t>(std::count(b, b + sample, '\n'));
    }
    return static_cast<std::size_t>(static_cast<double>(size) / static_cast<double>(4 * sample) *
                                    static_cast<double>(breaks) * 1.08) +
           64;
}

/// Doubles in a 2 MiB huge page.
inline constexpr std::size_t huge_page_doubles = (std::size_t{1} << 21) / sizeof(double);

/// Asks the system to back the 2 MiB-aligned part of [p, p + bytes) (memory not yet written) with
/// huge pages (Linux, transparent huge pages in `madvise` mode): a large column is then zeroed
/// and mapped in a few page faults instead of one per 4 KiB. Nothing elsewhere.
inline void advise_huge_pages(const void* p, std::size_t bytes) noexcept {
#if UNBUNDLE_CSV_MMAP && defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::size_t huge = std::size_t{1} << 21;
    const std::size_t lead = (huge - reinterpret_cast<std::uintptr_t>(p) % huge) % huge; // to the first boundary
    if (bytes <= lead) return;
    const std::size_t length = (bytes - lead) & ~(huge - 1);
    if (length > 0) // advice only: a failure is harmless
        ::madvise(const_cast<char*>(static_cast<const char*>(p)) + lead, length, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

/// Threads that read `bytes` of text: `threads` when positive, else the cores (at most 4); at most
/// one per MiB.
template <class D = void> inline std::size_t reader_threads(int threads, std::size_t bytes) noexcept {
    const std::size_t hw = threads > 0 ? static_cast<std::size_t>(threads)
                                       : std::min<std::size_t>(4, std::max(1u, std::thread::hardware_concurrency()));
    return std::min<std::size_t>(hw, std::max<std::size_t>(1, bytes >> 20));
}

/// Whether a number read up to q ends its field (a carriage return that ends it is skipped).
inline bool csv_number_ends(const char*& q, const char* end, char sep) {
    if (q < end && *q == '\r' && (q + 1 == end || q[1] == sep || q[1] == '\n')) ++q;
    return q == end || *q == sep || *q == '\n';
}

/// The rows of [p, end) into `cols`, whose kinds are known (see parse_csv_rows_fast); `reserve`:
/// the rows to reserve room for. False when the text is declined.
template <class Dep = void>
inline bool parse_csv_rows_in_place(const char* p, const char* end, const detail::dependent_t<csv_options, Dep>& opt,
                                    detail::dependent_t<std::vector<column_builder>, Dep>& cols, std::size_t reserve) {
    const char sep = opt.sep;
    const std::size_t width = cols.size();
    for (auto& c : cols) {
        if (c.numeric) {
            // a column of 1 MiB or more gets 2 MiB more room (address space, never written): then all of it
            // past its first 2 MiB boundary can be huge pages
            const std::size_t room = reserve + (reserve >= huge_page_doubles / 2 ? huge_page_doubles : 0);
            c.num.reserve(c.num.size() + room);
            advise_huge_pages(c.num.data() + c.num.size(), room * sizeof(double));
        } else {
            c.codes.reserve(c.codes.size() + reserve);
        }
    }
    std::vector<std::string_view> last(width);
    std::vector<std::int32_t> last_code(width, -1);
    // end of a field that starts at q (at the separator, the line break or the end); null at a quote
    // character, which declines the text (every byte of it is part of a field read here or a
    // separator, so no quote goes unseen, and no pass over the text before is needed)
    const auto field_end = [&](const char* q) -> const char* {
        for (; q < end && *q != sep && *q != '\n'; ++q)
            if (*q == '"') return nullptr;
        return q;
    };
    // the field [b, e) without one trailing carriage return, as the tokenizer gives it
    const auto view = [](const char* b, const char* e) {
        if (e > b && e[-1] == '\r') --e;
        return std::string_view(b, static_cast<std::size_t>(e - b));
    };
    while (p < end) {
        if (*p == '\n' || *p == '\r') return false; // blank line (the general path skips it)
        for (std::size_t k = 0; k < width; ++k) {
            column_builder& c = cols[k];
            const char* cell = p;
            if (c.numeric) {
                double v;
                if (scan_double(p, end, v) && csv_number_ends(p, end, sep)) {
                    if (!std::isfinite(v)) return false;
                    c.num.push_back(v);
                    if (c.any_missing) c.missing.push_back(0);
                } else {
                    p = field_end(cell);
                    if (p == nullptr || !is_na(view(cell, p), opt.na_values)) return false; // text in a numeric column
                    if (!c.any_missing) {
                        c.missing.assign(c.num.size(), 0);
                        c.any_missing = true;
                    }
                    c.num.push_back(std::numeric_limits<double>::quiet_NaN());
                    c.missing.push_back(1);
                }
            } else {
                p = field_end(cell);
                if (p == nullptr) return false;
                const std::string_view s = view(cell, p);
                const auto next = static_cast<std::size_t>(last_code[k]) + 1; // (0 after a missing cell)
                if (last_code[k] >= 0 && same_text(s, last[k])) {
                    c.codes.push_back(last_code[k]);
                } else if (next < c.levels.size() && same_text(s, c.levels[next])) {
                    // the level after the last one (panels sorted by this column's partner)
                    c.codes.push_back(static_cast<std::int32_t>(next));
                    last[k] = s;
                    last_code[k] = static_cast<std::int32_t>(next);
                } else if (is_na(s, opt.na_values)) {
                    c.codes.push_back(-1);
                } else {
                    c.add_text(s);
                    last[k] = s;
                    last_code[k] = c.codes.back();
                }
            }
            if (k + 1 < width) {
                if (p >= end || *p != sep) return false; // too few fields
                ++p;
            } else if (p < end) {
                if (*p != '\n') return false; // too many fields
                ++p;
            }
        }
    }
    return true;
}

/// Appends the rows of `part` (parsed after those of `into`, same kinds) to `into`: numbers and
/// missing masks are concatenated, text codes are mapped to `into`'s levels (new levels keep
/// their order of first appearance).
template <class Dep = void>
inline void append_rows(detail::dependent_t<column_builder, Dep>& into,
                        detail::dependent_t<column_builder, Dep>& part) {
    if (into.numeric) {
        if (part.any_missing || into.any_missing) {
            if (!into.any_missing) {
                into.missing.assign(into.num.size(), 0);
                into.any_missing = true;
            }
            if (part.any_missing)
                into.missing.insert(into.missing.end(), part.missing.begin(), part.missing.end());
            else
                into.missing.resize(into.missing.size() + part.num.size(), 0);
        }
        into.num.insert(into.num.end(), part.num.begin(), part.num.end());
        return;
    }
    std::vector<std::int32_t> map(part.levels.size());
    bool same = true; // part's codes are into's (its levels came in the same order)
    for (std::size_t j = 0; j < part.levels.size(); ++j) {
        const auto it = into.lookup.find(std::string_view(part.levels[j]));
        if (it != into.lookup.end()) {
            map[j] = it->second;
        } else {
            const auto code = static_cast<std::int32_t>(into.levels.size());
            into.levels.push_back(std::move(part.levels[j]));
            into.lookup.emplace(std::string_view(into.levels.back()), code);
            map[j] = code;
        }
        same = same && map[j] == static_cast<std::int32_t>(j);
    }
    if (same) {
        into.codes.insert(into.codes.end(), part.codes.begin(), part.codes.end());
        return;
    }
    const std::size_t at = into.codes.size();
    into.codes.resize(at + part.codes.size());
    std::int32_t* out = into.codes.data() + at;
    for (const std::int32_t c : part.codes) *out++ = c < 0 ? c : map[static_cast<std::size_t>(c)];
}

/// Frees the rows of a builder whose rows were appended elsewhere.
template <class D = void> inline void release_rows(column_builder& c) noexcept {
    std::vector<double>().swap(c.num);
    std::vector<std::uint8_t>().swap(c.missing);
    std::vector<std::int32_t>().swap(c.codes);
}

/// Fast path of parse_csv_impl for the common long panel, from `p` (the first data row, on line
/// `first_line`) to `end`: no quote character, no blank line, a separator that cannot occur in a
/// number, every row with one field per column, numeric cells written without blanks. Column
/// kinds come from the first data row as in the general path; cells are read in place (numbers by
/// scan_double; text compared with the previous cell's level and the level after it before any hash
/// lookup), by up to csv_options::threads threads
/// over blocks of whole lines when the text is large (each block's text levels are then mapped,
/// in order, to those of the blocks before). Returns false as soon as anything else is met (a text
/// cell in a numeric column, a ragged row, a non-finite number, ...): the caller then resets `cols`
/// and the general path reads the text, giving the same result or the same error.
template <class Dep = void>
inline bool parse_csv_rows_fast(const char* p, const char* end, std::size_t first_line,
                                const detail::dependent_t<csv_options, Dep>& opt,
                                detail::dependent_t<std::vector<column_builder>, Dep>& cols) {
    const char sep = opt.sep;
    if (sep != ',' && sep != ';' && sep != '\t' && sep != '|') return false;
    const auto size = static_cast<std::size_t>(end - p);
    const std::size_t nthreads = reader_threads(opt.threads, size);
    for (const auto& na : opt.na_values) {
        double v;
        if (parse_double(na, v)) return false; // a missing-value code that reads as a number
    }
    const std::size_t width = cols.size();
    // the kind of each column, from its cell in the first data row (as the general path decides it)
    if (p < end) {
        const char* q = p;
        for (std::size_t k = 0; k < width; ++k) {
            double v;
            const char* cell = q;
            if (!(scan_double(q, end, v) && csv_number_ends(q, end, sep))) {
                q = cell;
                while (q < end && *q != sep && *q != '\n') ++q;
                const char* e = q > cell && q[-1] == '\r' ? q - 1 : q;
                const std::string_view s(cell, static_cast<std::size_t>(e - cell));
                if (is_na(s, opt.na_values) || parse_double(s, v)) return false;
                cols[k].numeric = false;
                cols[k].bad_line = first_line;
                cols[k].bad_col = k + 1;
                cols[k].bad_text = std::string(s);
            }
            if (k + 1 < width) {
                if (q >= end || *q != sep) return false;
                ++q;
            }
        }
    }
    const std::size_t lines = estimate_lines(p, end);
    if (nthreads == 1) return parse_csv_rows_in_place(p, end, opt, cols, lines);
    // blocks of whole lines
    std::vector<const char*> cut(nthreads + 1, end);
    cut[0] = p;
    for (std::size_t t = 1; t < nthreads; ++t) {
        const char* q = std::max(cut[t - 1], p + size * t / nthreads);
        const void* nl = q < end ? std::memchr(q, '\n', static_cast<std::size_t>(end - q)) : nullptr;
        cut[t] = nl ? static_cast<const char*>(nl) + 1 : end;
    }
    std::vector<std::vector<column_builder>> parts(nthreads - 1, std::vector<column_builder>(width));
    for (auto& part : parts)
        for (std::size_t k = 0; k < width; ++k) part[k].numeric = cols[k].numeric;
    std::vector<char> ok(nthreads, 0);
    const auto work = [&](std::size_t t) {
        try {
            // the first block's columns receive the others' rows: room for all of them
            const std::size_t room = t == 0 ? lines : lines / nthreads + 64;
            ok[t] = parse_csv_rows_in_place(cut[t], cut[t + 1], opt, t == 0 ? cols : parts[t - 1], room) ? 1 : 0;
        } catch (...) {
            ok[t] = 0; // (out of memory) the general path will say so
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < nthreads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& th : pool) th.join();
    if (std::find(ok.begin(), ok.end(), 0) != ok.end()) return false;
    // the other blocks' rows are appended in order, column by column, the columns shared out among
    // the threads (each column is independent)
    const auto merge = [&](std::size_t t) {
        try {
            for (std::size_t k = t; k < width; k += nthreads)
                for (auto& part : parts) {
                    append_rows(cols[k], part[k]);
                    release_rows(part[k]); // here, not on one thread afterwards
                }
        } catch (...) {
            ok[t] = 0;
        }
    };
    pool.clear();
    for (std::size_t t = 1; t < nthreads; ++t) pool.emplace_back(merge, t);
    merge(0);
    for (auto& th : pool) th.join();
    return std::find(ok.begin(), ok.end(), 0) == ok.end();
}

/// Parses CSV text into a data_frame. `force_text[k]` marks columns already known to hold text.
template <class Dep = void>
inline data_frame parse_csv_impl(std::string_view text, const std::string& source,
                                 const detail::dependent_t<csv_options, Dep>& opt,
                                 detail::dependent_t<std::vector<bool>, Dep>& force_text, bool& restart) {
    restart = false;
    csv_tokenizer tok(text, opt.sep, source);
    std::vector<std::string_view> fields;
    if (!tok.next(fields)) throw file_error(source + ": file is empty");
    std::vector<column_builder> cols(fields.size());
    std::size_t first_data_line = 0;
    if (opt.header) {
        for (std::size_t k = 0; k < fields.size(); ++k) {
            std::string_view nm = fields[k];
            while (!nm.empty() && (nm.front() == ' ')) nm.remove_prefix(1);
            while (!nm.empty() && (nm.back() == ' ')) nm.remove_suffix(1);
            cols[k].name = std::string(nm);
            if (cols[k].name.empty()) cols[k].name = "V" + std::to_string(k + 1);
            for (std::size_t m = 0; m < k; ++m)
                if (cols[m].name == cols[k].name)
                    throw dimension_error(where(source, tok.line(), k + 1) + "duplicate column name '" + cols[k].name +
                                          "' in the header (also column " + std::to_string(m + 1) + ")");
        }
    } else {
        for (std::size_t k = 0; k < fields.size(); ++k) cols[k].name = "V" + std::to_string(k + 1);
    }
    if (force_text.size() != cols.size()) {
        force_text.assign(cols.size(), false);
        for (std::size_t k = 0; k < cols.size(); ++k)
            for (const auto& t : opt.text_columns)
                if (t == "*" || t == cols[k].name) force_text[k] = true;
    }
    for (std::size_t k = 0; k < cols.size(); ++k) cols[k].numeric = !force_text[k];
    if (opt.header && std::find(force_text.begin(), force_text.end(), true) == force_text.end()) {
        // unquoted long panels: in place, without splitting records (see parse_csv_rows_fast)
        if (parse_csv_rows_fast(tok.position(), text.data() + text.size(), tok.line() + 1, opt, cols))
            return make_data_frame(cols, source);
        for (auto& c : cols) c.reset(true);
    }
    const std::size_t width = cols.size();
    const std::size_t reserve = std::max<std::size_t>(16, text.size() / (width * 6 + 1));
    for (auto& c : cols) {
        if (c.numeric)
            c.num.reserve(reserve);
        else
            c.codes.reserve(reserve);
    }
    std::size_t nrows = 0;
    bool have_record = !opt.header;
    for (;;) {
        if (!have_record) {
            if (!tok.next(fields)) break;
        }
        have_record = false;
        if (first_data_line == 0) first_data_line = tok.line();
        if (fields.size() != width)
            throw dimension_error(where(source, tok.line(), std::min(fields.size(), width) + 1) + "row has " +
                                  std::to_string(fields.size()) + " fields but the " +
                                  (opt.header ? "header has " : "first row has ") + std::to_string(width));
        for (std::size_t k = 0; k < width; ++k) {
            column_builder& c = cols[k];
            const std::string_view cell = fields[k];
            const bool na = is_na(cell, opt.na_values);
            if (c.numeric) {
                double v = std::numeric_limits<double>::quiet_NaN();
                if (na) {
                    if (!c.any_missing) {
                        c.missing.assign(nrows, 0);
                        c.any_missing = true;
                    }
                    c.num.push_back(v);
                    c.missing.push_back(1);
                    continue;
                }
                if (parse_double(cell, v)) {
                    if (!opt.allow_nonfinite && !std::isfinite(v))
                        throw parse_error(where(source, tok.line(), k + 1) + "column '" + c.name +
                                              "' holds a non-finite value '" + std::string(cell) + "'",
                                          source, tok.line(), k + 1);
                    c.num.push_back(v);
                    if (c.any_missing) c.missing.push_back(0);
                    continue;
                }
                // not a number: the column is text
                if (nrows > 0) {
                    force_text[k] = true;
                    restart = true;
                    return data_frame{};
                }
                c.numeric = false;
                force_text[k] = true;
                c.bad_line = tok.line();
                c.bad_col = k + 1;
                c.bad_text = std::string(cell);
                c.num.clear();
                c.missing.clear();
            }
            if (na) {
                c.codes.push_back(-1);
            } else {
                if (c.bad_line == 0 && c.codes.size() == nrows) {
                    double v;
                    if (!parse_double(cell, v)) {
                        c.bad_line = tok.line();
                        c.bad_col = k + 1;
                        c.bad_text = std::string(cell);
                    }
                }
                c.add_text(cell);
            }
        }
        ++nrows;
    }
    return make_data_frame(cols, source);
}

} // namespace detail

/// Parses CSV text held in memory. `source` names it in error messages.
/// @throws parse_error, dimension_error (ragged rows, duplicate header names), file_error (empty).
template <class Dep = void>
data_frame parse_csv(std::string_view text, const std::string& source = "<csv>", const csv_options& opt = {}) {
    detail::require_content(text, source);
    std::vector<bool> force_text;
    bool restart = false;
    for (;;) {
        data_frame df = detail::parse_csv_impl(text, source, opt, force_text, restart);
        if (!restart) return df;
    }
}

UNBUNDLE_CONFIG_BEGIN // the body depends on UNBUNDLE_HAS_ZLIB (config.hpp)
/// Reads a CSV (or .csv.gz) file into a data_frame: a column is numeric when every non-missing
/// cell is a number, else text. Missing cells are those in `opt.na_values` ("" and "NA").
/// @throws file_error, parse_error, dimension_error — each naming the file and line (and column).
template <class Dep = void> data_frame read_csv(const std::string& path, const csv_options& opt = {}) {
    detail::file_text file;
    detail::load_file(path, file);
    return parse_csv(file.text, path, opt);
}
UNBUNDLE_CONFIG_END

/// A dense matrix with its labels, as stored in the MRIO files: header = column labels,
/// first column = row labels (both optional).
struct labeled_matrix {
    std::vector<std::string> row_labels; ///< empty when the file has no label column
    std::vector<std::string> col_labels; ///< empty when the file has no header
    matrix_d values;
    std::string source;
};

namespace detail {

template <class Dep = void> inline bool looks_numeric(std::string_view cell) {
    double v;
    return parse_double(cell, v);
}

} // namespace detail

namespace detail {

/// Error for a cell of a labeled matrix that is not a finite number.
template <class D = void>
[[noreturn]] inline void bad_matrix_cell(const labeled_matrix& out, std::string_view cell, std::size_t line,
                                         std::size_t col, bool row_labels, const std::string& row_label,
                                         const csv_options& opt, bool nonfinite) {
    const std::string what = nonfinite                    ? "non-finite value '" + std::string(cell) + "'"
                             : is_na(cell, opt.na_values) ? std::string("missing value")
                                                          : "'" + std::string(cell) + "' is not a number";
    std::string place;
    if (row_labels) place += " (row '" + row_label + "'";
    const std::size_t k = col - 1 - (row_labels ? 1 : 0);
    if (!out.col_labels.empty() && k < out.col_labels.size())
        place += std::string(row_labels ? ", " : " (") + "column '" + out.col_labels[k] + "'";
    if (!place.empty()) place += ")";
    throw parse_error(where(out.source, line, col) + what + place, out.source, line, col);
}

/// Fast path of parse_labeled_matrix for unquoted text: rows are split at line breaks and parsed
/// in parallel (csv_options::threads; by default up to 4), numbers read in place by scan_double. Same results and
/// errors as the general path.
template <class Dep = void>
inline labeled_matrix
parse_matrix_rows_fast(std::string_view text, const detail::dependent_t<csv_tokenizer, Dep>& tok,
                       const detail::dependent_t<std::vector<std::string_view>, Dep>& first_fields,
                       detail::dependent_t<labeled_matrix, Dep> out, bool row_labels, std::size_t width,
                       const detail::dependent_t<csv_options, Dep>& opt) {
    const char sep = opt.sep;
    // locate the first data row (the tokenizer has consumed it: find it again by its line number)
    std::size_t line = 1;
    const char* p = text.data();
    const char* end = p + text.size();
    if (end - p >= 3 && static_cast<unsigned char>(p[0]) == 0xEF) p += 3;
    while (line < tok.line()) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        p = nl ? nl + 1 : end;
        ++line;
    }
    (void)first_fields;
    struct row_ref {
        const char* b;
        const char* e;
        std::size_t line;
    };
    std::vector<row_ref> rows;
    rows.reserve(text.size() / (width * 2 + 1) + 1);
    while (p < end) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* e = nl ? nl : end;
        const char* ee = (e > p && e[-1] == '\r') ? e - 1 : e;
        if (ee > p) rows.push_back({p, ee, line}); // blank lines are skipped, as by the tokenizer
        p = nl ? nl + 1 : end;
        ++line;
    }
    const std::size_t ncols = width - (row_labels ? 1 : 0);
    const std::size_t nrows = rows.size();
    // Written column by column in place (the result's own layout): consecutive rows of a column
    // share cache lines, and no row-major copy has to be transposed afterwards.
    out.values.resize(static_cast<index_t>(nrows), static_cast<index_t>(ncols));
    double* const base = out.values.data();
    if (row_labels) out.row_labels.resize(nrows);
    struct failure {
        std::size_t row = static_cast<std::size_t>(-1), col = 0, fields = 0;
        int kind = 0; // 1 bad cell, 2 ragged, 3 non-finite
        std::string cell;
    };
    auto parse_range = [&](std::size_t r0, std::size_t r1, failure& f) {
        for (std::size_t r = r0; r < r1; ++r) {
            const char* q = rows[r].b;
            const char* e = rows[r].e;
            if (row_labels) {
                const char* c = static_cast<const char*>(std::memchr(q, sep, static_cast<std::size_t>(e - q)));
                const char* ce = c ? c : e;
                out.row_labels[r].assign(q, ce);
                q = c ? c + 1 : e;
                if (!c) {
                    f = {r, 1, 1, 2, {}};
                    return;
                }
            }
            double* dst = base + r;
            for (std::size_t k = 0; k < ncols; ++k) {
                const char* cell_b = q;
                double v;
                // Fast path: an unsigned integer of at most 15 digits that ends the cell (exact as
                // a double; most cells of published tables, which are often rounded to whole units).
                std::uint64_t m = 0;
                const char* z = q;
                while (z < e && z - q < 15 && static_cast<unsigned>(*z - '0') < 10)
                    m = m * 10 + static_cast<unsigned>(*z++ - '0');
                if (z > q && (z == e || *z == sep)) {
                    v = static_cast<double>(m);
                    q = z;
                } else {
                    const bool ok = scan_double(q, e, v);
                    if (!ok || !(q == e || *q == sep)) {
                        const char* c =
                            static_cast<const char*>(std::memchr(cell_b, sep, static_cast<std::size_t>(e - cell_b)));
                        f = {r, k + 1 + (row_labels ? 1 : 0), 0, 1, std::string(cell_b, c ? c : e)};
                        return;
                    }
                    if (!opt.allow_nonfinite && !std::isfinite(v)) {
                        f = {r, k + 1 + (row_labels ? 1 : 0), 0, 3, std::string(cell_b, q)};
                        return;
                    }
                }
                const bool at_sep = q < e && *q == sep;
                const bool at_end = q == e;
                dst[k * nrows] = v;
                if (k + 1 < ncols) {
                    if (!at_sep) { // too few fields
                        f = {r, k + 2 + (row_labels ? 1 : 0), k + 1 + (row_labels ? 1 : 0), 2, {}};
                        return;
                    }
                    ++q;
                } else if (!at_end) { // too many fields
                    std::size_t nf = width;
                    for (const char* w = q; w < e; ++w) nf += *w == sep;
                    f = {r, width + 1, nf, 2, {}};
                    return;
                }
            }
        }
    };
    const std::size_t nthreads = reader_threads(opt.threads, text.size());
    std::vector<failure> fails(nthreads);
    if (nthreads == 1) {
        parse_range(0, nrows, fails[0]);
    } else {
        std::vector<std::thread> pool;
        for (std::size_t t = 0; t < nthreads; ++t)
            pool.emplace_back(parse_range, nrows * t / nthreads, nrows * (t + 1) / nthreads, std::ref(fails[t]));
        for (auto& th : pool) th.join();
    }
    for (const failure& f : fails) {
        if (f.kind == 0) continue;
        const std::size_t ln = rows[f.row].line;
        const std::string lbl = row_labels ? out.row_labels[f.row] : std::string();
        if (f.kind == 2) {
            std::size_t nf = f.fields;
            if (nf == 0) {
                nf = 1;
                for (const char* z = rows[f.row].b; z < rows[f.row].e; ++z) nf += *z == sep;
            }
            throw dimension_error(where(out.source, ln, std::min(nf, width) + 1) + "row has " + std::to_string(nf) +
                                  " fields, expected " + std::to_string(width));
        }
        bad_matrix_cell(out, f.cell, ln, f.col, row_labels, lbl, opt, f.kind == 3);
    }
    return out;
}

} // namespace detail

/// Parses a labeled numeric matrix from CSV text. A header is recognised when its first cell is
/// empty or any of its cells is not a number; row labels when the first cell of the first data
/// row is not a number. Every other cell must be a finite number.
/// @throws parse_error (non-numeric, missing or non-finite cell: file, line, column),
///         dimension_error (ragged row), file_error (empty).
template <class Dep = void>
labeled_matrix parse_labeled_matrix(std::string_view text, const std::string& source, const csv_options& opt = {}) {
    labeled_matrix out;
    out.source = source;
    detail::csv_tokenizer tok(text, opt.sep, source);
    std::vector<std::string_view> fields;
    if (!tok.next(fields)) throw file_error(source + ": file is empty");
    bool header = fields.empty() || fields[0].empty();
    if (!header)
        for (auto f : fields)
            if (!detail::looks_numeric(f)) {
                header = true;
                break;
            }
    std::vector<std::string> header_cells;
    if (header) {
        for (auto f : fields) header_cells.emplace_back(f);
        if (!tok.next(fields)) {
            // header only: a 0-row matrix
            out.values.resize(0, 0);
            return out;
        }
    }
    const bool row_labels = !fields.empty() && !detail::looks_numeric(fields[0]);
    const std::size_t offset = row_labels ? 1 : 0;
    const std::size_t width = fields.size();
    if (header) {
        // a header may or may not have a cell above the row labels
        if (row_labels && header_cells.size() == width)
            out.col_labels.assign(header_cells.begin() + 1, header_cells.end());
        else if (header_cells.size() + offset == width) // no cell above the row labels, or none to skip
            out.col_labels = header_cells;
        else
            throw dimension_error(detail::where(source, tok.line(), 0) + "row has " + std::to_string(width) +
                                  " fields but the header has " + std::to_string(header_cells.size()));
    }
    const std::size_t ncols = width - offset;
    if (text.find('"') == std::string_view::npos && text.size() > (1u << 16))
        return detail::parse_matrix_rows_fast(text, tok, fields, std::move(out), row_labels, width, opt);
    std::vector<double> buf; // row-major
    buf.reserve(std::max<std::size_t>(ncols * 16, text.size() / 4));
    std::size_t nrows = 0;
    do {
        if (fields.size() != width)
            throw dimension_error(detail::where(source, tok.line(), std::min(fields.size(), width) + 1) + "row has " +
                                  std::to_string(fields.size()) + " fields, expected " + std::to_string(width));
        if (row_labels) out.row_labels.emplace_back(fields[0]);
        for (std::size_t k = offset; k < width; ++k) {
            double v;
            const std::string_view cell = fields[k];
            if (!detail::parse_double(cell, v)) {
                const std::string what = detail::is_na(cell, opt.na_values)
                                             ? std::string("missing value")
                                             : "'" + std::string(cell) + "' is not a number";
                std::string place;
                if (row_labels) place += " (row '" + out.row_labels.back() + "'";
                if (!out.col_labels.empty())
                    place += std::string(row_labels ? ", " : " (") + "column '" + out.col_labels[k - offset] + "'";
                if (!place.empty()) place += ")";
                throw parse_error(detail::where(source, tok.line(), k + 1) + what + place, source, tok.line(), k + 1);
            }
            if (!opt.allow_nonfinite && !std::isfinite(v))
                throw parse_error(detail::where(source, tok.line(), k + 1) + "non-finite value '" + std::string(cell) +
                                      "'",
                                  source, tok.line(), k + 1);
            buf.push_back(v);
        }
        ++nrows;
    } while (tok.next(fields));
    using row_major = detail::dependent_t<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>, Dep>;
    out.values = Eigen::Map<const row_major>(buf.data(), static_cast<index_t>(nrows), static_cast<index_t>(ncols));
    return out;
}

UNBUNDLE_CONFIG_BEGIN // the body depends on UNBUNDLE_HAS_ZLIB (config.hpp)
/// Reads a labeled numeric matrix from a CSV (or .csv.gz) file. See parse_labeled_matrix.
template <class Dep = void> labeled_matrix read_labeled_matrix(const std::string& path, const csv_options& opt = {}) {
    detail::file_text file;
    detail::load_file(path, file);
    return parse_labeled_matrix(file.text, path, opt);
}
UNBUNDLE_CONFIG_END

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE data_frame parse_csv<>(std::string_view, const std::string&, const csv_options&);
UNBUNDLE_EXTERN_TEMPLATE data_frame read_csv<>(const std::string&, const csv_options&);
UNBUNDLE_EXTERN_TEMPLATE labeled_matrix parse_labeled_matrix<>(std::string_view, const std::string&,
                                                               const csv_options&);
UNBUNDLE_EXTERN_TEMPLATE labeled_matrix read_labeled_matrix<>(const std::string&, const csv_options&);
} // namespace unbundle
#endif
