#pragma once
// Text made safe for HTML (not public; defined in text.cpp).
#include <string>
#include <string_view>

namespace omilcrm::detail {

/// `s` with & < > " ' written as HTML character references, safe in an element or an attribute.
std::string html_escape(std::string_view s);
/// Plain text as HTML paragraphs: blank lines separate <p> elements, single line breaks become
/// <br>, everything escaped (html_escape). "" stays "".
std::string html_paragraphs(std::string_view text);

}  // namespace omilcrm::detail
