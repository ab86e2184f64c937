package io.fulcrum.api.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Answers errors that Jetty produces itself (malformed requests, ambiguous URIs, oversized headers)
 * with a problem document too, and never echoes the request.
 */
final class ProblemErrorHandler extends ErrorHandler {
  ProblemErrorHandler() {
    setShowStacks(false);
    setShowServlet(false);
    setShowMessageInTitle(false);
  }

  static byte[] body(int status) {
    String reason = HttpStatus.getMessage(status);
    String json =
        "{\"type\":\""
            + Problem.TYPE_PREFIX
            + "http-"
            + status
            + "\",\"title\":\""
            + reason
            + "\",\"status\":"
            + status
            + ",\"detail\":\"the request was refused by the HTTP layer\"}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE));
    return ByteBuffer.wrap(body(status));
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    byte[] b = body(code);
    response.setContentType(Problem.CONTENT_TYPE);
    response.setContentLength(b.length);
    response.getOutputStream().write(b);
  }
}
