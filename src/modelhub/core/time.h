// Wall-clock time as the Hub protocol writes it.
#ifndef MODELHUB_CORE_TIME_H_
#define MODELHUB_CORE_TIME_H_

#include <cstdint>
#include <string>

namespace modelhub::core {

// Milliseconds since the Unix epoch.
int64_t NowMillis();

// "YYYY-MM-DDTHH:MM:SS.sssZ" (UTC), the form Python's and JS's date parsers accept.
std::string FormatIsoMillis(int64_t unix_millis);

}  // namespace modelhub::core

#endif  // MODELHUB_CORE_TIME_H_
