package teller.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Raw SQL that the database must refuse: runs it in one transaction and returns every message of the refusal. */
public final class Refusals {
    private Refusals() {
    }

    public static String of(Jdbi jdbi, Consumer<Handle> work) {
        Throwable thrown = null;
        try {
            jdbi.useTransaction(work::accept);
        } catch (RuntimeException e) {
            thrown = e;
        }
        assertThat(thrown).as("the database should have refused this").isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
