// The one file of the subcommands' parser interface (cli.hpp) that includes CLI11.

#include "cli.hpp"

#include <CLI/CLI.hpp>

#include <utility>

namespace unbundle_cli {

option& option::required() {
    opt_->required();
    return *this;
}

option& option::positive() {
    opt_->check(CLI::PositiveNumber);
    return *this;
}

option& option::non_negative() {
    opt_->check(CLI::NonNegativeNumber);
    return *this;
}

option& option::one_of(std::vector<std::string> values) {
    opt_->check(CLI::IsMember(std::move(values)));
    return *this;
}

option& option::excludes(const option& other) {
    opt_->excludes(other.opt_);
    return *this;
}

option& option::needs(const option& other) {
    opt_->needs(other.opt_);
    return *this;
}

bool option::given() const { return opt_->count() > 0; }

command command::add_subcommand(const std::string& name, const std::string& description) {
    return command(*app_->add_subcommand(name, description));
}

option command::add_option(const std::string& name, std::string& into, const std::string& help) {
    return option(app_->add_option(name, into, help));
}

option command::add_option(const std::string& name, int& into, const std::string& help) {
    return option(app_->add_option(name, into, help));
}

option command::add_option(const std::string& name, std::ptrdiff_t& into, const std::string& help) {
    return option(app_->add_option(name, into, help));
}

option command::add_option(const std::string& name, std::uint64_t& into, const std::string& help) {
    return option(app_->add_option(name, into, help));
}

option command::add_option(const std::string& name, double& into, const std::string& help) {
    return option(app_->add_option(name, into, help));
}

option command::add_option(const std::string& name, std::optional<double>& into, const std::string& help) {
    return option(app_->add_option(name, into, help));
}

option command::add_flag(const std::string& name, bool& into, const std::string& help) {
    return option(app_->add_flag(name, into, help));
}

void command::on_parsed(std::function<void()> f) { app_->callback(std::move(f)); }

} // namespace unbundle_cli
