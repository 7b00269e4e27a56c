#pragma once
// Runs the real `elink` binary as a child process for the tests: capture its output, or keep it
// running, read its stdout line by line, and kill it.

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <vector>

namespace elink::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// A child process with its stdout (and optionally stderr) on pipes.
class Child {
 public:
  explicit Child(const std::vector<std::string>& args) {
    int out_pipe[2];
    int err_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out_pipe[1], STDOUT_FILENO);
      dup2(err_pipe[1], STDERR_FILENO);
      close(out_pipe[0]);
      close(out_pipe[1]);
      close(err_pipe[0]);
      close(err_pipe[1]);
      std::vector<char*> argv;
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));  // NOLINT
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    out_fd_ = out_pipe[0];
    err_fd_ = err_pipe[0];
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      Wait();
    }
    if (out_fd_ >= 0) close(out_fd_);
    if (err_fd_ >= 0) close(err_fd_);
  }

  [[nodiscard]] bool started() const { return pid_ > 0; }
  [[nodiscard]] pid_t pid() const { return pid_; }

  // Reads whatever stdout has within `timeout`; appends to out(). False at end of file.
  bool Pump(std::chrono::milliseconds timeout) {
    pollfd p{out_fd_, POLLIN, 0};
    const int r = poll(&p, 1, static_cast<int>(timeout.count()));
    if (r <= 0) return true;
    char buf[65536];
    const ssize_t n = read(out_fd_, buf, sizeof buf);
    if (n <= 0) return false;
    out_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  void Kill() { kill(pid_, SIGKILL); }
  void Signal(int sig) { kill(pid_, sig); }

  // Drains both pipes to end of file and reaps the child; returns its exit code, or -signal.
  int Wait() {
    while (Pump(std::chrono::milliseconds(1000))) {
    }
    char buf[65536];
    ssize_t n;
    while ((n = read(err_fd_, buf, sizeof buf)) > 0) err_.append(buf, static_cast<std::size_t>(n));
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return -WTERMSIG(status);
  }

  [[nodiscard]] const std::string& out() const { return out_; }
  [[nodiscard]] const std::string& err() const { return err_; }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  bool reaped_ = false;
  std::string out_;
  std::string err_;
};

// Runs `elink args...` to completion.
inline RunResult RunElink(std::vector<std::string> args) {
  args.insert(args.begin(), ELINK_CLI);
  Child child(args);
  RunResult r;
  r.exit_code = child.Wait();
  r.out = child.out();
  r.err = child.err();
  return r;
}

// `elink init --db db` with the bundled demo region.
inline RunResult InitDemoCenter(const std::string& db) {
  return RunElink(
      {"init", "--db", db, "--config", std::string(ELINK_SOURCE_DIR) + "/data/regions/demo"});
}

}  // namespace elink::testing
