#pragma once
// Just enough XML for S3's replies, whose elements hold text or other elements and never
// attributes that matter. Private to simulator/storage.

#include <string>
#include <string_view>
#include <vector>

namespace drydock::storage {

// The text of the first <tag>...</tag> in `xml`, entities decoded; "" if there is none.
std::string xml_element(std::string_view xml, std::string_view tag);

// The raw content of every <tag>...</tag> in `xml`, in order (not decoded: for nested elements).
std::vector<std::string> xml_elements(std::string_view xml, std::string_view tag);

// `text` with &, <, >, " and ' written as entities.
std::string xml_escape(std::string_view text);

}  // namespace drydock::storage
