// Paced HTTP latency for bench/peers.sh: one keep-alive connection to HOST:PORT and one request
// every 1/RATE s for SECONDS. A request waits for its slot and for the previous answer, so there is
// never more than one in flight and neither the client nor the path queues: the figures are the
// path's own delay. Each answer is read to its end (Content-Length). A broken connection counts an
// error and is made again. Prints "requests <n> errors <e> p50_ms <x> p99_ms <y> max_ms <z>".
// Usage: latprobe HOST PORT SECONDS RATE
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int dial(const struct sockaddr_in *dst) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (connect(fd, (const struct sockaddr *)dst, sizeof(*dst)) < 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Reads one answer; returns 0 when it was read to its end, -1 when the connection broke.
static int read_answer(int fd, char *buf, size_t cap) {
  size_t got = 0;
  long body = -1;
  size_t head = 0;
  for (;;) {
    if (got == cap) {
      return -1; // an answer this large is not the bench's server
    }
    ssize_t n = recv(fd, buf + got, cap - got, 0);
    if (n <= 0) {
      return -1;
    }
    got += (size_t)n;
    if (body < 0) {
      char *end = memmem(buf, got, "\r\n\r\n", 4);
      if (end == NULL) {
        continue;
      }
      head = (size_t)(end - buf) + 4;
      body = 0;
      for (char *p = buf; p < end; p++) {
        if ((p == buf || p[-1] == '\n') && strncasecmp(p, "content-length:", 15) == 0) {
          body = strtol(p + 15, NULL, 10);
        }
      }
    }
    if (got >= head + (size_t)body) {
      return 0;
    }
  }
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: latprobe HOST PORT SECONDS RATE\n");
    return 2;
  }
  struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[2]))};
  if (inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1) {
    fprintf(stderr, "latprobe: bad address %s\n", argv[1]);
    return 2;
  }
  double seconds = atof(argv[3]);
  double rate = atof(argv[4]);
  if (seconds <= 0 || rate <= 0) {
    fprintf(stderr, "latprobe: SECONDS and RATE must be positive\n");
    return 2;
  }
  size_t max = (size_t)(seconds * rate) + 1;
  double *lat = malloc(max * sizeof(double));
  char req[256], buf[16384];
  int reqlen = snprintf(req, sizeof(req), "GET / HTTP/1.1\r\nHost: %s:%s\r\n\r\n", argv[1], argv[2]);
  if (lat == NULL || reqlen <= 0 || reqlen >= (int)sizeof(req)) {
    return 2;
  }
  size_t n = 0;
  long errors = 0;
  int fd = dial(&dst);
  double start = mono();
  for (size_t i = 0; i < max; i++) {
    double slot = start + i / rate;
    if (slot >= start + seconds) {
      break;
    }
    double t = mono();
    if (slot > t) {
      struct timespec ts = {.tv_sec = (time_t)slot, .tv_nsec = (long)((slot - (time_t)slot) * 1e9)};
      clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
    }
    if (fd < 0 && (fd = dial(&dst)) < 0) {
      errors++;
      continue;
    }
    double t0 = mono();
    if (send(fd, req, (size_t)reqlen, MSG_NOSIGNAL) != reqlen || read_answer(fd, buf, sizeof(buf)) < 0) {
      errors++;
      close(fd);
      fd = -1;
      continue;
    }
    lat[n++] = (mono() - t0) * 1e3;
  }
  if (fd >= 0) {
    close(fd);
  }
  if (n == 0) {
    printf("requests 0 errors %ld p50_ms -1 p99_ms -1 max_ms -1\n", errors);
    return 1;
  }
  qsort(lat, n, sizeof(double), cmp);
  printf("requests %zu errors %ld p50_ms %.3f p99_ms %.3f max_ms %.3f\n", n, errors,
         lat[(size_t)(0.50 * (n - 1))], lat[(size_t)(0.99 * (n - 1))], lat[n - 1]);
  return 0;
}
