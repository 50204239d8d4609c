package dev.pdm.server;

import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pays, on the thread that calls it, the JVM's one-time costs that would otherwise fall on an event loop the first
 * time it does something: each took that event loop for seconds at start on a loaded machine, and Vert.x rightly
 * reported it blocked.
 */
final class EventLoopWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(EventLoopWarmUp.class);

  private EventLoopWarmUp() {
  }

  /**
   * Vert.x builds its DNS resolver (a datagram channel: NIO's classes) on the event loop of the first connection; the
   * first pooled direct buffer initializes Netty's flight-recorder events, and with them the JDK's flight-recorder
   * metadata; Vert.x's buffer allocator initializes on first use.
   */
  static void run() {
    try (DatagramChannel channel = DatagramChannel.open()) {
      channel.isOpen();
    } catch (IOException e) {
      LOG.debug("no datagram channel to warm up: {}", e.getMessage());
    }
    ByteBufAllocator.DEFAULT.ioBuffer(1).release();
    Buffer.buffer(1).appendByte((byte) 0);
  }
}
