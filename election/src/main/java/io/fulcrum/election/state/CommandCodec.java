package io.fulcrum.election.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Binary form of {@link Command}s in the Raft log: one tag byte, then the fields. */
public final class CommandCodec {
  private static final int MAX_ITEMS = 1 << 20;
  private static final int MAX_DOCUMENT_BYTES =
      io.fulcrum.election.ReplicatedDocuments.MAX_DOCUMENT_BYTES;

  private CommandCodec() {}

  public static byte[] encode(Command c) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (c instanceof Command.SetReady r) {
        out.writeByte(1);
        out.writeUTF(r.node());
        out.writeBoolean(r.ready());
      } else if (c instanceof Command.SetVips v) {
        out.writeByte(2);
        out.writeInt(v.vips().size());
        for (String vip : v.vips()) {
          out.writeUTF(vip);
        }
      } else if (c instanceof Command.Assign a) {
        out.writeByte(3);
        out.writeLong(a.takeoverDelayMs());
        out.writeBoolean(a.failover());
        out.writeInt(a.owners().size());
        for (Map.Entry<String, String> e : a.owners().entrySet()) {
          out.writeUTF(e.getKey());
          out.writeUTF(e.getValue());
        }
      } else if (c instanceof Command.PutDocument p) {
        out.writeByte(8);
        out.writeUTF(p.key());
        out.writeLong(p.expectedVersion());
        byte[] v = p.value();
        out.writeInt(v.length);
        out.write(v);
      } else if (c instanceof Command.LeaderIs l) {
        out.writeByte(5);
        out.writeUTF(l.node());
        out.writeLong(l.term());
      } else if (c instanceof Command.SetRestricted r) {
        out.writeByte(6);
        writeStrings(out, r.vips());
      } else if (c instanceof Command.SetServable s) {
        out.writeByte(7);
        out.writeUTF(s.node());
        writeStrings(out, s.vips());
      } else {
        throw new IllegalArgumentException("unknown command " + c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Decodes one command; malformed bytes are an {@link IllegalArgumentException}. */
  public static Command decode(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      int tag = in.readUnsignedByte();
      return switch (tag) {
        case 1 -> new Command.SetReady(in.readUTF(), in.readBoolean());
        case 2 -> {
          int n = count(in);
          Set<String> vips = new LinkedHashSet<>();
          for (int i = 0; i < n; i++) {
            vips.add(in.readUTF());
          }
          yield new Command.SetVips(vips);
        }
        case 3 -> {
          long delay = in.readLong();
          boolean failover = in.readBoolean();
          int n = count(in);
          Map<String, String> owners = new TreeMap<>();
          for (int i = 0; i < n; i++) {
            owners.put(in.readUTF(), in.readUTF());
          }
          yield new Command.Assign(owners, delay, failover);
        }
        case 4 -> { // a runtime setting of earlier versions: an unconditional document write
          String key = in.readUTF();
          byte[] v = in.readBoolean() ? in.readUTF().getBytes(StandardCharsets.UTF_8) : null;
          yield new Command.PutDocument(key, Command.PutDocument.ANY_VERSION, v);
        }
        case 5 -> new Command.LeaderIs(in.readUTF(), in.readLong());
        case 6 -> new Command.SetRestricted(readStrings(in));
        case 7 -> {
          String node = in.readUTF();
          yield new Command.SetServable(node, readStrings(in));
        }
        case 8 -> {
          String key = in.readUTF();
          long expected = in.readLong();
          int n = in.readInt();
          if (n < 0 || n > MAX_DOCUMENT_BYTES) {
            throw new IOException("bad document size " + n);
          }
          byte[] v = new byte[n];
          in.readFully(v);
          yield new Command.PutDocument(key, expected, v);
        }
        default -> throw new IllegalArgumentException("unknown command tag " + tag);
      };
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed command (" + data.length + " bytes)", e);
    }
  }

  private static void writeStrings(DataOutputStream out, Set<String> set) throws IOException {
    out.writeInt(set.size());
    for (String s : set) {
      out.writeUTF(s);
    }
  }

  private static Set<String> readStrings(DataInputStream in) throws IOException {
    int n = count(in);
    Set<String> set = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      set.add(in.readUTF());
    }
    return set;
  }

  private static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_ITEMS) {
      throw new IOException("bad item count " + n);
    }
    return n;
  }
}
