#include "modelhub/client/progress.h"

#include <cstdio>

#include <nlohmann/json.hpp>
#include <unistd.h>

namespace modelhub::client {
namespace {

std::string Bar(double fraction, int width) {
  int full = static_cast<int>(fraction * width);
  std::string bar(static_cast<size_t>(full), '#');
  bar.append(static_cast<size_t>(width - full), '.');
  return bar;
}

std::string FormatEta(double seconds) {
  if (seconds < 0 || seconds > 360000) return "--:--";
  char text[32];
  int total = static_cast<int>(seconds);
  std::snprintf(text, sizeof text, "%02d:%02d", total / 60, total % 60);
  return text;
}

}  // namespace

std::string FormatBytes(double bytes) {
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 4) {
    bytes /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, kUnits[unit]);
  return text;
}

Progress::Progress(Mode mode) : mode_(mode), started_(std::chrono::steady_clock::now()) {
  if (mode_ == Mode::kBars && ::isatty(STDERR_FILENO) == 0) mode_ = Mode::kLines;
  if (mode_ == Mode::kBars) renderer_ = std::thread([this] { RenderLoop(); });
}

Progress::~Progress() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (renderer_.joinable()) renderer_.join();
}

void Progress::Emit(const std::string& line) {
  // JSON events are the program's output (stdout); human text goes to stderr so that stdout
  // carries only the resulting path.
  std::FILE* out = mode_ == Mode::kJson ? stdout : stderr;
  std::fputs((line + "\n").c_str(), out);
  std::fflush(out);
}

int Progress::AddFile(const std::string& path, uint64_t size, uint64_t already) {
  std::lock_guard lock(mutex_);
  File& file = files_.emplace_back();
  file.path = path;
  file.size = size;
  file.done = already;
  total_bytes_ += size;
  done_bytes_ += already;
  fetched_at_start_ += already;
  if (mode_ == Mode::kJson) {
    Emit(nlohmann::json{
        {"event", "start"}, {"path", path}, {"size", size}, {"resumed_from", already}}
             .dump());
  }
  return static_cast<int>(files_.size() - 1);
}

void Progress::Advance(int id, uint64_t bytes) {
  files_[static_cast<size_t>(id)].done += bytes;
  done_bytes_ += bytes;
}

void Progress::FinishFile(int id) {
  std::lock_guard lock(mutex_);
  File& file = files_[static_cast<size_t>(id)];
  file.finished = true;
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  if (mode_ == Mode::kJson) {
    Emit(nlohmann::json{{"event", "file_done"}, {"path", file.path}, {"size", file.size}}.dump());
  } else if (mode_ == Mode::kLines) {
    Emit("downloaded " + file.path + " (" + FormatBytes(static_cast<double>(file.size)) + ") at " +
         std::to_string(seconds).substr(0, 5) + " s");
  }
}

void Progress::Cached(const std::string& path, uint64_t size) {
  std::lock_guard lock(mutex_);
  if (mode_ == Mode::kJson) {
    Emit(nlohmann::json{{"event", "cached"}, {"path", path}, {"size", size}}.dump());
  }
}

void Progress::Message(const std::string& text) {
  std::lock_guard lock(mutex_);
  if (mode_ == Mode::kJson) {
    Emit(nlohmann::json{{"event", "message"}, {"text", text}}.dump());
  } else if (mode_ != Mode::kQuiet) {
    Emit(text);
  }
}

void Progress::Done(const std::string& result_path) {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (renderer_.joinable()) renderer_.join();
  if (mode_ == Mode::kBars) Render(true);
  if (mode_ == Mode::kJson) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    Emit(nlohmann::json{{"event", "done"},
                        {"path", result_path},
                        {"bytes", done_bytes_.load() - fetched_at_start_},
                        {"seconds", seconds}}
             .dump());
  }
}

void Progress::RenderLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(200));
    if (stopping_) break;
    lock.unlock();
    Render(false);
    lock.lock();
  }
}

void Progress::Render(bool final) {
  std::lock_guard lock(mutex_);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  double fetched = static_cast<double>(done_bytes_.load() - fetched_at_start_);
  double rate = seconds > 0 ? fetched / seconds : 0;
  double total = static_cast<double>(total_bytes_.load());
  double done = static_cast<double>(done_bytes_.load());
  std::string out;
  for (int i = 0; i < drawn_lines_; ++i) out += "\x1b[1A\x1b[2K";  // up one line, clear it
  int lines = 0;
  for (const File& file : files_) {
    if (file.finished || lines >= 8 || final) continue;
    double fraction = file.size ? static_cast<double>(file.done) / file.size : 1.0;
    std::string name =
        file.path.size() > 32 ? "..." + file.path.substr(file.path.size() - 29) : file.path;
    char line[256];
    std::snprintf(line, sizeof line, "%-32s [%s] %5.1f%% %s\n", name.c_str(),
                  Bar(fraction, 24).c_str(), fraction * 100,
                  FormatBytes(static_cast<double>(file.done)).c_str());
    out += line;
    ++lines;
  }
  char line[256];
  std::snprintf(line, sizeof line, "%-32s [%s] %5.1f%% %s/s ETA %s\n", "total",
                Bar(total > 0 ? done / total : 1.0, 24).c_str(),
                total > 0 ? done / total * 100 : 100.0, FormatBytes(rate).c_str(),
                FormatEta(rate > 0 ? (total - done) / rate : -1).c_str());
  out += line;
  drawn_lines_ = lines + 1;
  std::fputs(out.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace modelhub::client
