package teller.server.db;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The {@code manifest.json} of a backup file (format in docs/reliability.md, decision 0074): what
 * was backed up, from which schema version, and for every table its columns, row count and the
 * SHA-256 of its data entry, so a restore can refuse a truncated or altered file before it writes.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupManifest(String format, int formatVersion, String createdAt, String tellerVersion,
                             String postgresVersion, String schemaVersion, List<Table> tables, List<Sequence> sequences) {
    public static final String FORMAT = "teller-backup";
    public static final int FORMAT_VERSION = 1;
    public static final String MANIFEST_ENTRY = "manifest.json";

    /** One table: its data is {@code entry}, PostgreSQL's COPY text format of {@code columns}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Table(String name, List<String> columns, long rows, String sha256, String entry) {
    }

    /** A sequence's position (identity columns), restored with setval. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Sequence(String name, Long lastValue) {
    }

    public long rows() {
        return tables.stream().mapToLong(Table::rows).sum();
    }
}
