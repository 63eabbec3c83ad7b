// A process-wide pool of worker threads for the addon's own loops. Kernels split their work into a few
// independent tasks (for example whole images of a batch), run task 0 on the calling JavaScript thread and
// the others on parked workers, and return when all have finished.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace essence {

class WorkerPool {
 public:
  // Returns the pool shared by every kernel file. It is never destroyed, because joining workers during
  // process exit could block; parked workers end with the process.
  static WorkerPool& Instance() {
    static WorkerPool* pool = new WorkerPool();
    return *pool;
  }

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs task(i) for every i in [0, tasks) and returns when all calls have returned. The caller runs task 0,
  // and up to tasks - 1 workers (started on first use) run the rest. The pool runs the tasks one after
  // another on the caller instead when it is busy with another caller (a nested call, or a second Node.js
  // thread), or when starting a worker fails. Rethrows the exception of the lowest-numbered task that threw.
  void Run(int tasks, const std::function<void(int)>& task) {
    std::unique_lock<std::mutex> busy(runMutex_, std::try_to_lock);
    if (tasks <= 1 || !busy.owns_lock() || !EnsureWorkers(tasks - 1)) {
      for (int i = 0; i < tasks; ++i) task(i);
      return;
    }

    std::vector<std::exception_ptr> errors(static_cast<size_t>(tasks));
    {
      std::lock_guard<std::mutex> lock(mutex_);
      task_ = &task;
      errors_ = &errors;
      tasks_ = tasks;
      pending_ = tasks - 1;
      ++generation_;
    }
    wake_.notify_all();

    try {
      task(0);
    } catch (...) {
      errors[0] = std::current_exception();
    }

    {
      std::unique_lock<std::mutex> lock(mutex_);
      done_.wait(lock, [this] { return pending_ == 0; });
      task_ = nullptr;
      errors_ = nullptr;
      tasks_ = 0;
    }
    for (const std::exception_ptr& error : errors) {
      if (error) std::rethrow_exception(error);
    }
  }

 private:
  WorkerPool() = default;

  // Starts workers until there are `count`; returns false when the system refuses a new thread. Only Run calls
  // it, with runMutex_ held, so generation_ cannot change meanwhile.
  bool EnsureWorkers(int count) {
    while (static_cast<int>(workers_.size()) < count) {
      int index = static_cast<int>(workers_.size()) + 1;
      // The generation is read here, before Run publishes the next one, so a worker that starts late still
      // runs the task it was started for.
      uint64_t seen = generation_;
      try {
        workers_.emplace_back([this, index, seen] { Work(index, seen); });
      } catch (const std::system_error&) {
        return false;
      }
      workers_.back().detach();
    }
    return true;
  }

  // Parks until a new generation of tasks is published, runs task `index` when it exists, and reports back.
  void Work(int index, uint64_t seen) {
    for (;;) {
      const std::function<void(int)>* task = nullptr;
      std::vector<std::exception_ptr>* errors = nullptr;
      int tasks = 0;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this, seen] { return generation_ != seen; });
        seen = generation_;
        task = task_;
        errors = errors_;
        tasks = tasks_;
      }

      // Workers started for an earlier, larger call skip generations with fewer tasks, but still report.
      if (index < tasks) {
        try {
          (*task)(index);
        } catch (...) {
          (*errors)[static_cast<size_t>(index)] = std::current_exception();
        }
      }

      std::lock_guard<std::mutex> lock(mutex_);
      if (index < tasks && --pending_ == 0) done_.notify_one();
    }
  }

  std::mutex runMutex_;  // held by the caller of Run for the whole call
  std::mutex mutex_;     // guards the fields below
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(int)>* task_ = nullptr;
  std::vector<std::exception_ptr>* errors_ = nullptr;
  int tasks_ = 0;
  int pending_ = 0;
  uint64_t generation_ = 0;
  std::vector<std::thread> workers_;
};

}  // namespace essence
