package io.fulcrum.datapath.bpf;

import io.fulcrum.datapath.DatapathException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A loaded BPF object. Maps declared with LIBBPF_PIN_BY_NAME are pinned under the pin root, or
 * reused when already pinned there (how a restarted agent adopts the running data plane). Closing
 * releases this process's handles only: pinned maps and links stay.
 */
public final class BpfObject implements AutoCloseable {
  private final int handle;
  private final Path path;
  private boolean closed;

  private BpfObject(int handle, Path path) {
    this.handle = handle;
    this.path = path;
  }

  /**
   * Opens and loads an object file.
   *
   * @param pinRoot directory in bpffs for pinned maps (null: no pinning)
   * @param maxEntries per-map max_entries overrides applied before load (ignored for a map already
   *     pinned: it keeps its size)
   */
  public static BpfObject load(Path file, Path pinRoot, Map<String, Integer> maxEntries) {
    String overrides =
        maxEntries.entrySet().stream()
            .map(e -> e.getKey() + "=" + Integer.toUnsignedString(e.getValue()))
            .collect(Collectors.joining(";"));
    int h =
        Bpf.check(
            Bpf.lib()
                .fl_obj_open_load(
                    file.toString(), pinRoot == null ? "" : pinRoot.toString(), overrides),
            "loading " + file + (pinRoot == null ? "" : " with pin root " + pinRoot));
    return new BpfObject(h, file);
  }

  /** A map of this object, by name. */
  public BpfMap map(String name) {
    int fd = Bpf.lib().fl_obj_map_fd(handle, name);
    if (fd < 0) {
      throw new DatapathException("map " + name + " not found in " + path, -fd);
    }
    return BpfMap.of(name, fd, false);
  }

  /** A program's fd, by function name. */
  public int programFd(String name) {
    return Bpf.check(Bpf.lib().fl_obj_prog_fd(handle, name), "finding program " + name);
  }

  /** Names of the object's (non-internal) maps. */
  public List<String> mapNames() {
    byte[] buf = new byte[8192];
    int n = Bpf.check(Bpf.lib().fl_obj_map_names(handle, buf, buf.length), "listing maps");
    return Arrays.stream(new String(buf, 0, n, StandardCharsets.UTF_8).split("\n"))
        .filter(s -> !s.isEmpty())
        .toList();
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      Bpf.lib().fl_obj_close(handle);
    }
  }
}
