package dev.pdm.core.config;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A file that holds a secret (a token, a password): created with mode 0600 from the first byte (the mode is given to
 * {@code open}, so there is no moment where the umask leaves it readable) and moved into place whole; read only when
 * it is a regular file, not a symbolic link, owned by the user pdm runs as and closed to group and others. Anything
 * else is refused with a message that says what to fix.
 */
public final class PrivateFile {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
  /** Secrets are short; a larger file is not one pdm wrote. */
  private static final int MAX_BYTES = 64 * 1024;

  private PrivateFile() {
  }

  /** The file's text, stripped; empty when there is no file; {@link Refused} when it is not private. */
  public static Optional<String> read(Path file) {
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    check(file, attributes);
    try (SeekableByteChannel channel = Files.newByteChannel(file,
        Set.<OpenOption>of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
      ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(channel.size(), MAX_BYTES));
      while (bytes.hasRemaining() && channel.read(bytes) > 0) {
        continue;
      }
      return Optional.of(new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code text} to a new file: a temporary file in the same directory, created 0600, then renamed over
   * {@code file} (a symbolic link placed there is replaced, never followed). Creates the directory, 0700, if needed.
   */
  public static void create(Path file, String text) {
    Path directory = file.toAbsolutePath().getParent();
    Path temporary = directory.resolve("." + file.getFileName() + ".new");
    try {
      privateDirectory(directory);
      Files.deleteIfExists(temporary);
      try (SeekableByteChannel channel = Files.newByteChannel(temporary, EnumSet.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE, StandardOpenOption.SYNC), PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      throw new Refused(temporary + " appeared while pdm was creating " + file + ": remove it and start again");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
    }
  }

  /** Creates {@code directory} (and its parents) when missing; one pdm creates is readable by its owner only. */
  public static void privateDirectory(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
    }
  }

  private static void check(Path file, PosixFileAttributes attributes) {
    if (attributes.isSymbolicLink()) {
      throw new Refused(file + " is a symbolic link; pdm reads secrets only from a regular file: replace the link"
          + " with the file itself");
    }
    if (!attributes.isRegularFile()) {
      throw new Refused(file + " is not a regular file");
    }
    long owner = ownerOf(file);
    long me = new UnixSystem().getUid();
    if (owner != me) {
      throw new Refused(file + " belongs to user id " + owner + ", not to user id " + me + " that pdm runs as:"
          + " someone else could have written it; check it, then: chown " + me + " " + file);
    }
    Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
    open.addAll(attributes.permissions());
    open.retainAll(GROUP_OR_OTHERS);
    if (!open.isEmpty()) {
      throw new Refused(file + " has mode " + PosixFilePermissions.toString(attributes.permissions())
          + ": group or others may use it, and it holds a secret; run: chmod 600 " + file);
    }
  }

  private static long ownerOf(Path file) {
    try {
      return ((Number) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    } catch (IOException | UnsupportedOperationException e) {
      throw new Refused("cannot tell who owns " + file + ": " + e.getMessage());
    }
  }

  /** The file is not private enough to hold a secret; the message says why and what to do. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Refused(String message) {
      super(message);
    }
  }
}
