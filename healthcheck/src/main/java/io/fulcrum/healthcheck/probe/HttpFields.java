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
  private static final int UPGRADE = 4;
  private static final int WEBSOCKET_ACCEPT = 5;
  private static final int WEBSOCKET_ORIGIN = 6;
  private static final int WEBSOCKET_LOCATION = 7;

  private static final byte[] NAME_CONTENT_LENGTH = bytes("content-length");
  private static final byte[] NAME_TRANSFER_ENCODING = bytes("transfer-encoding");
  private static final byte[] NAME_CONNECTION = bytes("connection");
  private static final byte[] NAME_TRAILER = bytes("trailer");
  private static final byte[] NAME_UPGRADE = bytes("upgrade");
  private static final byte[] NAME_WEBSOCKET_ACCEPT = bytes("sec-websocket-accept");
  private static final byte[] NAME_WEBSOCKET_ORIGIN = bytes("sec-websocket-origin");
  private static final byte[] NAME_WEBSOCKET_LOCATION = bytes("sec-websocket-location");
  private static final byte[] WEBSOCKET = bytes("websocket");
  private static final byte[] HTTP_1_0 = "HTTP/1.0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HTTP_1_1 = "HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CHUNKED = bytes("chunked");
  private static final byte[] CLOSE = bytes("close");
  private static final byte[] KEEP_ALIVE = bytes("keep-alive");
  private static final byte[] SP = {' '};

  private boolean sawField;
  private int fieldKind;
  private boolean fieldValueEmpty;
  private boolean fieldChecked;
  private boolean fieldOpen;
  private boolean fieldValid;

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
  private int upgradeFields;
  private boolean upgradeToHttp1;
  private boolean upgradeWebsocket;
  private boolean websocketAccept;
  private boolean websocketOrigin;
  private boolean websocketLocation;

  /** Starts the fields of a new head. */
  void reset() {
    sawField = false;
    fieldOpen = false;
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
    upgradeFields = 0;
    upgradeToHttp1 = false;
    upgradeWebsocket = false;
    websocketAccept = false;
    websocketOrigin = false;
    websocketLocation = false;
  }

  /** Starts the trailers (after the last chunk). */
  void startTrailers() {
    sawField = false;
    fieldOpen = false;
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

  /**
   * True for a 101 answer that switches to something other than HTTP/1.x (no Upgrade field, or the
   * first one names neither HTTP/1.0 nor HTTP/1.1): what follows it is not HTTP.
   */
  boolean switchesAwayFromHttp1(int status) {
    return status == 101 && (upgradeFields == 0 || !upgradeToHttp1);
  }

  /** A Hixie-76 WebSocket handshake answer (101 with a body), which Netty reads as one. */
  boolean hixieHandshake(int status) {
    return status == 101 && !websocketAccept && upgradeWebsocket;
  }

  /** The body length Netty assumes for a Hixie-76 handshake without Content-Length, else -1. */
  long websocketLength(int status) {
    return status == 101 && websocketOrigin && websocketLocation ? 16 : -1;
  }

  /** The first Content-Length value; negative when it is not a number. */
  long contentLength() {
    return contentLength;
  }

  /**
   * A header or trailer line: a new field, or the folded continuation (obs-fold) of the last one,
   * joined by one SP. Returns false when the line is malformed (no colon, a bad separator) or
   * completes a field that is invalid. A field is checked as Netty adds it to its headers, i.e.
   * once complete (at the next field or the end of the head): a token name and a field value;
   * trailer fields that may not be trailers (which are dropped) are not checked.
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
      // the joined value starts with the SP when the first line had none
      fieldValid &= !fieldValueEmpty && HttpLines.isFieldContent(b, ts, te);
      if (fieldKind != OTHER) {
        appendValue(SP, 0, 1);
        appendValue(b, ts, te);
      }
      return true;
    }
    if (!end()) {
      return false;
    }
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
    fieldValid = HttpLines.isToken(b, s, nameEnd) && HttpLines.isFieldValue(b, vs, ve);
    sawField = true;
    fieldOpen = true;
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
    if (HttpLines.equalsIgnoreCase(b, s, e, NAME_UPGRADE)) {
      return UPGRADE;
    }
    if (HttpLines.equalsIgnoreCase(b, s, e, NAME_WEBSOCKET_ACCEPT)) {
      return WEBSOCKET_ACCEPT;
    }
    if (HttpLines.equalsIgnoreCase(b, s, e, NAME_WEBSOCKET_ORIGIN)) {
      return WEBSOCKET_ORIGIN;
    }
    if (HttpLines.equalsIgnoreCase(b, s, e, NAME_WEBSOCKET_LOCATION)) {
      return WEBSOCKET_LOCATION;
    }
    return OTHER;
  }

  /** The field being read is complete: false if invalid, else takes what framing needs. */
  boolean end() {
    if (!fieldOpen) {
      return true;
    }
    fieldOpen = false;
    int kind = fieldKind;
    fieldKind = OTHER;
    if (fieldChecked && !fieldValid) {
      return false;
    }
    if (kind == CONNECTION) {
      connectionClose |= HttpLines.listContains(value, 0, valueLength, CLOSE);
      connectionKeepAlive |= HttpLines.listContains(value, 0, valueLength, KEEP_ALIVE);
    } else if (kind == TRANSFER_ENCODING) {
      transferEncoding = true;
      codings();
    } else if (kind == CONTENT_LENGTH && contentLengthFields++ == 0) {
      contentLengthList = HttpLines.indexOf(value, 0, valueLength, (byte) ',') >= 0;
      contentLength = HttpLines.contentLength(value, 0, valueLength);
    } else if (kind == UPGRADE) {
      if (upgradeFields++ == 0) {
        upgradeToHttp1 = contains(HTTP_1_0) || contains(HTTP_1_1);
      }
      upgradeWebsocket |= HttpLines.equalsIgnoreCase(value, 0, valueLength, WEBSOCKET);
    } else {
      websocketAccept |= kind == WEBSOCKET_ACCEPT;
      websocketOrigin |= kind == WEBSOCKET_ORIGIN;
      websocketLocation |= kind == WEBSOCKET_LOCATION;
    }
    return true;
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

  /** True when the value holds {@code part} (case-sensitive). */
  private boolean contains(byte[] part) {
    for (int i = 0; i + part.length <= valueLength; i++) {
      if (Arrays.equals(value, i, i + part.length, part, 0, part.length)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] bytes(String lower) {
    return lower.getBytes(StandardCharsets.US_ASCII);
  }
}
