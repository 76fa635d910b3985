// The closed list of purposes for reading a job seeker's personal data, and what each needs.
#include "omilcrm/purposes.hpp"

#include <algorithm>

#include "omilcrm/error.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

std::string must_begin_with() { return "must begin with one of: " + enum_choices<Purpose>(); }

}  // namespace

std::string StatedPurpose::text() const {
    std::string out(to_string(purpose));
    if (!detail.empty()) out += ": " + detail;
    return out;
}

StatedPurpose parse_purpose(std::string_view text) {
    detail::check_text("purpose", text);
    const std::string_view whole = detail::trim(text);
    if (whole.empty())
        throw ValidationError("purpose", std::string(text),
                              "is required to read personal data; it " + must_begin_with());
    const auto colon = whole.find(':');
    const std::string_view code = detail::trim(whole.substr(0, colon));
    StatedPurpose out;
    try {
        out.purpose = parse_enum<Purpose>(code);
    } catch (const ValidationError&) {
        throw ValidationError("purpose", std::string(text),
                              must_begin_with() +
                                  " (\"code\" or \"code: detail\", e.g. \"intermediation: derivación a "
                                  "la vacante 12\")");
    }
    if (colon != std::string_view::npos) out.detail = std::string(detail::trim(whole.substr(colon + 1)));
    if (out.purpose == Purpose::LegalObligation && out.detail.empty())
        throw ValidationError("purpose", std::string(text),
                              "legal_obligation needs a detail naming the obligation (\"legal_obligation: ...\")");
    return out;
}

std::optional<std::string_view> consent_scope_needed(Purpose p) noexcept {
    switch (p) {
        case Purpose::Intermediation:
            return "intermediation";
        case Purpose::Programmes:
            return "programmes";
        case Purpose::Contact:
            return "contact";
        case Purpose::DataSubjectRequest:
        case Purpose::LegalObligation:
        case Purpose::RegisterTransfer:
            break;
    }
    return std::nullopt;
}

std::optional<std::string> refusal(Purpose p, const std::vector<std::string>& consent_scope) {
    std::string given;
    for (const auto& c : consent_scope) given += (given.empty() ? "" : ", ") + c;
    if (given.empty()) given = "no scope";
    if (const auto needed = consent_scope_needed(p)) {
        if (std::find(consent_scope.begin(), consent_scope.end(), *needed) != consent_scope.end()) return std::nullopt;
        return "the consent covers " + given + ", not " + std::string(*needed);
    }
    if (p == Purpose::RegisterTransfer &&
        std::all_of(consent_scope.begin(), consent_scope.end(), [](const std::string& c) { return c == "statistics"; }))
        return "the consent covers " + given + ", which a register transfer does not serve";
    return std::nullopt;
}

bool allowed_while_restricted(Purpose p) noexcept {
    return p == Purpose::DataSubjectRequest || p == Purpose::LegalObligation;
}

std::string_view describe(Purpose p) noexcept {
    switch (p) {
        case Purpose::Intermediation:
            return "Intermediación laboral: derivar a la persona a vacantes de empleadores";
        case Purpose::Programmes:
            return "Programas: ofrecer a la persona programas de SENCE y del municipio e inscribirla en ellos";
        case Purpose::Contact:
            return "Contacto: llamar o escribir a la persona por asuntos de la oficina";
        case Purpose::DataSubjectRequest:
            return "Solicitud del titular: responder a una solicitud de la propia persona (acceso, rectificación, "
                   "supresión, oposición, portabilidad, bloqueo)";
        case Purpose::LegalObligation:
            return "Obligación legal: cumplir una obligación que la ley impone a la oficina";
        case Purpose::RegisterTransfer:
            return "Traspaso del registro: llevar el registro de la oficina a otro archivo o sistema";
    }
    return {};
}

}  // namespace omilcrm
