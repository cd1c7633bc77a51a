// Download progress for people and programs: bars with rate and ETA on a terminal (redrawn by a
// background thread every 200 ms), one plain line per finished file otherwise, or NDJSON events
// (`--json`) on stdout. All methods are thread-safe; byte counts are atomics so the hot path of a
// download only adds to a counter.
#ifndef MODELHUB_CLIENT_PROGRESS_H_
#define MODELHUB_CLIENT_PROGRESS_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace modelhub::client {

class Progress {
 public:
  enum class Mode { kBars, kLines, kJson, kQuiet };

  // kBars falls back to kLines when stderr is not a terminal.
  explicit Progress(Mode mode);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Registers a file to transfer (`already` bytes present from an earlier run); returns its id.
  int AddFile(const std::string& path, uint64_t size, uint64_t already);
  void Advance(int id, uint64_t bytes);
  void FinishFile(int id);
  // A file found complete in the cache (no transfer).
  void Cached(const std::string& path, uint64_t size);
  // Free-form status for the user (stderr), or a {"event":"message"} in JSON mode.
  void Message(const std::string& text);
  // A final {"event":"done","path":...} in JSON mode; stops the renderer.
  void Done(const std::string& result_path);

  Mode mode() const { return mode_; }

 private:
  struct File {
    std::string path;
    uint64_t size = 0;
    std::atomic<uint64_t> done{0};
    std::atomic<bool> finished{false};
  };
  void RenderLoop();
  void Render(bool final);
  void Emit(const std::string& line);

  Mode mode_;
  std::chrono::steady_clock::time_point started_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<File> files_;  // deque: stable addresses while growing
  std::atomic<uint64_t> total_bytes_{0};
  std::atomic<uint64_t> done_bytes_{0};
  uint64_t fetched_at_start_ = 0;
  int drawn_lines_ = 0;
  bool stopping_ = false;
  std::thread renderer_;
};

// "1.5 GiB", "312 KiB", "17 B".
std::string FormatBytes(double bytes);

}  // namespace modelhub::client

#endif  // MODELHUB_CLIENT_PROGRESS_H_
