package io.fulcrum.healthcheck.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * Sample response streams and what the framer must make of them: well-formed framings (length,
 * chunked with extensions and trailers, to the end of the stream, none), keep-alive rules, limits
 * and malformed input. Transcript: {@code HEAD <status> keep|close}, {@code body <bytes>}, {@code
 * END}, {@code ERROR <reason>}, and {@code EOF <result>} when the stream then ends.
 */
final class HttpResponseSamples {
  private HttpResponseSamples() {}

  /** A sample: a HEAD request or not, the bytes, whether the stream then ends, the transcript. */
  record Sample(String name, boolean head, String input, boolean eof, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String OK_5 = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

  static List<Sample> all() {
    List<Sample> s = new ArrayList<>();
    s.add(new Sample("content-length", false, OK_5, false, "HEAD 200 keep|body hello|END"));
    s.add(
        new Sample(
            "two responses on one connection",
            false,
            OK_5 + "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 2\r\n\r\nno",
            false,
            "HEAD 200 keep|body hello|END|HEAD 503 keep|body no|END"));
    s.add(
        new Sample(
            "empty lines before the status line are skipped",
            false,
            "\r\n\r\n" + OK_5,
            false,
            "HEAD 200 keep|body hello|END"));
    s.add(
        new Sample(
            "content-length 0",
            false,
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
            false,
            "HEAD 200 keep|END"));
    s.add(
        new Sample(
            "chunked with extensions and trailers",
            false,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6 ; a=\"b\"\r\n world\r\nA\r\n0123456789\r\n"
                + "0\r\nX-Trailer: t\r\nContent-Length: 7\r\n\r\n",
            false,
            "HEAD 200 keep|body hello world0123456789|END"));
    s.add(
        new Sample(
            "chunked as the last coding",
            false,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: ,Chunked \r\n\r\n"
                + "3\r\nabc\r\n0\r\n\r\n",
            false,
            "HEAD 200 keep|body abc|END"));
    s.add(
        new Sample(
            "chunk extensions: tokens, quoted strings with escapes, spaces",
            false,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3 \t; a ; b=tok\"en;c=\"q \\\" ;x\" ;d\r\nabc\r\n0;last\r\n\r\n",
            false,
            "HEAD 200 keep|body abc|END"));
    s.add(
        new Sample(
            "a coding other than chunked: the body ends with the stream",
            false,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzzz",
            true,
            "HEAD 200 keep|body zzz|EOF END"));
    s.add(
        new Sample(
            "content-length with chunked",
            false,
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n0\r\n\r\n",
            false,
            "ERROR both Content-Length and Transfer-Encoding"));
    s.add(
        new Sample(
            "chunked not last",
            false,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
            false,
            "ERROR chunked is not the last transfer coding"));
    s.add(
        new Sample(
            "chunked twice",
            false,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
            false,
            "ERROR chunked is not the last transfer coding"));
    s.add(
        new Sample(
            "transfer-encoding in HTTP/1.0",
            false,
            "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            false,
            "ERROR Transfer-Encoding outside HTTP/1.1"));
    s.add(
        new Sample(
            "transfer-encoding with a lower-case version",
            false,
            "http/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            false,
            "ERROR Transfer-Encoding outside HTTP/1.1"));
    s.add(
        new Sample(
            "HEAD answer may say chunked in HTTP/1.0",
            true,
            "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
            false,
            "HEAD 200 close|END"));
    s.add(
        new Sample(
            "chunk size with a space and no extension",
            false,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3 \r\nabc\r\n0\r\n\r\n",
            false,
            "HEAD 200 keep|ERROR invalid chunk size"));
    s.add(
        new Sample(
            "chunk extension unquoted space",
            false,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;a=b c\r\nabc\r\n0\r\n\r\n",
            false,
            "HEAD 200 keep|ERROR invalid chunk size"));
    s.add(
        new Sample(
            "chunk extension open quote",
            false,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;a=\"b\r\nabc\r\n0\r\n\r\n",
            false,
            "HEAD 200 keep|ERROR invalid chunk size"));
    s.add(
        new Sample(
            "folded trailer",
            false,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: a\r\n b\r\n\r\n",
            false,
            "HEAD 200 keep|END"));
    s.add(
        new Sample(
            "trailer with a control character",
            false,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: a\u0002\r\n\r\n",
            false,
            "HEAD 200 keep|ERROR invalid trailer"));
    s.add(
        new Sample(
            "status line after a space",
            false,
            " HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
            false,
            "HEAD 200 keep|END"));
    s.add(
        new Sample(
            "status line after a tab",
            false,
            "\tHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
            false,
            "ERROR invalid status line"));
    s.add(
        new Sample(
            "binary garbage",
            false,
            "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000",
            false,
            "ERROR invalid status line"));
    s.add(
        new Sample(
            "HEAD answer has no body despite content-length",
            true,
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n" + "HTTP/1.1 200 OK\r\n\r\n",
            false,
            "HEAD 200 keep|END|HEAD 200 keep|END"));
    s.add(
        new Sample(
            "204 and 304 have no body",
            false,
            "HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\n"
                + "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n",
            false,
            "HEAD 204 keep|END|HEAD 304 keep|END"));
    s.add(
        new Sample(
            "1xx is an answer without body",
            false,
            "HTTP/1.1 100 Continue\r\n\r\n" + OK_5,
            false,
            "HEAD 100 keep|END|HEAD 200 keep|body hello|END"));
    s.add(
        new Sample(
            "what follows a switch away from HTTP/1.x is not read as HTTP",
            false,
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n" + OK_5,
            false,
            "HEAD 101 keep|END|DATA"));
    s.add(
        new Sample(
            "a switch to HTTP/1.1 (TLS upgrade) goes on as HTTP",
            false,
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: TLS/1.2, HTTP/1.1\r\n\r\n" + OK_5,
            false,
            "HEAD 101 keep|END|HEAD 200 keep|body hello|END"));
    s.add(
        new Sample(
            "Hixie-76 handshake answer has a 16-byte body",
            false,
            "HTTP/1.1 101 WebSocket Protocol Handshake\r\nUpgrade: WebSocket\r\n"
                + "Sec-WebSocket-Origin: o\r\nSec-WebSocket-Location: l\r\n\r\n0123456789abcdef",
            false,
            "HEAD 101 keep|body 0123456789abcdef|END"));
    s.add(
        new Sample(
            "connection close",
            false,
            "HTTP/1.1 200 OK\r\nConnection: foo, CLOSE\r\nContent-Length: 1\r\n\r\nx",
            false,
            "HEAD 200 close|body x|END"));
    s.add(
        new Sample(
            "HTTP/1.0 closes by default",
            false,
            "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx",
            false,
            "HEAD 200 close|body x|END"));
    s.add(
        new Sample(
            "HTTP/1.0 with keep-alive",
            false,
            "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nx",
            false,
            "HEAD 200 keep|body x|END"));
    s.add(
        new Sample(
            "folded connection header",
            false,
            "HTTP/1.1 200 OK\r\nConnection: keep-alive,\r\n close\r\nContent-Length: 0\r\n\r\n",
            false,
            "HEAD 200 close|END"));
    s.add(
        new Sample(
            "HTTP/1.0 takes the first of several content-lengths",
            false,
            "HTTP/1.0 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nab",
            false,
            "HEAD 200 close|body ab|END"));
    s.add(
        new Sample(
            "body up to the end of the stream",
            false,
            "HTTP/1.1 200 OK\r\nX: y\r\n\r\nall of it",
            true,
            "HEAD 200 keep|body all of it|EOF END"));
    s.add(
        new Sample(
            "status line without reason, odd separators, lower-case version",
            false,
            "http/1.1\t200\r\nContent-Length: 0\r\n\r\nHTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n",
            false,
            "HEAD 200 keep|END|HEAD 404 keep|END"));
    s.add(
        new Sample(
            "header names and values: spaces, obs-text, empty value",
            false,
            "HTTP/1.1 200 OK\r\nX-A:\r\nX-B :  v \t\r\nX-C: caf\u00e9\r\nContent-Length: 0\r\n\r\n",
            false,
            "HEAD 200 keep|END"));
    s.add(
        new Sample(
            "body cut short by the end of the stream",
            false,
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
            true,
            "HEAD 200 keep|body abc|EOF MORE"));
    s.add(
        new Sample(
            "chunked cut short",
            false,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
            true,
            "HEAD 200 keep|body ab|EOF MORE"));
    s.add(new Sample("closed inside the status line", false, "HTTP/1.1 20", true, "EOF MORE"));
    s.add(
        new Sample(
            "closed inside the headers",
            false,
            "HTTP/1.1 200 OK\r\nContent-",
            true,
            "EOF ERROR closed before end of headers"));
    s.add(new Sample("closed before anything", false, "", true, "EOF MORE"));
    s.add(
        new Sample(
            "status line of 4096 bytes",
            false,
            "HTTP/1.1 200 " + "x".repeat(4096 - 13) + "\r\nContent-Length: 0\r\n\r\n",
            false,
            "HEAD 200 keep|END"));
    s.add(
        new Sample(
            "status line of 4097 bytes",
            false,
            "HTTP/1.1 200 " + "x".repeat(4097 - 13) + "\r\nContent-Length: 0\r\n\r\n",
            false,
            "ERROR status line longer than 4096 bytes"));
    s.add(
        new Sample(
            "headers of 8192 bytes",
            false,
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX: " + "y".repeat(8192 - 17 - 3) + "\r\n\r\n",
            false,
            "HEAD 200 keep|END"));
    s.add(
        new Sample(
            "headers of 8193 bytes",
            false,
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX: " + "y".repeat(8193 - 17 - 3) + "\r\n\r\n",
            false,
            "ERROR headers longer than 8192 bytes"));
    s.add(
        new Sample(
            "many small headers over the limit",
            false,
            "HTTP/1.1 200 OK\r\n" + "X-Header: 1234567\r\n".repeat(500) + "\r\n",
            false,
            "ERROR headers longer than 8192 bytes"));
    s.add(
        new Sample(
            "trailers count with the headers",
            false,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX: "
                + "y".repeat(8000)
                + "\r\n\r\n1\r\na\r\n0\r\nT: "
                + "z".repeat(300)
                + "\r\n\r\n",
            false,
            "HEAD 200 keep|body a|ERROR headers longer than 8192 bytes"));
    s.add(
        new Sample(
            "not HTTP", false, "SSH-2.0-OpenSSH_9.6\r\n", false, "ERROR invalid HTTP version"));
    s.add(
        new Sample(
            "HTTP/2 version", false, "HTTP/2 200\r\n\r\n", false, "ERROR invalid HTTP version"));
    s.add(
        new Sample(
            "status code not a number",
            false,
            "HTTP/1.1 2x0 OK\r\n\r\n",
            false,
            "ERROR invalid status code"));
    s.add(
        new Sample(
            "negative status code",
            false,
            "HTTP/1.1 -200 OK\r\n\r\n",
            false,
            "ERROR invalid status code"));
    s.add(
        new Sample(
            "missing status code", false, "HTTP/1.1\r\n\r\n", false, "ERROR invalid status code"));
    s.add(
        new Sample(
            "bare LF line ends",
            false,
            "HTTP/1.1 200 OK\nContent-Length: 0\n\n",
            false,
            "ERROR line not ended by CRLF"));
    s.add(
        new Sample(
            "CR inside the reason",
            false,
            "HTTP/1.1 200 O\rK\r\n\r\n",
            false,
            "ERROR invalid status line"));
    s.add(
        new Sample(
            "header without colon",
            false,
            "HTTP/1.1 200 OK\r\nContent-Length\r\n\r\n",
            false,
            "ERROR invalid header"));
    s.add(
        new Sample(
            "header name not a token",
            false,
            "HTTP/1.1 200 OK\r\nX\"y: 1\r\n\r\n",
            false,
            "ERROR invalid header"));
    s.add(
        new Sample(
            "header value with a control character",
            false,
            "HTTP/1.1 200 OK\r\nX: a\u0001b\r\n\r\n",
            false,
            "ERROR invalid header"));
    s.add(
        new Sample(
            "first header folded",
            false,
            "HTTP/1.1 200 OK\r\n folded: x\r\n\r\n",
            false,
            "ERROR invalid header"));
    s.add(
        new Sample(
            "several content-lengths in HTTP/1.1",
            false,
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab",
            false,
            "ERROR multiple Content-Length values"));
    s.add(
        new Sample(
            "content-length list in HTTP/1.1",
            false,
            "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nab",
            false,
            "ERROR multiple Content-Length values"));
    s.add(
        new Sample(
            "content-length with a sign",
            false,
            "HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nab",
            false,
            "ERROR invalid Content-Length"));
    s.add(
        new Sample(
            "content-length beyond a long",
            false,
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
            false,
            "ERROR invalid Content-Length"));
    s.add(
        new Sample(
            "chunk size not hex",
            false,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            false,
            "HEAD 200 keep|ERROR invalid chunk size"));
    s.add(
        new Sample(
            "chunk not ended by CRLF",
            false,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
            false,
            "HEAD 200 keep|body ab|ERROR chunk not ended by CRLF"));
    s.add(
        new Sample(
            "garbage after an error is not read",
            false,
            "HTTP/1.1 abc\r\n" + OK_5,
            false,
            "ERROR invalid status code"));
    return s;
  }
}
