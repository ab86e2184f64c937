package io.fulcrum.healthcheck.probe;

import static io.fulcrum.healthcheck.probe.HttpLines.CR;
import static io.fulcrum.healthcheck.probe.HttpLines.LF;

import java.util.Arrays;

/**
 * An incremental HTTP/1.x response framer (pure): fed the bytes of one connection as they arrive,
 * in pieces of any size, it reports the end of each response's head (status, keep-alive), its body
 * bytes and its end, or that the stream is malformed; the result never depends on how the bytes
 * were cut. It judges as Netty 4.2's {@code HttpResponseDecoder} does with the limits of the Netty
 * path (unit tests compare the two, also on random mutations): a status line (and a chunk-size
 * line) of at most {@link #MAX_STATUS_LINE} bytes, headers and trailers of at most {@link
 * #MAX_HEADERS} bytes together (line ends not counted), strict CRLF line ends, fields checked as
 * Netty checks them ({@link HttpFields}). Bodies: none for HEAD requests, 1xx, 204 and 304; else
 * chunked (well-formed extensions and trailers allowed; only in HTTP/1.1, last coding, no
 * Content-Length beside it), else Content-Length, else up to the end of the stream. Keep-alive:
 * HTTP/1.0 only with {@code Connection: keep-alive}, never with {@code Connection: close}. After a
 * 101 that switches away from HTTP/1.x the rest is {@link #DATA}.
 *
 * <p>Use: call {@link #feed} with the unread part of the input until it returns {@link #MORE},
 * continuing from {@link #position()} after each result; at the end of the stream call {@link
 * #eof()}. Bytes after a response are the start of the next one.
 */
final class HttpResponseFramer {
  static final int MAX_STATUS_LINE = 4096;
  static final int MAX_HEADERS = 8192;

  /** All input consumed, nothing to report. */
  static final int MORE = 0;

  /** The head is complete: {@link #status()} and {@link #keepAlive()} are set. */
  static final int HEAD = 1;

  /** Body bytes: {@code input[bodyStart(), bodyStart() + bodyLength())}. */
  static final int BODY = 2;

  /** The response ended. */
  static final int END = 3;

  /** The stream is malformed ({@link #error()}); every later call returns this again. */
  static final int ERROR = 4;

  /** Bytes after a 101 answer that switched away from HTTP/1.x (not HTTP; not read as such). */
  static final int DATA = 5;

  private static final int SKIP = 0;
  private static final int STATUS = 1;
  private static final int HEADERS = 2;
  private static final int FIXED = 3;
  private static final int UNTIL_EOF = 4;
  private static final int CHUNK_SIZE = 5;
  private static final int CHUNK_DATA = 6;
  private static final int CHUNK_CR = 7;
  private static final int CHUNK_LF = 8;
  private static final int TRAILERS = 9;
  private static final int ENDING = 10;
  private static final int FAILED = 11;
  private static final int UPGRADED = 12;

  private static final byte[] HTTP_1_1 =
      "HTTP/1.1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] HTTP_1_0 =
      "HTTP/1.0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final boolean headRequest;
  private int state = SKIP;
  private int pos;
  private String error;

  /** A line split over inputs, gathered here (CR included, LF not). */
  private byte[] line = new byte[256];

  private int lineLength;
  private int skipped;

  private int status;
  private boolean keepAliveDefault;
  private boolean exactly11;
  private boolean http10OrEarlier;
  private boolean keepAlive;

  /** Header bytes of this response so far (headers and trailers, line ends not counted). */
  private int headerBytes;

  private final HttpFields fields = new HttpFields();
  private long remaining;
  private boolean switching;
  private byte afterChunk;
  private int bodyStart;
  private int bodyLength;

  HttpResponseFramer(boolean headRequest) {
    this.headRequest = headRequest;
  }

  int position() {
    return pos;
  }

  int status() {
    return status;
  }

  boolean keepAlive() {
    return keepAlive;
  }

  int bodyStart() {
    return bodyStart;
  }

  int bodyLength() {
    return bodyLength;
  }

  String error() {
    return error;
  }

