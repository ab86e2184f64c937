package io.fulcrum.api.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.api.json.Json;
import io.fulcrum.api.memory.InMemoryRuntimeSettingsStore;
import io.fulcrum.api.port.PortException;
import io.fulcrum.api.port.RuntimeState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Runtime settings kept in one JSON file so that they survive a restart. Every change writes the
 * whole state to a temporary file in the same directory, forces it to disk and renames it over the
 * old file, so a crash leaves either the old or the new state, never half of one. A change that
 * cannot be written is refused and the state in memory stays as it was.
 */
public final class FileRuntimeSettingsStore extends InMemoryRuntimeSettingsStore {
  private static final ObjectMapper MAPPER = Json.strictMapper();
  private final Path file;

  private FileRuntimeSettingsStore(Path file, RuntimeState initial) {
    super(initial);
    this.file = file;
  }

  /**
   * Opens the store, loading {@code file} when it exists.
   *
   * @throws UncheckedIOException when the file exists but cannot be read or parsed (the agent must
   *     not start with settings silently lost)
   */
  public static FileRuntimeSettingsStore open(Path file) {
    Path abs = file.toAbsolutePath();
    RuntimeState initial = RuntimeState.EMPTY;
    if (Files.exists(abs)) {
      try {
        initial = MAPPER.readValue(abs.toFile(), RuntimeState.class);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load runtime settings from " + abs, e);
      }
    }
    return new FileRuntimeSettingsStore(abs, initial);
  }

  public Path file() {
    return file;
  }

  @Override
  protected void persist(RuntimeState next) {
    try {
      write(next);
    } catch (IOException e) {
      throw new PortException(
          PortException.Kind.UNAVAILABLE, "cannot store runtime settings: " + e.getMessage());
    }
  }

  private void write(RuntimeState next) throws IOException {
    Path dir = file.getParent();
    Files.createDirectories(dir);
    byte[] bytes = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(next);
    Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ignored) {
      // some file systems cannot sync a directory; the rename is still atomic
    }
  }
}
