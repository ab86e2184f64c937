package io.fulcrum.election.tool;

import com.alipay.sofa.jraft.CliService;
import com.alipay.sofa.jraft.RaftServiceFactory;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.option.CliOptions;

/**
 * Membership command: adds or removes a node while the others keep running.
 *
 * <pre>java -cp ... io.fulcrum.election.tool.MemberMain --peers a:7411,b:7411 --add c:7411</pre>
 */
public final class MemberMain {
  private MemberMain() {}

  public static void main(String[] argv) {
    Args a = new Args(argv);
    Configuration conf = new Configuration();
    if (!conf.parse(a.get("peers"))) {
      throw new IllegalArgumentException("bad --peers " + a.get("peers"));
    }
    String group = a.get("group", "fulcrum");
    CliService cli = RaftServiceFactory.createAndInitCliService(new CliOptions());
    try {
      Status st;
      String add = a.get("add", "");
      if (!add.isEmpty()) {
        st = cli.addPeer(group, conf, PeerId.parsePeer(add));
      } else {
        st = cli.removePeer(group, conf, PeerId.parsePeer(a.get("remove")));
      }
      System.out.println(st.isOk() ? "OK" : "FAILED " + st);
      if (!st.isOk()) {
        System.exit(1);
      }
    } finally {
      cli.shutdown();
    }
  }
}
