/*
 * spcat: a tiny SP peer for Sluice's interoperability tests, compiled at test time with gcc
 * against libnanomsg (-DUSE_NANOMSG) or against libnng's nanomsg compatibility API.
 *
 *   spcat echo-rep  bind|connect URL   REP that answers every request with the request itself
 *   spcat req-sizes bind|connect URL   REQ that sends requests of 0, 1, 65536 and 1048576 bytes
 *                                      and checks each echo; exits 0 when all four match
 *   spcat pair-sizes bind|connect URL  PAIR that sends the same four sizes, expects them echoed
 *
 * Receive limits are raised to 8 MiB so 1 MiB messages (plus SP headers) fit.
 */
#ifdef USE_NANOMSG
#include <nanomsg/nn.h>
#include <nanomsg/reqrep.h>
#include <nanomsg/pair.h>
#else
#include <nng/compat/nanomsg/nn.h>
#include <nng/compat/nanomsg/reqrep.h>
#include <nng/compat/nanomsg/pair.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const int sizes[] = {0, 1, 65536, 1048576};

static void die(const char *what) {
  fprintf(stderr, "spcat: %s: %s\n", what, nn_strerror(nn_errno()));
  exit(2);
}

static int open_socket(int proto, const char *how, const char *url) {
  int s = nn_socket(AF_SP, proto);
  if (s < 0) die("nn_socket");
  int max = 8 * 1024 * 1024;
  if (nn_setsockopt(s, NN_SOL_SOCKET, NN_RCVMAXSIZE, &max, sizeof(max)) < 0) die("RCVMAXSIZE");
  int timeout = 20000;
  if (nn_setsockopt(s, NN_SOL_SOCKET, NN_RCVTIMEO, &timeout, sizeof(timeout)) < 0) die("RCVTIMEO");
  int rc = strcmp(how, "bind") == 0 ? nn_bind(s, url) : nn_connect(s, url);
  if (rc < 0) die(how);
  return s;
}

static void fill(char *buf, int size) {
  for (int i = 0; i < size; i++) buf[i] = (char) ((i * 31 + size) & 0xff);
}

static int send_and_check(int s, int size) {
  char *buf = malloc(size > 0 ? size : 1);
  fill(buf, size);
  if (nn_send(s, buf, size, 0) != size) die("nn_send");
  void *reply = NULL;
  int n = nn_recv(s, &reply, NN_MSG, 0);
  if (n < 0) die("nn_recv");
  int ok = n == size && memcmp(reply, buf, size) == 0;
  printf("%d %s\n", size, ok ? "ok" : "MISMATCH");
  fflush(stdout);
  nn_freemsg(reply);
  free(buf);
  return ok;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: spcat echo-rep|req-sizes|pair-sizes bind|connect URL\n");
    return 2;
  }
  if (strcmp(argv[1], "echo-rep") == 0) {
    int s = open_socket(NN_REP, argv[2], argv[3]);
    int forever = -1;
    nn_setsockopt(s, NN_SOL_SOCKET, NN_RCVTIMEO, &forever, sizeof(forever));
    printf("ready\n");
    fflush(stdout);
    for (;;) {
      void *msg = NULL;
      int n = nn_recv(s, &msg, NN_MSG, 0);
      if (n < 0) die("nn_recv");
      if (nn_send(s, msg, n, 0) < 0) die("nn_send");
      nn_freemsg(msg);
    }
  }
  int proto = strcmp(argv[1], "req-sizes") == 0 ? NN_REQ : NN_PAIR;
  int s = open_socket(proto, argv[2], argv[3]);
  int all = 1;
  for (int i = 0; i < 4; i++) all &= send_and_check(s, sizes[i]);
  nn_close(s);
  return all ? 0 : 1;
}
