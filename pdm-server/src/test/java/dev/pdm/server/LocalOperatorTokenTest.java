package dev.pdm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pdm.core.config.PrivateFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator token file is private from its first byte, and one that is not private is refused. */
class LocalOperatorTokenTest {
  @TempDir
  Path dir;

  @Test
  void isCreatedOwnerOnlyAndReadBackOnTheNextStart() throws Exception {
    Path data = dir.resolve("data");

    String token = LocalOperatorToken.loadOrCreate(data);

    Path file = data.resolve(LocalOperatorToken.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    assertThat(token).startsWith("pdm_").hasSize(52);
    assertThat(LocalOperatorToken.loadOrCreate(data)).isEqualTo(token);
    try (var leftovers = Files.list(data)) {
      assertThat(leftovers).containsExactly(file);
    }
  }

  @Test
  void aFileOthersCanReadIsRefusedWithTheFix() throws Exception {
    Path file = dir.resolve(LocalOperatorToken.FILE);
    Files.writeString(file, "pdm_planted\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> LocalOperatorToken.loadOrCreate(dir)).isInstanceOf(PrivateFile.Refused.class)
        .hasMessageContaining("rw-r--r--").hasMessageContaining("chmod 600 " + file);
  }

  @Test
  void aFileOwnedBySomeoneElseIsRefused() throws Exception {
    Path file = dir.resolve(LocalOperatorToken.FILE);
    Files.writeString(file, "pdm_planted\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    int me = (Integer) Files.getAttribute(file, "unix:uid");
    try {
      Files.setAttribute(file, "unix:uid", me + 4242);
    } catch (java.io.IOException notAllowed) {
      Assumptions.abort("giving a file away needs root: " + notAllowed.getMessage());
    }

    assertThatThrownBy(() -> LocalOperatorToken.loadOrCreate(dir)).isInstanceOf(PrivateFile.Refused.class)
        .hasMessageContaining("belongs to user id " + (me + 4242));
  }

  @Test
  void aSymbolicLinkIsNeverFollowed() throws Exception {
    Path elsewhere = dir.resolve("elsewhere");
    Files.writeString(elsewhere, "pdm_chosen_by_someone_else\n");
    Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rw-------"));
    Path data = Files.createDirectory(dir.resolve("data"));
    Files.createSymbolicLink(data.resolve(LocalOperatorToken.FILE), elsewhere);

    assertThatThrownBy(() -> LocalOperatorToken.loadOrCreate(data)).isInstanceOf(PrivateFile.Refused.class)
        .hasMessageContaining("symbolic link");
    assertThat(Files.readString(elsewhere)).isEqualTo("pdm_chosen_by_someone_else\n");
  }

  @Test
  void aDanglingLinkIsNotWrittenThrough() throws Exception {
    Path target = dir.resolve("target-of-link");
    Path data = Files.createDirectory(dir.resolve("data"));
    Files.createSymbolicLink(data.resolve(LocalOperatorToken.FILE), target);

    assertThatThrownBy(() -> LocalOperatorToken.loadOrCreate(data)).isInstanceOf(PrivateFile.Refused.class);
    assertThat(target).doesNotExist();
  }
}
