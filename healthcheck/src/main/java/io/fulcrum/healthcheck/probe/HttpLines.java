package io.fulcrum.healthcheck.probe;

/**
 * Byte-level rules of HTTP/1.x response lines for {@link HttpResponseFramer} (pure, static). They
 * follow what Netty's {@code HttpResponseDecoder} accepts, so that the lean path and the Netty path
 * judge a response alike: separators, token and field-value characters, Content-Length and chunk
 * size syntax.
 */
final class HttpLines {
  static final byte CR = '\r';
  static final byte LF = '\n';

  /** Bytes that {@code Character.isWhitespace} accepts (on a signed byte). */
  private static final boolean[] WHITESPACE = new boolean[256];

  /** RFC 9110 tchar. */
  private static final boolean[] TOKEN = new boolean[256];

  static {
    for (int c : new int[] {0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20}) {
      WHITESPACE[c] = true;
    }
    for (int c = '0'; c <= '9'; c++) {
      TOKEN[c] = true;
    }
    for (int c = 'a'; c <= 'z'; c++) {
      TOKEN[c] = true;
      TOKEN[c - 'a' + 'A'] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TOKEN[c] = true;
    }
  }

  private HttpLines() {}

  static boolean isWhitespace(byte b) {
    return WHITESPACE[b & 0xff];
  }

  /**
   * Control characters and whitespace up to SP (not DEL: Netty's table for this leaves it out, and
   * the lean path judges as Netty does).
   */
  static boolean isControlOrWhitespace(byte b) {
    return b >= 0 && b <= 0x20;
  }

  /** Optional whitespace: SP or HTAB. */
  static boolean isOws(byte b) {
    return b == ' ' || b == '\t';
  }

  /** The lenient separators of a status line (RFC 9112 section 4): SP, HTAB, VT, FF, CR. */
  static boolean isSpLenient(byte b) {
    return b == ' ' || b == '\t' || b == 0x0b || b == 0x0c || b == CR;
  }

  /** First index from {@code i} that is not a lenient separator; -1 at other whitespace. */
  static int skipSeparators(byte[] b, int i, int end) {
    for (; i < end; i++) {
      if (!isSpLenient(b[i])) {
        return isWhitespace(b[i]) ? -1 : i;
      }
    }
    return end;
  }

  /** First index from {@code i} that is a lenient separator, else {@code end}. */
  static int findSeparator(byte[] b, int i, int end) {
    for (; i < end; i++) {
      if (isSpLenient(b[i])) {
        return i;
      }
    }
    return end;
  }

  /** End of {@code [from, end)} without trailing SP/HTAB; {@code from} if nothing else is left. */
  static int trimOwsEnd(byte[] b, int from, int end) {
    while (end > from && isOws(b[end - 1])) {
      end--;
    }
    return end;
  }

