//===- bench/harness/Process.cpp - Run one command and measure it -*- C++ -*-===//
//
// fork/exec with pipes for stdout and stderr, a poll loop that drains both
// (so a chatty child cannot block on a full pipe) and enforces the time
// limit, and wait4 for the child's peak memory.
//
//===----------------------------------------------------------------------===//
#include "bench/harness/Process.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ruchy::bench;

std::string ruchy::bench::findInPath(const std::string &Name) {
  if (Name.find('/') != std::string::npos)
    return access(Name.c_str(), X_OK) == 0 ? Name : std::string();
  const char *Path = std::getenv("PATH");
  std::string P = Path ? Path : "/usr/bin:/bin";
  size_t Start = 0;
  while (Start <= P.size()) {
    size_t End = P.find(':', Start);
    if (End == std::string::npos)
      End = P.size();
    std::string Dir = P.substr(Start, End - Start);
    std::string Full = (Dir.empty() ? "." : Dir) + "/" + Name;
    struct stat St;
    if (stat(Full.c_str(), &St) == 0 && S_ISREG(St.st_mode) && access(Full.c_str(), X_OK) == 0)
      return Full;
    Start = End + 1;
  }
  return "";
}

ProcessResult ruchy::bench::runProcess(const std::vector<std::string> &Argv,
                                       double TimeoutSeconds) {
  ProcessResult R;
  int Out[2], Err[2];
  if (Argv.empty() || pipe2(Out, O_CLOEXEC) != 0)
    return R;
  if (pipe2(Err, O_CLOEXEC) != 0) {
    close(Out[0]);
    close(Out[1]);
    return R;
  }
  auto Start = std::chrono::steady_clock::now();
  pid_t Pid = fork();
  if (Pid == 0) {
    dup2(Out[1], 1);
    dup2(Err[1], 2);
    int Null = open("/dev/null", O_RDONLY);
    if (Null >= 0)
      dup2(Null, 0);
    std::vector<char *> Args;
    for (const std::string &A : Argv)
      Args.push_back(const_cast<char *>(A.c_str()));
    Args.push_back(nullptr);
    execvp(Args[0], Args.data());
    _exit(127);
  }
  close(Out[1]);
  close(Err[1]);
  if (Pid < 0) {
    close(Out[0]);
    close(Err[0]);
    return R;
  }
  R.Started = true;
  pollfd Fds[2] = {{Out[0], POLLIN, 0}, {Err[0], POLLIN, 0}};
  int Open = 2;
  char Buf[65536];
  while (Open > 0) {
    double Elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
    if (Elapsed > TimeoutSeconds) {
      kill(Pid, SIGKILL);
      R.TimedOut = true;
      break;
    }
    int Wait = static_cast<int>((TimeoutSeconds - Elapsed) * 1000) + 1;
    int N = poll(Fds, 2, Wait < 100 ? Wait : 100);
    if (N < 0)
      break;
    for (int I = 0; I < 2; ++I) {
      if (Fds[I].fd < 0 || !(Fds[I].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      ssize_t Got = read(Fds[I].fd, Buf, sizeof(Buf));
      if (Got <= 0) {
        close(Fds[I].fd);
        Fds[I].fd = -1;
        --Open;
        continue;
      }
      (I == 0 ? R.Stdout : R.Stderr).append(Buf, static_cast<size_t>(Got));
    }
  }
  for (pollfd &P : Fds)
    if (P.fd >= 0)
      close(P.fd);
  int Status = 0;
  struct rusage Usage;
  std::memset(&Usage, 0, sizeof(Usage));
  wait4(Pid, &Status, 0, &Usage);
  R.Seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
  R.PeakRssKb = Usage.ru_maxrss;
  if (WIFEXITED(Status))
    R.ExitStatus = WEXITSTATUS(Status);
  else if (WIFSIGNALED(Status))
    R.ExitStatus = 128 + WTERMSIG(Status);
  return R;
}
