package io.fulcrum.datapath;

import io.fulcrum.datapath.bpf.Bpf;
import io.fulcrum.datapath.bpf.XdpMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XDP attachments as pinned bpf_links ({@code <pinRoot>/links/<ifname>}): a link outlives the
 * process that made it, and a restarted agent swaps its freshly loaded program into the pinned link
 * with one bpf_link_update, so packets never meet an interface without the program.
 */
final class XdpLinks {
  private static final Logger LOG = LoggerFactory.getLogger(XdpLinks.class);

  private final Path dir;
  private final String netns;

  XdpLinks(Path pinRoot, String netns) {
    this.dir = pinRoot.resolve("links");
    this.netns = netns;
  }

  /** Attaches (or adopts and updates) the program on one interface; returns the mode in use. */
  String attach(String ifname, int progFd, XdpMode mode) {
    mkdirs();
    acceptLocal(ifname);
    int ifindex = Bpf.ifindex(ifname, netns);
    String pin = dir.resolve(ifname).toString();
    int linkFd = Bpf.objGet(pin);
    if (linkFd >= 0) {
      try {
        int[] info = Bpf.linkInfo(linkFd);
        if (info[2] == ifindex) {
          Bpf.linkUpdate(linkFd, progFd);
          LOG.info("XDP on {}: adopted pinned link {}, program replaced", ifname, info[0]);
          return "adopted";
        }
        // the interface was re-created: the old link is dead; drop its pin
        LOG.warn(
            "XDP on {}: pinned link is for ifindex {} (now {}), re-attaching",
            ifname,
            info[2],
            ifindex);
        Bpf.unpin(pin);
      } finally {
        Bpf.closeFd(linkFd);
      }
    }
    XdpMode[] used = new XdpMode[1];
    int fd = Bpf.xdpAttach(progFd, ifindex, mode, used, netns);
    try {
      if (mode == XdpMode.AUTO && used[0] == XdpMode.GENERIC) {
        LOG.warn(
            "XDP on {}: the driver refused native mode ({}); running in generic mode, slower",
            ifname,
            Bpf.lastLog().strip());
      } else {
        LOG.info("XDP on {} attached in {} mode", ifname, used[0]);
      }
      Bpf.pin(fd, pin);
    } catch (RuntimeException e) {
      Bpf.linkDetach(fd);
      throw e;
    } finally {
      Bpf.closeFd(fd);
    }
    return used[0].name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Full NAT rewrites a client's packet to come from the node's own address; when the data plane
   * hands such a packet to the kernel (no neighbour entry yet for the backend), IPv4 drops it as a
   * martian source unless the ingress interface accepts local source addresses.
   */
  private void acceptLocal(String ifname) {
    Path p = Path.of("/proc/sys/net/ipv4/conf", ifname, "accept_local");
    Runnable write =
        () -> {
          try {
            Files.writeString(p, "1");
          } catch (IOException e) {
            LOG.warn("cannot set {}: {} (full NAT's first packets may be lost)", p, e.toString());
          }
        };
    if (netns == null) {
      write.run();
    } else {
      Bpf.inNetns(
          netns,
          () -> {
            write.run();
            return null;
          });
    }
  }

  /** Interfaces with a pinned link. */
  List<String> pinned() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Detaches and unpins one interface's link. */
  void detach(String ifname) {
    String pin = dir.resolve(ifname).toString();
    int fd = Bpf.objGet(pin);
    if (fd >= 0) {
      try {
        Bpf.linkDetach(fd);
      } catch (DatapathException e) {
        LOG.warn("detaching XDP from {}: {}", ifname, e.getMessage());
      } finally {
        Bpf.closeFd(fd);
      }
    }
    Bpf.unpin(pin);
  }

  /** Detaches every pinned link; returns the interfaces. */
  List<String> detachAll() {
    List<String> done = new ArrayList<>();
    for (String ifname : pinned()) {
      detach(ifname);
      done.add(ifname);
    }
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", dir, e.getMessage());
    }
    return done;
  }

  private void mkdirs() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
