// A process-wide pool of worker threads for the addon's own loops. A kernel cuts its work into independent
// pieces (for example im2col chunks, or whole images of a batch), and the calling JavaScript thread and the
// workers take pieces from a shared counter until none are left.
//
// Taking pieces dynamically matters on virtual machines: a parked worker can take 50 us to 2 ms to wake up
// (measured on a 2-core Firecracker VM), so a fixed split would make the caller wait for it. Here the caller
// starts on the pieces at once, and a worker that wakes late finds fewer pieces left, or none.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace essence {

class WorkerPool {
 public:
  // Returns the pool shared by every kernel file. It is never destroyed, because joining workers during
  // process exit could block. Parked workers end with the process.
  static WorkerPool& Instance() {
    static WorkerPool* pool = new WorkerPool();
    return *pool;
  }

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Returns how many ParallelFor calls have woken workers, so tests can check that a kernel took the
  // multi-threaded path.
  uint64_t ParallelCalls() const { return parallelCalls_.load(); }

  // Calls piece(i) once for every i in [0, count) on the calling thread and up to threads - 1 workers (started
  // on first use), and returns when every call has returned. The pieces must be independent: they run in any
  // order and on any of the threads. With one thread or one piece, while the pool serves another caller (a
  // nested call or a second Node.js thread), or when the system refuses a new thread, the caller runs all
  // pieces in order itself. After a piece throws, the pieces not yet started are skipped and the exception is
  // rethrown here.
  void ParallelFor(size_t count, int threads, const std::function<void(size_t)>& piece) {
    std::unique_lock<std::mutex> busy(runMutex_, std::try_to_lock);
    if (threads <= 1 || count <= 1 || !busy.owns_lock() || !EnsureWorkers(threads - 1)) {
      for (size_t i = 0; i < count; ++i) piece(i);
      return;
    }

    {
      std::lock_guard<std::mutex> lock(mutex_);
      piece_ = &piece;
      count_ = count;
      next_.store(0);
      finished_.store(0);
      joined_ = 0;
      joinLimit_ = threads - 1;
      error_ = nullptr;
      ++generation_;
    }
    wake_.notify_all();
    ++parallelCalls_;

    RunPieces(piece);
    WaitForWorkers();

    std::exception_ptr error;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      piece_ = nullptr;
      error = error_;
      error_ = nullptr;
    }
    if (error) std::rethrow_exception(error);
  }

 private:
  WorkerPool() = default;

  // Starts workers until there are `count`, and returns false when the system rejects a new thread. Only
  // ParallelFor calls it, with runMutex_ held, so generation_ cannot change meanwhile.
  bool EnsureWorkers(int count) {
    while (static_cast<int>(workers_.size()) < count) {
      uint64_t seen = generation_;
      try {
        workers_.emplace_back([this, seen] { Work(seen); });
      } catch (const std::system_error&) {
        return false;
      }
      workers_.back().detach();
    }
    return true;
  }

  // Takes pieces from the shared counter until none are left.
  void RunPieces(const std::function<void(size_t)>& piece) {
    for (;;) {
      size_t index = next_.fetch_add(1);
      if (index >= count_) return;
      size_t finished = 1;
      try {
        piece(index);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error_) error_ = std::current_exception();
        // Pieces no thread has taken yet are skipped and count as finished, so the caller's wait ends.
        size_t taken = next_.exchange(count_);
        finished += count_ - std::min(count_, taken);
      }
      if (finished_.fetch_add(finished) + finished == count_) {
        std::lock_guard<std::mutex> lock(mutex_);
        done_.notify_all();
      }
    }
  }

  // Returns once every piece has finished and no worker is still inside the call. The caller spins for up to
  // 2 ms first, because sleeping on the condition variable would add a wake-up delay of its own.
  void WaitForWorkers() {
    auto idle = [this] { return finished_.load() >= count_ && active_.load() == 0; };
    auto spinEnd = std::chrono::steady_clock::now() + std::chrono::milliseconds(2);
    while (!idle() && std::chrono::steady_clock::now() < spinEnd) std::this_thread::yield();
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, idle);
  }

  // Parks until a new call is published, joins it unless enough workers already have, and takes pieces.
  void Work(uint64_t seen) {
    for (;;) {
      const std::function<void(size_t)>* piece = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this, seen] { return generation_ != seen; });
        seen = generation_;
        if (piece_ == nullptr || joined_ >= joinLimit_) continue;
        ++joined_;
        active_.fetch_add(1);
        piece = piece_;
      }

      RunPieces(*piece);

      std::lock_guard<std::mutex> lock(mutex_);
      active_.fetch_sub(1);
      done_.notify_all();
    }
  }

  std::mutex runMutex_;  // held by the caller of ParallelFor for the whole call
  std::mutex mutex_;     // guards the plain fields below and every wait on the condition variables
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(size_t)>* piece_ = nullptr;  // the current call's pieces, null between calls
  size_t count_ = 0;
  std::atomic<size_t> next_{0};
  std::atomic<size_t> finished_{0};
  std::atomic<int> active_{0};  // workers inside the current call
  int joined_ = 0;
  int joinLimit_ = 0;
  std::exception_ptr error_;
  uint64_t generation_ = 0;
  std::atomic<uint64_t> parallelCalls_{0};
  std::vector<std::thread> workers_;
};

}  // namespace essence
