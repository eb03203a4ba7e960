#pragma once
/// @file config.hpp
/// Configuration macros: what the build selected (OpenMP, BLAS/LAPACKE through Eigen, zlib) and
/// the inline namespace that keeps translation units built with different selections apart.
///
/// | macro (set by the build)              | effect                                                   |
/// |---------------------------------------|----------------------------------------------------------|
/// | `_OPENMP` (`-fopenmp`)                | mrio/: column chunks of the Leontief solves over threads |
/// | `EIGEN_USE_BLAS`, `EIGEN_USE_LAPACKE` | mrio/: dense kernels and the inverse through BLAS/LAPACK |
/// | `UNBUNDLE_HAS_ZLIB`                   | data/: `.gz` files are inflated when read                |
///
/// Definitions whose bodies depend on these macros live in the inline namespace
/// `UNBUNDLE_CONFIG_NAMESPACE` (e.g. `unbundle::cfg_omp1_blas0_lapacke0_z1`): two translation
/// units built with different settings hold different functions under different symbols, and
/// one program may link both (no one-definition-rule violation). Code names them as before
/// (`unbundle::leontief`, `unbundle::read_csv`).
///
/// Compiled mode (optional, as fmt offers): the library stays header-only, but a program that
/// links the `unbundle::compiled` CMake target (a static library of explicit instantiations for
/// `double`, built from `src/`) gets `UNBUNDLE_COMPILED` defined. Each engine header then ends with
/// explicit instantiation declarations (`extern template`) of its entry points for `double`, so
/// that a translation unit calling `ppml`, `read_mrio`, `value_chain`, `run_scenario`... compiles
/// the call, not the estimator: the library's sources compile each body once. The library is
/// built with one configuration; a translation unit with another one (say, without OpenMP) names
/// other symbols (the inline namespace above) and fails to link instead of mixing definitions.
///
/// | macro                          | set by                             | effect                            |
/// |--------------------------------|------------------------------------|-----------------------------------|
/// | `UNBUNDLE_COMPILED`            | linking `unbundle::compiled`       | entry points are `extern template` |
/// | `UNBUNDLE_EXTERN_TEMPLATE`     | this header (`extern template`); `src/` (`template`) | the keyword of the lists |

#if defined(_OPENMP)
#define UNBUNDLE_CONFIG_OPENMP 1
#else
#define UNBUNDLE_CONFIG_OPENMP 0
#endif

#if defined(EIGEN_USE_BLAS)
#define UNBUNDLE_CONFIG_BLAS 1
#else
#define UNBUNDLE_CONFIG_BLAS 0
#endif

#if defined(EIGEN_USE_LAPACKE)
#define UNBUNDLE_CONFIG_LAPACKE 1
#else
#define UNBUNDLE_CONFIG_LAPACKE 0
#endif

#if defined(UNBUNDLE_HAS_ZLIB)
#define UNBUNDLE_CONFIG_ZLIB 1
#else
#define UNBUNDLE_CONFIG_ZLIB 0
#endif

#define UNBUNDLE_CONFIG_CAT_(o, b, l, z) cfg_omp##o##_blas##b##_lapacke##l##_z##z
#define UNBUNDLE_CONFIG_CAT(o, b, l, z) UNBUNDLE_CONFIG_CAT_(o, b, l, z)
/// The inline namespace of this configuration, e.g. `cfg_omp1_blas0_lapacke0_z1`.
#define UNBUNDLE_CONFIG_NAMESPACE                                                                                      \
    UNBUNDLE_CONFIG_CAT(UNBUNDLE_CONFIG_OPENMP, UNBUNDLE_CONFIG_BLAS, UNBUNDLE_CONFIG_LAPACKE, UNBUNDLE_CONFIG_ZLIB)
/// Opens (inside `namespace unbundle`) the inline namespace of this configuration.
#define UNBUNDLE_CONFIG_BEGIN inline namespace UNBUNDLE_CONFIG_NAMESPACE {
/// Closes what UNBUNDLE_CONFIG_BEGIN opened.
#define UNBUNDLE_CONFIG_END }

#if defined(UNBUNDLE_COMPILED) && !defined(UNBUNDLE_EXTERN_TEMPLATE)
/// `extern template` in compiled mode: the entry points' lists at the end of the engine headers
/// declare explicit instantiations that the `unbundle::compiled` library defines (its sources
/// redefine this macro as `template` before including the headers whose lists they define).
#define UNBUNDLE_EXTERN_TEMPLATE extern template
#endif
