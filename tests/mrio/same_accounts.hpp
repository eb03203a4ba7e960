#pragma once
// The accounts of accounts(t, near) (GMRES on a nearby factorisation) against those of t's own LU:
// multipliers and upstreamness to 1e-13 relative, the same productivity report.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/mrio/accounts.hpp>

namespace unbundle::test {

inline void check_same_accounts(const io_accounts<double>& near, const io_accounts<double>& own) {
    CHECK(max_rel_diff(near.upstreamness, own.upstreamness) < 1e-13);
    CHECK(max_rel_diff(near.output_multipliers, own.output_multipliers) < 1e-13);
    CHECK(max_rel_diff(near.value_added_multipliers, own.value_added_multipliers) < 1e-13);
    CHECK(rel_diff(near.productivity.rcond, own.productivity.rcond) < 1e-13);
    CHECK(rel_diff(near.productivity.min_total_requirement, own.productivity.min_total_requirement) < 1e-13);
    CHECK(near.productivity.productive == own.productivity.productive);
}

} // namespace unbundle::test
