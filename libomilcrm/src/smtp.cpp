// SMTP delivery with libcurl.
#include "smtp.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace omilcrm::detail {

namespace {

struct Reader {
    const std::string* data;
    std::size_t at = 0;
};

std::size_t read_body(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* r = static_cast<Reader*>(user);
    const std::size_t n = std::min(size * count, r->data->size() - r->at);
    std::memcpy(buffer, r->data->data() + r->at, n);
    r->at += n;
    return n;
}

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::optional<std::string> smtp_send(const SmtpSettings& s, const std::string& from, const std::string& to,
                                     const std::string& mime) {
    global_init();
    CURL* curl = curl_easy_init();
    if (!curl) return std::string("libcurl could not start a transfer");
    char error[CURL_ERROR_SIZE] = {0};
    const std::string mail_from = "<" + from + ">";
    const std::string rcpt = "<" + to + ">";
    curl_slist* recipients = curl_slist_append(nullptr, rcpt.c_str());
    Reader reader{&mime};
    curl_easy_setopt(curl, CURLOPT_URL, s.url.c_str());
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    if (!s.user.empty()) curl_easy_setopt(curl, CURLOPT_USERNAME, s.user.c_str());
    if (!s.password.empty()) curl_easy_setopt(curl, CURLOPT_PASSWORD, s.password.c_str());
    if (s.starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_body);
    curl_easy_setopt(curl, CURLOPT_READDATA, &reader);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(s.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min<long long>(s.timeout.count(), 10000)));
    const CURLcode rc = curl_easy_perform(curl);
    long reply = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    if (rc == CURLE_OK) return std::nullopt;
    std::string why = *error ? error : curl_easy_strerror(rc);
    if (reply) why += " (server reply " + std::to_string(reply) + ")";
    return why;
}

}  // namespace omilcrm::detail