  /** Reads {@code in[from, to)} up to the next result; {@link #position()} is where it stopped. */
  int feed(byte[] in, int from, int to) {
    int p = from;
    while (true) {
      switch (state) {
        case SKIP:
          while (p < to && (in[p] == CR || in[p] == LF)) {
            p++;
            skipped++;
          }
          if (skipped > MAX_STATUS_LINE) {
            return fail(to, "more than " + MAX_STATUS_LINE + " bytes of line ends");
          }
          if (p == to) {
            pos = p;
            return MORE;
          }
          int c = in[p] & 0xff;
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return fail(to, "invalid status line");
          }
          state = STATUS;
          break;
        case STATUS:
        case HEADERS:
        case CHUNK_SIZE:
        case TRAILERS:
          {
            int lf = HttpLines.indexOf(in, p, to, LF);
            int limit = lineLimit();
            if (lf < 0) {
              append(in, p, to);
              pos = to;
              if (lineLength == 0) {
                return MORE;
              }
              int sure = lineLength - (line[lineLength - 1] == CR ? 1 : 0);
              return sure > limit ? fail(to, tooLong()) : MORE;
            }
            byte[] b = in;
            int s = p;
            int e = lf;
            if (lineLength > 0) {
              append(in, p, lf);
              b = line;
              s = 0;
              e = lineLength;
            }
            p = lf + 1;
            lineLength = 0;
            if (e == s || b[e - 1] != CR) {
              return fail(to, "line not ended by CRLF");
            }
            e--;
            if (e - s > limit) {
              return fail(to, tooLong());
            }
            int r = line(b, s, e);
            if (r != MORE) {
              pos = r == ERROR ? to : p;
              return r;
            }
            break;
          }
        case FIXED:
        case CHUNK_DATA:
          {
            int n = (int) Math.min(remaining, to - p);
            if (n == 0) {
              pos = p;
              return MORE;
            }
            remaining -= n;
            if (remaining == 0) {
              state = state == FIXED ? ENDING : CHUNK_CR;
            }
            return body(p, n);
          }
        case UNTIL_EOF:
          if (p == to) {
            pos = p;
            return MORE;
          }
          return body(p, to - p);
        case CHUNK_CR:
        case CHUNK_LF:
          // judged once both bytes are in, as Netty does
          if (p == to) {
            pos = p;
            return MORE;
          }
          if (state == CHUNK_CR) {
            afterChunk = in[p++];
            state = CHUNK_LF;
            break;
          }
          if (afterChunk != CR || in[p] != LF) {
            return fail(to, "chunk not ended by CRLF");
          }
          p++;
          state = CHUNK_SIZE;
          break;
        case ENDING:
          state = switching ? UPGRADED : SKIP;
          skipped = 0;
          pos = p;
          return END;
        case UPGRADED:
          if (p == to) {
            pos = p;
            return MORE;
          }
          body(p, to - p);
          return DATA;
        default:
          pos = to;
          return ERROR;
      }
    }
  }

  /**
   * The stream ended: {@link #END} when that ends a body read up to the end of the stream, {@link
   * #ERROR} inside a head, else {@link #MORE} (between responses, inside a status line, or a body
   * cut short).
   */
  int eof() {
    switch (state) {
      case HEADERS:
        return fail(pos, "closed before end of headers");
      case UNTIL_EOF:
      case ENDING:
        state = SKIP;
        skipped = 0;
        return END;
      case FAILED:
        return ERROR;
      default:
        return MORE;
    }
  }

  private int body(int p, int n) {
    bodyStart = p;
    bodyLength = n;
    pos = p + n;
    return BODY;
  }

  private int fail(int to, String reason) {
    state = FAILED;
    error = reason;
    pos = to;
    return ERROR;
  }

  private int lineLimit() {
    return state == HEADERS || state == TRAILERS ? MAX_HEADERS - headerBytes : MAX_STATUS_LINE;
  }

  private String tooLong() {
    switch (state) {
      case STATUS:
        return "status line longer than " + MAX_STATUS_LINE + " bytes";
      case CHUNK_SIZE:
        return "chunk size line longer than " + MAX_STATUS_LINE + " bytes";
      default:
        return "headers longer than " + MAX_HEADERS + " bytes";
    }
  }

  private void append(byte[] in, int from, int to) {
    int n = to - from;
    if (lineLength + n > line.length) {
      // never more than a limit and a CR: beyond that the line fails
      int cap = Math.max(line.length * 2, lineLength + n);
      line = Arrays.copyOf(line, Math.min(cap, MAX_HEADERS + 2 + n));
    }
    System.arraycopy(in, from, line, lineLength, n);
    lineLength += n;
  }

  /** A complete line (CRLF removed): returns MORE to go on, or a result. */
  private int line(byte[] b, int s, int e) {
    switch (state) {
      case STATUS:
        return statusLine(b, s, e);
      case HEADERS:
        return headerLine(b, s, e);
      case CHUNK_SIZE:
        {
          int size = HttpLines.chunkSize(b, s, e);
          if (size < 0) {
            return fail(pos, "invalid chunk size");
          }
          remaining = size;
          state = size == 0 ? TRAILERS : CHUNK_DATA;
          fields.startTrailers();
          return MORE;
        }
      default:
        return trailerLine(b, s, e);
    }
  }

  private int statusLine(byte[] b, int s, int e) {
    byte last = b[e - 1];
    if (HttpLines.isControlOrWhitespace(last) && !HttpLines.isOws(last)) {
      return fail(pos, "invalid status line");
    }
    int vs = HttpLines.skipSeparators(b, s, e);
    int ve = vs < 0 ? -1 : HttpLines.findSeparator(b, vs, e);
    int cs = ve < 0 ? -1 : HttpLines.skipSeparators(b, ve, e);
    int ce = cs < 0 ? -1 : HttpLines.findSeparator(b, cs, e);
    int rs = ce < 0 ? -1 : HttpLines.skipSeparators(b, ce, e);
    if (rs < 0) {
      return fail(pos, "invalid status line");
    }
    if (!version(b, vs, ve)) {
      return fail(pos, "invalid HTTP version");
    }
    status = HttpLines.statusCode(b, cs, ce);
    if (status < 0) {
      return fail(pos, "invalid status code");
    }
    int re = HttpLines.trimOwsEnd(b, rs, e);
    if (HttpLines.indexOf(b, rs, re, CR) >= 0) {
      return fail(pos, "invalid status line");
    }
    state = HEADERS;
    headerBytes = 0;
    fields.reset();
    return MORE;
  }

  /**
   * HTTP/d.d, as Netty's strict version check (case-insensitive; only "HTTP/1.0" exactly is not
   * keep-alive by default).
   */
  private boolean version(byte[] b, int s, int e) {
    if (e - s != 8
        || (b[s] | 0x20) != 'h'
        || (b[s + 1] | 0x20) != 't'
        || (b[s + 2] | 0x20) != 't'
        || (b[s + 3] | 0x20) != 'p'
        || b[s + 4] != '/'
        || b[s + 6] != '.') {
      return false;
    }
    int major = b[s + 5] - '0';
    int minor = b[s + 7] - '0';
    if (major < 0 || major > 9 || minor < 0 || minor > 9) {
      return false;
    }
    keepAliveDefault = !Arrays.equals(b, s, e, HTTP_1_0, 0, HTTP_1_0.length);
    exactly11 = Arrays.equals(b, s, e, HTTP_1_1, 0, HTTP_1_1.length);
    http10OrEarlier = major < 1 || (major == 1 && minor == 0);
    return true;
  }

  private int headerLine(byte[] b, int s, int e) {
    if (s == e) {
      return fields.end() ? endOfHead() : fail(pos, "invalid header");
    }
    headerBytes += e - s;
    return fields.line(b, s, e, false) ? MORE : fail(pos, "invalid header");
  }

  private int trailerLine(byte[] b, int s, int e) {
    if (s == e) {
      if (!fields.end()) {
        return fail(pos, "invalid trailer");
      }
      state = ENDING;
      return MORE;
    }
    headerBytes += e - s;
    return fields.line(b, s, e, true) ? MORE : fail(pos, "invalid trailer");
  }

  private int endOfHead() {
    HttpFields f = fields;
    long length = f.websocketLength(status);
    if (f.contentLengthFields() > 0) {
      if (f.severalContentLengths() && !http10OrEarlier) {
        return fail(pos, "multiple Content-Length values");
      }
      if (f.contentLength() < 0) {
        return fail(pos, "invalid Content-Length");
      }
      length = f.contentLength();
    }
    keepAlive = !f.connectionClose() && (keepAliveDefault || f.connectionKeepAlive());
    switching = f.switchesAwayFromHttp1(status);
    boolean informational = status >= 100 && status < 200 && !f.hixieHandshake(status);
    if (headRequest || informational || status == 204 || status == 304) {
      state = ENDING;
    } else if (f.transferEncoding() && !exactly11) {
      return fail(pos, "Transfer-Encoding outside HTTP/1.1");
    } else if (f.chunked()) {
      if (!f.chunkedLastAndOnce()) {
        return fail(pos, "chunked is not the last transfer coding");
      }
      if (f.contentLengthFields() > 0) {
        return fail(pos, "both Content-Length and Transfer-Encoding");
      }
      state = CHUNK_SIZE;
    } else if (length >= 0) {
      remaining = length;
      state = remaining == 0 ? ENDING : FIXED;
    } else {
      state = UNTIL_EOF;
    }
    return HEAD;
  }
}
