// nlohmann::json's explanations of a parse error, without the bytes of the text it quotes.
// A snapshot may be any file (`--live FILE`): an error must say where it is and what was
// expected, never echo the file, which may hold a secret ("last read: 'root:*:...'").
#pragma once
#include <string>
#include <string_view>

namespace synops {

// "syntax error while parsing object key - invalid string: missing closing quote; last read:
// '"namesp'; expected string literal" -> "... missing closing quote; expected string literal".
std::string parse_error_without_excerpt(std::string_view explanation);

// "number overflow parsing '1e999999'" -> "number overflow".
std::string json_error_without_excerpt(std::string_view explanation);

}  // namespace synops
