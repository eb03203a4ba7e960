# Sourced by scripts/test and scripts/demo: installs the Debian packages that are missing (only
# those). As root it runs apt-get; otherwise it prints the apt-get line to run and stops.
unbundle_ensure_packages() {
    local missing=()
    local p
    for p in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$p")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "unbundle: all build dependencies are installed"
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "unbundle: missing Debian packages; run as root:"
        echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
        return 1
    fi
    echo "unbundle: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

UNBUNDLE_BUILD_PACKAGES=(cmake ninja-build g++ make libeigen3-dev zlib1g-dev libcli11-dev nlohmann-json3-dev)
UNBUNDLE_TEST_PACKAGES=(doctest-dev python3 clang-format clang-tidy) # python3: JSON checks of the CLI contract scripts; clang-format, clang-tidy: lint.format, lint.clang_tidy
