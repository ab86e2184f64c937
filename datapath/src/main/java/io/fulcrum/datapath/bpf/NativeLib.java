package io.fulcrum.datapath.bpf;

import io.fulcrum.datapath.DatapathException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import jnr.ffi.LibraryLoader;

/**
 * Finds {@code libfulcrum.so} and {@code fulcrum.bpf.o}. They are bundled as resources under {@code
 * io/fulcrum/datapath/native/} and extracted once per JVM to a temporary directory; the system
 * property {@code fulcrum.native.dir} or the environment variable {@code FULCRUM_NATIVE_DIR} points
 * at a directory holding both instead.
 */
public final class NativeLib {
  public static final String LIBRARY = "libfulcrum.so";
  public static final String OBJECT = "fulcrum.bpf.o";
  private static final String RESOURCE_DIR = "/io/fulcrum/datapath/native/";

  private static Path dir;
  private static LibFulcrum lib;

  private NativeLib() {}

  /** The loaded shim (loads it on first use). */
  public static synchronized LibFulcrum lib() {
    if (lib == null) {
      Path d = directory();
      lib = LibraryLoader.create(LibFulcrum.class).search(d.toString()).load("fulcrum");
    }
    return lib;
  }

  /** Path of the bundled (or overridden) XDP object. */
  public static synchronized Path bpfObject() {
    return directory().resolve(OBJECT);
  }

  /** The directory holding the shim and the object. */
  public static synchronized Path directory() {
    if (dir != null) {
      return dir;
    }
    String override = System.getProperty("fulcrum.native.dir", System.getenv("FULCRUM_NATIVE_DIR"));
    if (override != null && !override.isBlank()) {
      dir = Path.of(override);
      requirePresent(dir.resolve(LIBRARY));
      requirePresent(dir.resolve(OBJECT));
      return dir;
    }
    try {
      Path tmp = Files.createTempDirectory("fulcrum-native");
      tmp.toFile().deleteOnExit();
      for (String name : new String[] {LIBRARY, OBJECT}) {
        try (InputStream in = NativeLib.class.getResourceAsStream(RESOURCE_DIR + name)) {
          if (in == null) {
            throw new DatapathException(
                "resource " + RESOURCE_DIR + name + " missing: build the datapath module (make)");
          }
          Path target = tmp.resolve(name);
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          target.toFile().deleteOnExit();
        }
      }
      dir = tmp;
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the native data plane files", e);
    }
  }

  private static void requirePresent(Path p) {
    if (!Files.isReadable(p)) {
      throw new DatapathException("fulcrum.native.dir: " + p + " is missing");
    }
  }
}
