package io.fulcrum.healthcheck.probe;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header (or trailer) fields of one response head for {@link HttpResponseFramer} (pure): checks
 * each field as Netty's decoder does when it adds it to its headers (a token name, a field value;
 * folded continuation lines joined by one SP) and keeps what framing needs: Connection tokens,
 * Transfer-Encoding codings, Content-Length values.
 */
final class HttpFields {
  private static final int OTHER = 0;
  private static final int CONTENT_LENGTH = 1;
  private static final int TRANSFER_ENCODING = 2;
  private static final int CONNECTION = 3;

  private static final byte[] NAME_CONTENT_LENGTH = bytes("content-length");
  private static final byte[] NAME_TRANSFER_ENCODING = bytes("transfer-encoding");
  private static final byte[] NAME_CONNECTION = bytes("connection");
  private static final byte[] NAME_TRAILER = bytes("trailer");
  private static final byte[] CHUNKED = bytes("chunked");
  private static final byte[] CLOSE = bytes("close");
  private static final byte[] KEEP_ALIVE = bytes("keep-alive");
  private static final byte[] SP = {' '};

  private boolean sawField;
  private int fieldKind;
  private boolean fieldValueEmpty;
  private boolean fieldChecked;

  /** The value of the field being read when it matters for framing (continuations appended). */
  private byte[] value = new byte[64];

  private int valueLength;
  private boolean connectionClose;
  private boolean connectionKeepAlive;
  private boolean transferEncoding;
  private boolean chunked;
  private boolean lastCodingChunked;
  private boolean chunkedTwice;
  private int contentLengthFields;
  private boolean contentLengthList;
  private long contentLength;

  /** Starts the fields of a new head. */
  void reset() {
    sawField = false;
    fieldKind = OTHER;
    connectionClose = false;
    connectionKeepAlive = false;
    transferEncoding = false;
    chunked = false;
    lastCodingChunked = false;
    chunkedTwice = false;
    contentLengthFields = 0;
    contentLengthList = false;
    contentLength = -1;
  }

  /** Starts the trailers (after the last chunk). */
  void startTrailers() {
    sawField = false;
    fieldKind = OTHER;
  }

  boolean connectionClose() {
    return connectionClose;
  }

  boolean connectionKeepAlive() {
    return connectionKeepAlive;
  }

  boolean transferEncoding() {
    return transferEncoding;
  }

  /** True when a Transfer-Encoding field names chunked. */
  boolean chunked() {
    return chunked;
  }

  /** True when chunked is the last coding and appears once. */
  boolean chunkedLastAndOnce() {
    return lastCodingChunked && !chunkedTwice;
  }

  int contentLengthFields() {
    return contentLengthFields;
  }

  /** True for more than one Content-Length field, or a list in the first. */
  boolean severalContentLengths() {
    return contentLengthFields > 1 || contentLengthList;
  }

  /** The first Content-Length value; negative when it is not a number. */
  long contentLength() {
    return contentLength;
  }

