package io.fulcrum.api.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The API's bearer token, read from a file. Never printed: {@link #toString()} hides it. */
public final class BearerToken {
  private static final Logger LOG = LoggerFactory.getLogger(BearerToken.class);
  private final byte[] token;

  private BearerToken(byte[] token) {
    this.token = token;
  }

  /**
   * Reads the first line of {@code file}, trimmed. It must be 16..4096 visible ASCII characters.
   *
   * @throws IllegalArgumentException when the file is empty or holds an unusable token
   * @throws UncheckedIOException when it cannot be read
   */
  public static BearerToken fromFile(Path file) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read API token file " + file, e);
    }
    String line = content.lines().findFirst().orElse("").strip();
    if (line.length() < 16 || line.length() > 4096) {
      throw new IllegalArgumentException(
          "API token in " + file + " must be 16 to 4096 characters long");
    }
    if (!line.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "API token in " + file + " must be visible ASCII characters without spaces");
    }
    warnIfReadableByOthers(file);
    return new BearerToken(line.getBytes(StandardCharsets.US_ASCII));
  }

  private static void warnIfReadableByOthers(Path file) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.OTHERS_READ)
          || p.contains(PosixFilePermission.GROUP_READ)) {
        LOG.warn("API token file {} is readable by group or others; chmod 600 it", file);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // not a POSIX file system: nothing to check
    }
  }

  /** True when {@code authorization} is {@code Bearer <this token>}; constant time in the token. */
  public boolean accepts(String authorization) {
    if (authorization == null || authorization.length() < 7) {
      return false;
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(given, token);
  }

  @Override
  public String toString() {
    return "BearerToken[hidden]";
  }
}