  /** True when {@code [from, end)} is a non-empty token (a valid header name). */
  static boolean isToken(byte[] b, int from, int end) {
    if (from >= end) {
      return false;
    }
    for (int i = from; i < end; i++) {
      if (!TOKEN[b[i] & 0xff]) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when {@code [from, end)} is a valid field value: empty, or a visible first character and
   * no control character but HTAB after it (obs-text allowed).
   */
  static boolean isFieldValue(byte[] b, int from, int end) {
    if (from >= end) {
      return true;
    }
    int first = b[from] & 0xff;
    if (first < 0x21 || first == 0x7f) {
      return false;
    }
    return isFieldContent(b, from + 1, end);
  }

  /** True when {@code [from, end)} has no control character but HTAB. */
  static boolean isFieldContent(byte[] b, int from, int end) {
    for (int i = from; i < end; i++) {
      int c = b[i] & 0xff;
      if ((c < 0x20 && c != 0x09) || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  /**
   * The status code word as {@code Integer.parseInt} reads it (optional sign, decimal digits), or
   * -1 when it is not a number or negative.
   */
  static int statusCode(byte[] b, int from, int end) {
    int i = from;
    boolean negative = false;
    if (i < end && (b[i] == '+' || b[i] == '-')) {
      negative = b[i] == '-';
      i++;
    }
    if (i >= end) {
      return -1;
    }
    long v = 0;
    for (; i < end; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
      if (v > Integer.MAX_VALUE) {
        return -1;
      }
    }
    return negative && v != 0 ? -1 : (int) v;
  }

  /**
   * A Content-Length value: decimal digits only (the first must be one, so no sign), else -1; -2
   * when it does not fit a long.
   */
  static long contentLength(byte[] b, int from, int end) {
    if (from >= end) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < end; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      if (v > (Long.MAX_VALUE - d) / 10) {
        return -2;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * The size of a chunk-size line (CRLF removed): hex digits, then nothing, or optional SP/HTAB and
   * {@code ;} with extensions (which must be well-formed); -1 when malformed or above {@code
   * Integer.MAX_VALUE}.
   */
  static int chunkSize(byte[] b, int from, int end) {
    if (indexOf(b, from, end, (byte) ';') >= 0 && !chunkExtensions(b, from, end)) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < end; i++) {
      int d = hex(b[i]);
      if (d < 0) {
        int j = i;
        while (j < end && isOws(b[j])) {
          j++;
        }
        return j < end && b[j] == ';' && i > from ? (int) v : -1;
      }
      v = v * 16 + d;
      if (v > Integer.MAX_VALUE) {
        return -1;
      }
    }
    return from == end ? -1 : (int) v;
  }

  private static final int EXT_SIZE = 0;
  private static final int EXT_NAME = 1;
  private static final int EXT_VALUE_START = 2;
  private static final int EXT_QUOTED = 3;
  private static final int EXT_ESCAPE = 4;
  private static final int EXT_QUOTED_END = 5;
  private static final int EXT_TOKEN = 6;

  /**
   * True when a chunk-size line with {@code ;} is well-formed as RFC 9112 section 7.1.1 says (the
   * grammar Netty checks): size, then {@code ;name[=token|"quoted"]} elements, SP/HTAB around.
   */
  static boolean chunkExtensions(byte[] b, int from, int end) {
    int state = EXT_SIZE;
    for (int i = from; i < end; i++) {
      int c = b[i];
      if (c < 0) {
        return false;
      }
      boolean ows = c == ' ' || c == '\t';
      boolean visible = c >= 0x21 && c <= 0x7e;
      switch (state) {
        case EXT_SIZE:
          if (c == ';') {
            state = EXT_NAME;
          } else if (hex((byte) c) < 0 && !ows) {
            return false;
          }
          break;
        case EXT_NAME:
          if (c == '=') {
            state = EXT_VALUE_START;
          } else if (!ows && !(visible && !isExtSeparator(c))) {
            return false;
          }
          break;
        case EXT_VALUE_START:
          if (c == '"') {
            state = EXT_QUOTED;
          } else if (visible && !isExtSeparator(c)) {
            state = EXT_TOKEN;
          } else if (!ows) {
            return false;
          }
          break;
        case EXT_QUOTED:
          if (c == '\\') {
            state = EXT_ESCAPE;
          } else if (c == '"') {
            state = EXT_QUOTED_END;
          } else if (!ows && !visible) {
            return false;
          }
          break;
        case EXT_ESCAPE:
          if (!ows && !visible) {
            return false;
          }
          state = EXT_QUOTED;
          break;
        case EXT_QUOTED_END:
          if (c == ';') {
            state = EXT_NAME;
          } else if (!ows) {
            return false;
          }
          break;
        default:
          if (c == ';') {
            state = EXT_NAME;
          } else if (!visible || isExtSeparator(c)) {
            return false;
          }
          break;
      }
    }
    return state != EXT_VALUE_START && state != EXT_QUOTED && state != EXT_ESCAPE;
  }

  private static boolean isExtSeparator(int c) {
    return "(),/:<=>?@[\\]{}".indexOf(c) >= 0;
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** True when {@code [from, end)} equals the lower-case ASCII {@code lower}, ignoring case. */
  static boolean equalsIgnoreCase(byte[] b, int from, int end, byte[] lower) {
    if (end - from != lower.length) {
      return false;
    }
    for (int i = 0; i < lower.length; i++) {
      int c = b[from + i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lower[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when one element of the comma-separated list {@code [from, end)}, trimmed of bytes up to
   * SP, equals {@code lower} ignoring case (as Netty's {@code containsValue(name, value, true)}).
   */
  static boolean listContains(byte[] b, int from, int end, byte[] lower) {
    int s = from;
    while (s <= end) {
      int comma = s;
      while (comma < end && b[comma] != ',') {
        comma++;
      }
      int ts = s;
      int te = comma;
      while (ts < te && (b[ts] & 0xff) <= ' ') {
        ts++;
      }
      while (te > ts && (b[te - 1] & 0xff) <= ' ') {
        te--;
      }
      if (equalsIgnoreCase(b, ts, te, lower)) {
        return true;
      }
      s = comma + 1;
    }
    return false;
  }

  /** Index of {@code c} in {@code [from, end)}, else -1. */
  static int indexOf(byte[] b, int from, int end, byte c) {
    for (int i = from; i < end; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
