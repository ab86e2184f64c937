package io.fulcrum.bgp.speaker;

import io.fulcrum.bgp.codec.BgpDecoder;
import io.fulcrum.bgp.codec.BgpEncoder;
import io.fulcrum.bgp.codec.BgpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the TCP stream into whole BGP messages (byte arrays) after checking each header. A header
 * error is passed on as the {@link BgpProtocolException} itself and everything after it is dropped
 * (the session is being reset).
 */
public final class BgpFrameDecoder extends ByteToMessageDecoder {
  private boolean failed;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    while (in.readableBytes() >= BgpEncoder.HEADER_LENGTH) {
      int length;
      try {
        length = BgpDecoder.checkHeader(in.nioBuffer(in.readerIndex(), BgpEncoder.HEADER_LENGTH));
      } catch (BgpProtocolException e) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(e);
        return;
      }
      if (in.readableBytes() < length) {
        return;
      }
      byte[] frame = new byte[length];
      in.readBytes(frame);
      out.add(frame);
    }
  }
}
