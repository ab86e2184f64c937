package io.fulcrum.api.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One row of the bad-input table: a request and the problem it must get. */
final class BadRequest {
  final String name;
  final String method;
  final String path;
  final Map<String, String> headers = new LinkedHashMap<>();
  byte[] body;
  int status;
  String type;
  String field;
  String rule;

  private BadRequest(String name, String method, String path) {
    this.name = name;
    this.method = method;
    this.path = path;
    headers.put("Authorization", "Bearer " + ApiFixture.TOKEN);
  }

  static BadRequest of(String name, String method, String path) {
    return new BadRequest(name, method, path);
  }

  /** A JSON body with Content-Type application/json. */
  static BadRequest json(String name, String method, String path, String json) {
    return of(name, method, path).body("application/json", json);
  }

  BadRequest body(String contentType, String text) {
    return body(contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  BadRequest body(String contentType, byte[] bytes) {
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    this.body = bytes;
    return this;
  }

  BadRequest header(String k, String v) {
    headers.put(k, v);
    return this;
  }

  BadRequest noAuth() {
    headers.remove("Authorization");
    return this;
  }

  BadRequest auth(String value) {
    headers.put("Authorization", value);
    return this;
  }

  BadRequest expect(int status, String type) {
    this.status = status;
    this.type = type;
    return this;
  }

  BadRequest at(String field, String rule) {
    this.field = field;
    this.rule = rule;
    return this;
  }

  @Override
  public String toString() {
    return name
        + " ("
        + method
        + " "
        + (path.length() > 60 ? path.substring(0, 60) + "..." : path)
        + ")";
  }
}
