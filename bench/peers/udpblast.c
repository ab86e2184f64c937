// UDP load for bench/peers.sh: sends 64-byte datagrams to DST:PORT for SECONDS from NSOCK sockets
// (each its own source port, so the flows spread over the backends), in sendmmsg batches.
// Prints "sent <packets>". Usage: udpblast DST PORT SECONDS [NSOCK]
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define MAXSOCK 256

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: udpblast DST PORT SECONDS [NSOCK]\n");
    return 2;
  }
  struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[2]))};
  if (inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1) {
    fprintf(stderr, "udpblast: bad address %s\n", argv[1]);
    return 2;
  }
  double secs = atof(argv[3]);
  int nsock = argc > 4 ? atoi(argv[4]) : 32;
  if (nsock < 1 || nsock > MAXSOCK) nsock = 32;
  int fds[MAXSOCK];
  for (int i = 0; i < nsock; i++) {
    fds[i] = socket(AF_INET, SOCK_DGRAM, 0);
    if (fds[i] < 0 || connect(fds[i], (struct sockaddr *)&dst, sizeof(dst)) < 0) {
      perror("udpblast: socket/connect");
      return 1;
    }
  }
  char payload[64];
  memset(payload, 'x', sizeof(payload));
  struct iovec iov = {.iov_base = payload, .iov_len = sizeof(payload)};
  struct mmsghdr msgs[BATCH];
  memset(msgs, 0, sizeof(msgs));
  for (int i = 0; i < BATCH; i++) {
    msgs[i].msg_hdr.msg_iov = &iov;
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  unsigned long long sent = 0;
  double end = now() + secs;
  for (int k = 0;; k = (k + 1) % nsock) {
    if ((sent & 0x3ff) < BATCH && now() >= end) break;
    int r = sendmmsg(fds[k], msgs, BATCH, 0);
    if (r > 0) sent += (unsigned long long)r;
  }
  printf("sent %llu\n", sent);
  return 0;
}
