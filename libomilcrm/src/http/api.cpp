#include "omilcrm/http/api.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace omilcrm::http {

namespace {
bool same_name(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}
}  // namespace

std::string_view header_value(const Headers& headers, std::string_view name) noexcept {
    for (const auto& [k, v] : headers)
        if (same_name(k, name)) return v;
    return {};
}

void Response::set_header(std::string_view name, std::string value) {
    for (auto& [k, v] : headers)
        if (same_name(k, name)) {
            v = std::move(value);
            return;
        }
    headers.emplace_back(std::string(name), std::move(value));
}

struct Api::Impl {
    ApiOptions options;
    std::string openapi;
    std::mutex pool_mutex;
    std::vector<std::unique_ptr<Database>> pool;
};

Api::Api(ApiOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    auto db = std::make_unique<Database>(Database::open(impl_->options.database, impl_->options.open));
    impl_->pool.push_back(std::move(db));
    impl_->openapi = boost::json::serialize(boost::json::object{{"openapi", "3.1.0"}});
}

Api::~Api() = default;

Response Api::handle(const Request& request) {
    Response r;
    const std::string_view path = std::string_view(request.target).substr(0, request.target.find('?'));
    if (path == "/health") {
        r.body = R"({"status":"ok"})";
    } else {
        r.status = 404;
        r.body = R"({"error":{"status":404,"message":"no such resource"}})";
    }
    r.set_header("Content-Type", "application/json");
    return r;
}

const std::string& Api::openapi() const noexcept { return impl_->openapi; }
const ApiOptions& Api::options() const noexcept { return impl_->options; }

}  // namespace omilcrm::http
