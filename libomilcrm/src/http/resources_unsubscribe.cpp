// The unsubscribe link of the office's e-mails (docs/notifications.md), open to anyone who has
// it: GET shows a small page in Spanish with a button, POST records the choice (the button's
// form, or a mail program's one-click POST, RFC 8058). A GET alone never unsubscribes: mail
// scanners open the links of the messages they check.
#include "html.hpp"
#include "http/resources.hpp"
#include "http/router.hpp"
#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"

namespace omilcrm::http::detail {

namespace {

Response page(int status, const std::string& title, const std::string& body) {
    Response out;
    out.status = status;
    out.body =
        "<!DOCTYPE html>\n<html lang=\"es\">\n<head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta name=\"robots\" content=\"noindex\"><title>" +
        omilcrm::detail::html_escape(title) +
        "</title></head>\n<body style=\"font-family:sans-serif;max-width:36em;margin:2em auto\">\n<h1>" +
        omilcrm::detail::html_escape(title) + "</h1>\n" + body + "</body>\n</html>\n";
    out.set_header("Content-Type", "text/html; charset=utf-8");
    out.set_header("Cache-Control", "no-store");
    out.set_header("X-Content-Type-Options", "nosniff");
    out.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    return out;
}

Response unknown() {
    return page(404, "Enlace no válido",
                "<p>Este enlace para anular la suscripción no existe o ya no es válido.</p>\n");
}

}  // namespace

void add_unsubscribe_routes(Routes& r) {
    const Param token{
        .name = "token", .in = "path", .description = "the token of the message's link", .required = true};
    r.add({.method = "GET",
           .path = "/unsubscribe/{token}",
           .operation = "unsubscribePage",
           .summary = "The page of a message's unsubscribe link: asks to confirm (a GET changes nothing)",
           .tag = "outbox",
           .signed_in = false,
           .documented = false,
           .params = {token},
           .response = boost::json::object{{"type", "string"}},
           .content_type = "text/html",
           .errors = {{404, "no such token"}},
           .handler = [](Context& ctx) {
               const std::string& t = ctx.path("token");
               const auto address = ctx.db.outbox().unsubscribe_address(t);
               if (!address) return unknown();
               const std::string a = omilcrm::detail::html_escape(*address);
               return page(200, "Anular la suscripción",
                           "<p>¿Desea dejar de recibir los correos de la oficina en <b>" + a +
                               "</b>?</p>\n<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" "
                               "value=\"One-Click\">"
                               "<button type=\"submit\">Sí, no quiero recibir más correos</button></form>\n");
           }});
    r.add({.method = "POST",
           .path = "/unsubscribe/{token}",
           .operation = "unsubscribe",
           .summary = "Records that the link's address wants no more messages from the office (the page's "
                      "button, or a mail program's one-click POST, RFC 8058)",
           .tag = "outbox",
           .write = true,
           .signed_in = false,
           .documented = false,
           .params = {token},
           .response = boost::json::object{{"type", "string"}},
           .content_type = "text/html",
           .errors = {{404, "no such token"}},
           .handler = [](Context& ctx) {
               std::string address;
               try {
                   address = ctx.db.outbox().unsubscribe(ctx.path("token"));
               } catch (const NotFound&) {
                   return unknown();
               }
               return page(200, "Suscripción anulada",
                           "<p>Listo: <b>" + omilcrm::detail::html_escape(address) +
                               "</b> no recibirá más correos de la oficina.</p>\n");
           }});
}

}  // namespace omilcrm::http::detail
