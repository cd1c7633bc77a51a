#include "modelhub/card/json_text.h"

namespace modelhub::card {

std::string IndentJson(std::string_view compact, int indent) {
  std::string out;
  // The indentation is a few bytes per line; a report's text grows by about half.
  out.reserve(compact.size() + compact.size() / 2);
  const auto width = static_cast<size_t>(indent < 0 ? 0 : indent);
  size_t depth = 0;
  const auto new_line = [&] { out.append(1, '\n').append(depth * width, ' '); };
  for (size_t i = 0; i < compact.size(); ++i) {
    const char c = compact[i];
    switch (c) {
      case '"': {
        // A string, with its escapes, up to its closing quote.
        size_t end = i + 1;
        while (end < compact.size() && compact[end] != '"') end += compact[end] == '\\' ? 2 : 1;
        out.append(compact.substr(i, end + 1 - i));
        i = end;
        break;
      }
      case '{':
      case '[':
        if (i + 1 < compact.size() && compact[i + 1] == (c == '{' ? '}' : ']')) {
          out.append(compact.substr(i, 2));
          ++i;
          break;
        }
        out.push_back(c);
        ++depth;
        new_line();
        break;
      case '}':
      case ']':
        if (depth > 0) --depth;
        new_line();
        out.push_back(c);
        break;
      case ',':
        out.push_back(',');
        new_line();
        break;
      case ':':
        out.append(": ");
        break;
      default:
        out.push_back(c);
        break;
    }
  }
  return out;
}

}  // namespace modelhub::card
