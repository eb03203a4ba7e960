#include <doctest/doctest.h>

#include <unbundle/core/economy.hpp>
#include <unbundle/core/sector.hpp>

#include <string>

TEST_CASE("core: economy_index maps codes and positions both ways in a stable order") {
    unbundle::economy_index e{"CAN", "DEU", "JPN"};
    CHECK(e.size() == 3);
    CHECK(e.index("JPN") == 2);
    CHECK(e.code(0) == "CAN");
    CHECK(e.contains("DEU"));
    CHECK_FALSE(e.find("USA").has_value());
    CHECK(e.add("USA") == 3);
    CHECK(e.add("CAN") == 0); // existing codes keep their place
    CHECK(e.size() == 4);
}

TEST_CASE("core: economy_index rejects duplicates and unknown codes, naming them") {
    CHECK_THROWS_AS(unbundle::economy_index({"CAN", "DEU", "CAN"}), unbundle::dimension_error);
    try {
        unbundle::economy_index({"CAN", "DEU", "CAN"});
    } catch (const unbundle::dimension_error& err) {
        CHECK(std::string(err.what()).find("'CAN' at positions 0 and 2") != std::string::npos);
    }
    unbundle::economy_index e{"CAN"};
    CHECK_THROWS_AS(e.index("XXX"), unbundle::key_error);
    CHECK_THROWS_WITH_AS(e.index("XXX"), doctest::Contains("XXX"), unbundle::key_error);
    CHECK_THROWS_AS(e.code(5), unbundle::key_error);
    CHECK_THROWS_AS(unbundle::economy_index({"A", ""}), unbundle::dimension_error);
}

TEST_CASE("core: sector_index keeps kinds and names") {
    unbundle::sector_index s(
        std::vector<unbundle::sector>{{"c1", "Agriculture", unbundle::sector_kind::goods},
                                      {"c30", "Business services", unbundle::sector_kind::services}});
    CHECK(s.index("c30") == 1);
    CHECK(s.kind(0) == unbundle::sector_kind::goods);
    CHECK(s.at(1).name == "Business services");
    s.describe("c1", unbundle::sector_kind::services, "Renamed");
    CHECK(s.kind(0) == unbundle::sector_kind::services);
    CHECK(unbundle::parse_sector_kind("goods") == unbundle::sector_kind::goods);
    CHECK(unbundle::parse_sector_kind("services") == unbundle::sector_kind::services);
    CHECK(unbundle::parse_sector_kind("other") == unbundle::sector_kind::unknown);
    CHECK_THROWS_AS(s.index("c99"), unbundle::key_error);
}
