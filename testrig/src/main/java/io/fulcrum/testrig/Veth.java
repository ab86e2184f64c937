package io.fulcrum.testrig;

/**
 * A veth pair joining two namespaces (either may be null for the host). Deleting one end deletes
 * both; the pair also goes when its namespace is deleted.
 */
public record Veth(String nameA, Netns a, String nameB, Netns b) implements AutoCloseable {

  /** Creates a pair with fresh names, moves each end into its namespace and sets both up. */
  public static Veth create(Netns a, Netns b) {
    String na = RunId.next("va");
    String nb = RunId.next("vb");
    Sh.exec("ip", "link", "add", na, "type", "veth", "peer", "name", nb);
    if (a != null) {
      Sh.exec("ip", "link", "set", na, "netns", a.name());
    }
    if (b != null) {
      Sh.exec("ip", "link", "set", nb, "netns", b.name());
    }
    Veth v = new Veth(na, a, nb, b);
    v.execA("ip", "link", "set", na, "up");
    v.execB("ip", "link", "set", nb, "up");
    return v;
  }

  /** Adds an address (CIDR notation) to end A. */
  public Veth addrA(String cidr) {
    execA("ip", "addr", "add", cidr, "dev", nameA, "nodad");
    return this;
  }

  /** Adds an address (CIDR notation) to end B. */
  public Veth addrB(String cidr) {
    execB("ip", "addr", "add", cidr, "dev", nameB, "nodad");
    return this;
  }

  /** MAC address of end A. */
  public String macA() {
    return mac(a, nameA);
  }

  /** MAC address of end B. */
  public String macB() {
    return mac(b, nameB);
  }

  private static String mac(Netns ns, String dev) {
    String path = "/sys/class/net/" + dev + "/address";
    return (ns == null ? Sh.exec("cat", path) : ns.exec("cat", path)).trim();
  }

  private void execA(String... cmd) {
    if (a == null) {
      Sh.exec(cmd);
    } else {
      a.exec(cmd);
    }
  }

  private void execB(String... cmd) {
    if (b == null) {
      Sh.exec(cmd);
    } else {
      b.exec(cmd);
    }
  }

  @Override
  public void close() {
    if (a == null) {
      Sh.quiet("ip", "link", "del", nameA);
    } else {
      Sh.quiet("ip", "netns", "exec", a.name(), "ip", "link", "del", nameA);
    }
  }
}
