#pragma once
// Purpose limitation (Ley 21.719): every read of a job seeker's personal data states a purpose
// from a closed list, tied to the consent scopes a seeker gives (seekers.hpp) or to a legal
// basis that needs no consent. A purpose is written "code" or "code: free detail"
// ("intermediation: derivación a la vacante 12"); the detail is kept in the personal data log.
// Pure functions: no database, no clock. Seekers::personal(), find_by_rut(), export_personal()
// and export_register() apply them, and refuse (Forbidden, logged) what the consent does not cover.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/enums.hpp"

namespace omilcrm {

/// Why personal data is read.
///
/// | code                 | allowed when                                                    |
/// |----------------------|-----------------------------------------------------------------|
/// | intermediation       | the consent covers "intermediation" (referrals to employers)    |
/// | programmes           | the consent covers "programmes" (SENCE programmes)              |
/// | contact              | the consent covers "contact" (the office calls or writes)       |
/// | data_subject_request | always: answering the person's own request (access, rectification...) |
/// | legal_obligation     | always, with a detail naming the obligation                     |
/// | register_transfer    | the consent goes beyond "statistics" (moving the register)      |
enum class Purpose { Intermediation, Programmes, Contact, DataSubjectRequest, LegalObligation, RegisterTransfer };

/// "intermediation", "programmes", "contact", "data_subject_request", "legal_obligation",
/// "register_transfer".
template <>
struct EnumNames<Purpose> {
    static constexpr std::string_view field = "purpose";
    static constexpr auto names = std::to_array<std::string_view>(
        {"intermediation", "programmes", "contact", "data_subject_request", "legal_obligation", "register_transfer"});
};

/// A purpose as stated by whoever reads: its code and the free detail after it (may be empty).
struct StatedPurpose {
    Purpose purpose = Purpose::Intermediation;
    std::string detail{};

    /// "intermediation: derivación a la vacante 12", or the code alone without a detail: the text
    /// the personal data log keeps.
    std::string text() const;
};

/// Reads "code" or "code: free detail" (the code in any case, surrounding spaces ignored).
/// ValidationError (field "purpose", the text as value) for an empty text, an unknown code, or a
/// legal_obligation without a detail saying which obligation.
StatedPurpose parse_purpose(std::string_view text);

/// The consent scope a purpose needs: intermediation, programmes and contact need the scope of
/// the same name; data_subject_request and legal_obligation need none (their bases are the
/// person's own request and the law); register_transfer needs none either, but only seekers
/// whose consent goes beyond "statistics" may be transferred (see refusal()).
std::optional<std::string_view> consent_scope_needed(Purpose p) noexcept;

/// Why a seeker who consented to `consent_scope` may not be read for `p`, or nothing when they
/// may: "the consent covers statistics, not intermediation". Names scopes only, never personal data.
std::optional<std::string> refusal(Purpose p, const std::vector<std::string>& consent_scope);

/// Whether a seeker's data may be read for `p` while a blocking or opposition is in force
/// (DataRights::restrict): only to answer the person's own request or to meet a legal obligation;
/// every other processing waits until the restriction ends.
bool allowed_while_restricted(Purpose p) noexcept;

/// One line in Spanish, for documents given to the person (an access answer, the privacy notice):
/// "Intermediación laboral: derivación a vacantes de empleadores".
std::string_view describe(Purpose p) noexcept;

}  // namespace omilcrm
