#include "modelhub/core/log.h"

#include <atomic>
#include <cstdio>
#include <string>

#include "modelhub/core/time.h"

namespace modelhub::core {
namespace {

std::atomic<LogLevel> g_level{LogLevel::kInfo};

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

}  // namespace

void SetLogLevel(LogLevel level) { g_level.store(level); }

bool LogEnabled(LogLevel level) { return level >= g_level.load(std::memory_order_relaxed); }

void Log(LogLevel level, std::string_view message) {
  if (!LogEnabled(level)) return;
  // One fwrite per line: stdio locks the stream, so concurrent lines do not interleave.
  std::string line = FormatIsoMillis(NowMillis()) + " " + LevelName(level) + " ";
  line.append(message);
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace modelhub::core
