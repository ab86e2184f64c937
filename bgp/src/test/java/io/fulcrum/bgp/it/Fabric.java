package io.fulcrum.bgp.it;

import io.fulcrum.testrig.Cleanup;
import io.fulcrum.testrig.Netns;
import io.fulcrum.testrig.Veth;
import java.util.ArrayList;
import java.util.List;

/**
 * A router namespace with a bridge ({@code 198.18.1.1/24}, {@code 2001:db8:1::1/64}) and node
 * namespaces on it ({@code 198.18.1.(n+1)}, {@code 2001:db8:1::(n+1)}). Everything is removed on
 * close.
 */
public final class Fabric implements AutoCloseable {
  public static final String ROUTER_V4 = "198.18.1.1";
  public static final String ROUTER_V6 = "2001:db8:1::1";

  private final Cleanup cleanup = new Cleanup();
  private final Netns router;
  private final List<Netns> nodes = new ArrayList<>();
  private final List<Veth> links = new ArrayList<>();

  public Fabric(int nodeCount) {
    try {
      router = cleanup.add(Netns.create("bgr"));
      router.exec("ip", "link", "add", "br0", "type", "bridge");
      router.exec("ip", "link", "set", "br0", "up");
      router.exec("ip", "addr", "add", ROUTER_V4 + "/24", "dev", "br0");
      router.exec("ip", "addr", "add", ROUTER_V6 + "/64", "dev", "br0", "nodad");
      router.sysctl("net.ipv4.ip_forward", "1");
      router.sysctl("net.ipv6.conf.all.forwarding", "1");
      for (int i = 1; i <= nodeCount; i++) {
        Netns n = cleanup.add(Netns.create("bgn"));
        Veth v = Veth.create(n, router);
        v.addrA(nodeV4(i) + "/24");
        v.addrA(nodeV6(i) + "/64");
        router.exec("ip", "link", "set", v.nameB(), "master", "br0");
        nodes.add(n);
        links.add(v);
      }
    } catch (RuntimeException e) {
      cleanup.close();
      throw e;
    }
  }

  public static String nodeV4(int i) {
    return "198.18.1." + (i + 1);
  }

  public static String nodeV6(int i) {
    return "2001:db8:1::" + Integer.toHexString(i + 1);
  }

  public Netns router() {
    return router;
  }

  /** Node {@code i}, counted from 1. */
  public Netns node(int i) {
    return nodes.get(i - 1);
  }

  /** The veth of node {@code i} (end A in the node, end B on the router's bridge). */
  public Veth link(int i) {
    return links.get(i - 1);
  }

  /** Registers something to close with the fabric (before the namespaces go). */
  public <T extends AutoCloseable> T add(T resource) {
    return cleanup.add(resource);
  }

  @Override
  public void close() {
    cleanup.close();
  }
}
