#pragma once
// Delivery of one e-mail by SMTP through libcurl (STARTTLS, TLS and authentication are
// libcurl's): the outbox's only way out of the process.
#include <optional>
#include <string>

#include "omilcrm/outbox.hpp"

namespace omilcrm::detail {

/// Hands `mime` (the whole message, CRLF line ends) to the server of `settings` for `to`, from
/// `from` (an address). Nothing when the server accepted it; otherwise the error, in libcurl's
/// words with the server's last reply ("Failed sending data to the peer: 550 ...").
std::optional<std::string> smtp_send(const SmtpSettings& settings, const std::string& from, const std::string& to,
                                     const std::string& mime);

}  // namespace omilcrm::detail
