package teller.ui.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An exception nothing caught on the FX thread is logged and shown as a notice, and never escapes. */
class FxUncaughtErrorsTest {
    @Test
    void anUncaughtExceptionIsShownAsANoticeNamingIt() {
        List<String> shown = new ArrayList<>();
        FxUncaughtErrors handler = new FxUncaughtErrors((title, text) -> shown.add(title + ": " + text));

        handler.uncaughtException(Thread.currentThread(),
                new java.time.format.DateTimeParseException("Text '2026-13-45' could not be parsed", "2026-13-45", 5));

        assertThat(shown).singleElement().asString()
                .startsWith("Something went wrong: The console hit an unexpected error (Text '2026-13-45' could not be parsed)")
                .contains("log file");
    }

    @Test
    void aNoticeThatFailsItselfDoesNotEscapeTheHandler() {
        FxUncaughtErrors handler = new FxUncaughtErrors((title, text) -> {
            throw new IllegalStateException("no window");
        });

        assertThatCode(() -> handler.uncaughtException(Thread.currentThread(), new NullPointerException()))
                .doesNotThrowAnyException();
    }

    @Test
    void installingSetsTheHandlerOfTheCallingThread() throws InterruptedException {
        List<String> shown = new ArrayList<>();
        Thread thread = new Thread(() -> {
            FxUncaughtErrors.installOnCurrentThread((title, text) -> shown.add(text));
            throw new IllegalArgumentException("typed date");
        });
        thread.start();
        thread.join();

        assertThat(shown).singleElement().asString().contains("(typed date)");
    }
}
