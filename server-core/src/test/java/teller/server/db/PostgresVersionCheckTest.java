package teller.server.db;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import teller.server.StartupException;

/** PostgreSQL opens only a data directory of its own major version; anything else is refused before it starts. */
class PostgresVersionCheckTest {
    @TempDir
    Path pgData;

    @Test
    void aDataDirectoryOfTheBundledMajorVersionOrANewOneStarts() throws Exception {
        assertThatCode(() -> EmbeddedPostgres.requireSameMajorVersion(pgData, 17)).doesNotThrowAnyException();
        Files.writeString(pgData.resolve("PG_VERSION"), "17\n");
        assertThatCode(() -> EmbeddedPostgres.requireSameMajorVersion(pgData, 17)).doesNotThrowAnyException();
    }

    @Test
    void aDataDirectoryOfANewerPostgresWasWrittenByANewerTeller() throws Exception {
        Files.writeString(pgData.resolve("PG_VERSION"), "18\n");
        assertThatThrownBy(() -> EmbeddedPostgres.requireSameMajorVersion(pgData, 17))
                .isInstanceOf(StartupException.class)
                .hasMessage("the database in " + pgData + " was written by a newer Teller (PostgreSQL 18; this Teller "
                        + "has PostgreSQL 17): install that newer Teller again; nothing was changed");
    }

    @Test
    void aDataDirectoryOfAnOlderPostgresIsRefusedWithTheWayOut() throws Exception {
        Files.writeString(pgData.resolve("PG_VERSION"), "16\n");
        assertThatThrownBy(() -> EmbeddedPostgres.requireSameMajorVersion(pgData, 17))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("is PostgreSQL 16 and this Teller has PostgreSQL 17");
    }
}
