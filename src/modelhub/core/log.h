// Minimal leveled logging to stderr, one line per call, safe from any thread.
#ifndef MODELHUB_CORE_LOG_H_
#define MODELHUB_CORE_LOG_H_

#include <string_view>

namespace modelhub::core {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

void SetLogLevel(LogLevel level);
bool LogEnabled(LogLevel level);
void Log(LogLevel level, std::string_view message);

inline void LogInfo(std::string_view message) { Log(LogLevel::kInfo, message); }
inline void LogWarning(std::string_view message) { Log(LogLevel::kWarning, message); }
inline void LogError(std::string_view message) { Log(LogLevel::kError, message); }

}  // namespace modelhub::core

#endif  // MODELHUB_CORE_LOG_H_
