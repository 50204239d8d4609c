package dev.pdm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A TCP proxy in front of a server that cuts the first WebSocket connection (the first that asks for
 * {@code Upgrade: websocket}) after passing {@code budget} bytes to the client, the way a flaky network drops a
 * WebSocket mid-stream; other connections pass through whole, however many the client opens.
 */
final class DroppingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final long budget;
  private final AtomicBoolean cutOne = new AtomicBoolean();
  private final AtomicInteger dropped = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private DroppingProxy(ServerSocket listener, int targetPort, long budget) {
    this.listener = listener;
    this.targetPort = targetPort;
    this.budget = budget;
  }

  static DroppingProxy start(int targetPort, long budget) throws IOException {
    DroppingProxy proxy = new DroppingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort,
        budget);
    Thread acceptor = new Thread(proxy::accept, "dropping-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
    return proxy;
  }

  int port() {
    return listener.getLocalPort();
  }

  int droppedConnections() {
    return dropped.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(server);
        Pipe toClient = new Pipe(server, client, Long.MAX_VALUE);
        // A client may open its WebSocket on a connection it used for REST reads before: look at every request.
        Pipe toServer = new Pipe(client, server, Long.MAX_VALUE).onEachRead(sent -> {
          if (sent.toLowerCase(Locale.ROOT).contains("upgrade: websocket") && cutOne.compareAndSet(false, true)) {
            toClient.cutAfter(budget);
          }
        });
        toServer.start();
        toClient.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  /** One direction of a proxied connection: copies until its limit, then closes both sockets. */
  private final class Pipe {
    private final Socket from;
    private final Socket to;
    private final AtomicLong limit;
    private final AtomicLong passed = new AtomicLong();
    private Consumer<String> onEachRead = read -> { };

    Pipe(Socket from, Socket to, long limit) {
      this.from = from;
      this.to = to;
      this.limit = new AtomicLong(limit);
    }

    /** Sees each read before it is passed on (so before any answer to it can come back). */
    Pipe onEachRead(Consumer<String> reader) {
      this.onEachRead = reader;
      return this;
    }

    /** Passes at most {@code bytes} more from now on. */
    void cutAfter(long bytes) {
      limit.set(passed.get() + bytes);
    }

    void start() {
      Thread thread = new Thread(this::copy, "dropping-proxy-pipe");
      thread.setDaemon(true);
      thread.start();
    }

    /** How much the next read may take: a read already waiting when the limit was set may have passed it a little. */
    private int room(int most) {
      return (int) Math.max(0, Math.min(most, limit.get() - passed.get()));
    }

    private void copy() {
      byte[] buffer = new byte[4096];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        int read;
        while ((read = in.read(buffer, 0, room(buffer.length))) > 0) {
          onEachRead.accept(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
          out.write(buffer, 0, read);
          out.flush();
          passed.addAndGet(read);
        }
        if (passed.get() >= limit.get()) {
          dropped.incrementAndGet();
        }
      } catch (IOException closed) {
        // the other direction closed the sockets
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException alreadyClosed) {
      // nothing left to release
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    sockets.forEach(DroppingProxy::closeQuietly);
  }
}
