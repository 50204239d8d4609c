package dev.pdm.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * SIGWINCH, the signal a process gets when its terminal is resized, through {@code sun.misc.Signal} (the JDK's only
 * way; by reflection, because javac warns about every direct use of that internal API).
 */
final class WindowChangeSignal {
  private WindowChangeSignal() {
  }

  /**
   * Calls {@code onResize} (on the JVM's signal thread) at each SIGWINCH; returns what restores the handler there was,
   * or empty where the JVM cannot handle the signal (Windows).
   */
  static Optional<Runnable> handle(Runnable onResize) {
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object signal = signalType.getConstructor(String.class).newInstance("WINCH");
      Object handler = Proxy.newProxyInstance(WindowChangeSignal.class.getClassLoader(), new Class<?>[] {handlerType},
          (proxy, method, args) -> switch (method.getName()) {
            case "handle" -> {
              onResize.run();
              yield null;
            }
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "pdm's terminal resize handler";
          });
      Method install = signalType.getMethod("handle", signalType, handlerType);
      Object previous = install.invoke(null, signal, handler);
      return Optional.of(() -> {
        try {
          install.invoke(null, signal, previous);
        } catch (ReflectiveOperationException e) {
          // it was installed the same way a moment ago; nothing is left to restore if that fails now
        }
      });
    } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
      return Optional.empty();
    }
  }
}
