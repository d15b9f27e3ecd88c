package teller.ui.reports;

import java.nio.file.Path;
import java.util.Optional;

/** Asks where an export is saved: a save dialog in the console, a fixed folder in tests. */
public interface ExportFilePicker {
    /**
     * @param suggestedName e.g. {@code balance-flow_2026-11-01_2026-11-30.xlsx}
     * @return the chosen file, or empty when the operator cancels
     */
    Optional<Path> choose(String suggestedName, ExportFormat format);
}
