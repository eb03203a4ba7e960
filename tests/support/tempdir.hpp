#pragma once
// A temporary directory for test fixtures, removed at the end of the test.

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace unbundle::test {

class temp_dir {
  public:
    temp_dir() {
        std::random_device rd;
        path_ =
            std::filesystem::temp_directory_path() / ("unbundle_test_" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    /// Writes `content` to `name` inside the directory and returns its full path.
    std::string write(const std::string& name, const std::string& content) const {
        const auto p = path_ / name;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << content;
        return p.string();
    }

  private:
    std::filesystem::path path_;
};

} // namespace unbundle::test
