/*
 * nn_bench: the nanomsg (libnanomsg, C) side of Sluice's SP benchmark, compiled by SpBench with
 * gcc -O2 at run time. Two processes (fork), like the Java runs' two sockets:
 *
 *   nn_bench thr SIZE COUNT URL   child PULL binds and receives COUNT messages, parent PUSH
 *                                 connects and sends them; prints "msgs_per_sec MB_per_sec"
 *   nn_bench lat SIZE COUNT URL   child REP binds and echoes, parent REQ connects and makes
 *                                 COUNT round trips (after COUNT/10 warm-up); prints
 *                                 "p50_us p99_us mean_us"
 */
#include <nanomsg/nn.h>
#include <nanomsg/pipeline.h>
#include <nanomsg/reqrep.h>
#include <nanomsg/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static void check(int rc, const char *what) {
  if (rc < 0) {
    fprintf(stderr, "nn_bench: %s: %s\n", what, nn_strerror(nn_errno()));
    exit(2);
  }
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void nodelay(int s) {
  int one = 1;
  check(nn_setsockopt(s, NN_TCP, NN_TCP_NODELAY, &one, sizeof(one)), "NODELAY");
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: nn_bench thr|lat SIZE COUNT URL\n");
    return 2;
  }
  int size = atoi(argv[2]);
  long count = atol(argv[3]);
  const char *url = argv[4];
  char *buf = calloc(1, size > 0 ? size : 1);
  if (strcmp(argv[1], "thr") == 0) {
    int ready[2];
    if (pipe(ready) != 0) return 2;
    pid_t child = fork();
    if (child == 0) {
      int s = nn_socket(AF_SP, NN_PULL);
      check(s, "socket");
      check(nn_bind(s, url), "bind");
      if (write(ready[1], "r", 1) != 1) return 2;
      void *msg;
      check(nn_recv(s, &msg, NN_MSG, 0), "recv");
      nn_freemsg(msg);
      double start = now();
      for (long i = 1; i < count; i++) {
        check(nn_recv(s, &msg, NN_MSG, 0), "recv");
        nn_freemsg(msg);
      }
      double secs = now() - start;
      printf("%.0f %.1f\n", (count - 1) / secs, (count - 1) * (double) size / secs / 1e6);
      fflush(stdout);
      nn_close(s);
      return 0;
    }
    char r;
    if (read(ready[0], &r, 1) != 1) return 2;
    int s = nn_socket(AF_SP, NN_PUSH);
    check(s, "socket");
    check(nn_connect(s, url), "connect");
    for (long i = 0; i < count; i++) {
      check(nn_send(s, buf, size, 0), "send");
    }
    int status;
    waitpid(child, &status, 0);
    nn_close(s);
    return WEXITSTATUS(status);
  }
  int ready[2];
  if (pipe(ready) != 0) return 2;
  pid_t child = fork();
  if (child == 0) {
    int s = nn_socket(AF_SP, NN_REP);
    check(s, "socket");
    nodelay(s);
    check(nn_bind(s, url), "bind");
    if (write(ready[1], "r", 1) != 1) return 2;
    for (;;) {
      void *msg;
      int n = nn_recv(s, &msg, NN_MSG, 0);
      if (n < 0) return 0;
      check(nn_send(s, &msg, NN_MSG, 0), "send");
    }
  }
  char r;
  if (read(ready[0], &r, 1) != 1) return 2;
  int s = nn_socket(AF_SP, NN_REQ);
  check(s, "socket");
  nodelay(s);
  check(nn_connect(s, url), "connect");
  long warm = count / 10;
  double *rtt = malloc(sizeof(double) * count);
  double sum = 0;
  for (long i = -warm; i < count; i++) {
    double t0 = now();
    check(nn_send(s, buf, size, 0), "send");
    void *msg;
    check(nn_recv(s, &msg, NN_MSG, 0), "recv");
    nn_freemsg(msg);
    double us = (now() - t0) * 1e6;
    if (i >= 0) {
      rtt[i] = us;
      sum += us;
    }
  }
  qsort(rtt, count, sizeof(double), cmp);
  printf("%.1f %.1f %.1f\n", rtt[count / 2], rtt[count * 99 / 100], sum / count);
  fflush(stdout);
  kill(child, 9);
  waitpid(child, NULL, 0);
  nn_close(s);
  return 0;
}