  /**
   * A header or trailer line: a new field, or the folded continuation (obs-fold) of the last one,
   * joined by one SP. Fields are checked as Netty adds them to its headers: a token name and a
   * field value (trailer fields that may not be trailers, which are dropped, are not checked).
   */
  boolean line(byte[] b, int s, int e, boolean trailer) {
    if (sawField && HttpLines.isOws(b[s])) {
      int ts = s;
      int te = e;
      while (ts < te && (b[ts] & 0xff) <= ' ') {
        ts++;
      }
      while (te > ts && (b[te - 1] & 0xff) <= ' ') {
        te--;
      }
      if (fieldChecked && (fieldValueEmpty || !HttpLines.isFieldContent(b, ts, te))) {
        return false;
      }
      if (fieldKind != OTHER) {
        appendValue(SP, 0, 1);
        appendValue(b, ts, te);
      }
      return true;
    }
    end();
    int nameEnd = s;
    while (nameEnd < e && b[nameEnd] != ':' && !HttpLines.isOws(b[nameEnd])) {
      nameEnd++;
    }
    int vs = valueStart(b, nameEnd, e);
    if (nameEnd == e || vs < 0) {
      return false;
    }
    int ve = vs == e ? e : HttpLines.trimOwsEnd(b, vs, e);
    int kind = kind(b, s, nameEnd);
    fieldChecked =
        !trailer || (kind == OTHER && !HttpLines.equalsIgnoreCase(b, s, nameEnd, NAME_TRAILER));
    if (fieldChecked && (!HttpLines.isToken(b, s, nameEnd) || !HttpLines.isFieldValue(b, vs, ve))) {
      return false;
    }
    sawField = true;
    fieldValueEmpty = vs == ve;
    fieldKind = trailer ? OTHER : kind;
    valueLength = 0;
    if (fieldKind != OTHER) {
      appendValue(b, vs, ve);
    }
    return true;
  }

  /** Where a field's value starts after its name (past the colon and SP/HTAB); -1 if malformed. */
  private static int valueStart(byte[] b, int nameEnd, int e) {
    int c = nameEnd;
    while (c < e && b[c] != ':') {
      c++;
    }
    if (c < e) {
      c++;
    }
    while (c < e && HttpLines.isWhitespace(b[c])) {
      if (!HttpLines.isOws(b[c])) {
        return -1;
      }
      c++;
    }
    return c;
  }

  private static int kind(byte[] b, int s, int e) {
    if (HttpLines.equalsIgnoreCase(b, s, e, NAME_CONTENT_LENGTH)) {
      return CONTENT_LENGTH;
    }
    if (HttpLines.equalsIgnoreCase(b, s, e, NAME_TRANSFER_ENCODING)) {
      return TRANSFER_ENCODING;
    }
    if (HttpLines.equalsIgnoreCase(b, s, e, NAME_CONNECTION)) {
      return CONNECTION;
    }
    return OTHER;
  }

  /** The field being read is complete: takes what framing needs from it. */
  void end() {
    int kind = fieldKind;
    fieldKind = OTHER;
    if (kind == CONNECTION) {
      connectionClose |= HttpLines.listContains(value, 0, valueLength, CLOSE);
      connectionKeepAlive |= HttpLines.listContains(value, 0, valueLength, KEEP_ALIVE);
    } else if (kind == TRANSFER_ENCODING) {
      transferEncoding = true;
      codings();
    } else if (kind == CONTENT_LENGTH && contentLengthFields++ == 0) {
      contentLengthList = HttpLines.indexOf(value, 0, valueLength, (byte) ',') >= 0;
      contentLength = HttpLines.contentLength(value, 0, valueLength);
    }
  }

  /** The codings of a Transfer-Encoding field, in order: is chunked there, once, and last? */
  private void codings() {
    int s = 0;
    while (s <= valueLength) {
      int comma = s;
      while (comma < valueLength && value[comma] != ',') {
        comma++;
      }
      int ts = s;
      int te = comma;
      while (ts < te && HttpLines.isOws(value[ts])) {
        ts++;
      }
      while (te > ts && HttpLines.isOws(value[te - 1])) {
        te--;
      }
      if (te > ts) {
        lastCodingChunked = HttpLines.equalsIgnoreCase(value, ts, te, CHUNKED);
        chunkedTwice |= lastCodingChunked && chunked;
        chunked |= lastCodingChunked;
      }
      s = comma + 1;
    }
  }

  private void appendValue(byte[] b, int s, int e) {
    int n = e - s;
    if (valueLength + n > value.length) {
      value = Arrays.copyOf(value, Math.max(value.length * 2, valueLength + n));
    }
    System.arraycopy(b, s, value, valueLength, n);
    valueLength += n;
  }

  private static byte[] bytes(String lower) {
    return lower.getBytes(StandardCharsets.US_ASCII);
  }
}
