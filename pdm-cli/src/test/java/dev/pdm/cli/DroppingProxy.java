package dev.pdm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a server that cuts its {@code cut}-th connection after passing {@code budget} bytes to the
 * client, the way a flaky network drops a WebSocket mid-stream; other connections pass through whole.
 */
final class DroppingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final long budget;
  private final int cut;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private DroppingProxy(ServerSocket listener, int targetPort, int cut, long budget) {
    this.listener = listener;
    this.targetPort = targetPort;
    this.cut = cut;
    this.budget = budget;
  }

  static DroppingProxy start(int targetPort, int cut, long budget) throws IOException {
    DroppingProxy proxy = new DroppingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort,
        cut, budget);
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
        long toClient = connections.incrementAndGet() == cut ? budget : Long.MAX_VALUE;
        pump(client.getInputStream(), server.getOutputStream(), Long.MAX_VALUE, client, server);
        pump(server.getInputStream(), client.getOutputStream(), toClient, client, server);
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void pump(InputStream in, OutputStream out, long limit, Socket client, Socket server) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[4096];
      long passed = 0;
      try {
        int read;
        while ((read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - passed))) > 0) {
          out.write(buffer, 0, read);
          out.flush();
          passed += read;
        }
        if (passed >= limit) {
          dropped.incrementAndGet();
        }
      } catch (IOException closed) {
        // the other direction closed the sockets
      } finally {
        closeQuietly(client);
        closeQuietly(server);
      }
    }, "dropping-proxy-pump");
    thread.setDaemon(true);
    thread.start();
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
