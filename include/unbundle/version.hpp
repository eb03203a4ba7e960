#pragma once
/// @file version.hpp
/// The single source of the library's version (CMake parses these three lines).

#define UNBUNDLE_VERSION_MAJOR 0
#define UNBUNDLE_VERSION_MINOR 1
#define UNBUNDLE_VERSION_PATCH 0

#define UNBUNDLE_VERSION_STRING_(a, b, c) #a "." #b "." #c
#define UNBUNDLE_VERSION_STRING_X_(a, b, c) UNBUNDLE_VERSION_STRING_(a, b, c)
/// "MAJOR.MINOR.PATCH"
#define UNBUNDLE_VERSION_STRING                                                                                        \
    UNBUNDLE_VERSION_STRING_X_(UNBUNDLE_VERSION_MAJOR, UNBUNDLE_VERSION_MINOR, UNBUNDLE_VERSION_PATCH)

namespace unbundle {
/// Version as an integer MAJOR * 10000 + MINOR * 100 + PATCH.
inline constexpr int version_number =
    UNBUNDLE_VERSION_MAJOR * 10000 + UNBUNDLE_VERSION_MINOR * 100 + UNBUNDLE_VERSION_PATCH;
} // namespace unbundle
