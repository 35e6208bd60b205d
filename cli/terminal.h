// Output decisions that depend on where output goes: colour only on a terminal.
#pragma once
#include <cstdio>
#include <string>

namespace synops::cli {

struct Style {
  bool color = false;
  std::string paint(const std::string& text, const char* code) const {
    return color ? std::string("\033[") + code + "m" + text + "\033[0m" : text;
  }
  std::string bold(const std::string& t) const { return paint(t, "1"); }
  std::string red(const std::string& t) const { return paint(t, "31"); }
  std::string green(const std::string& t) const { return paint(t, "32"); }
  std::string yellow(const std::string& t) const { return paint(t, "33"); }
  std::string cyan(const std::string& t) const { return paint(t, "36"); }
  std::string dim(const std::string& t) const { return paint(t, "2"); }
};

// Colour when stdout is a terminal, NO_COLOR is unset and --no-color was not given.
Style style_for_stdout(bool no_color);

}  // namespace synops::cli
