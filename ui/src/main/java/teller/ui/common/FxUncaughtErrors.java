package teller.ui.common;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to an exception nothing caught on the FX thread: it is logged with its stack trace
 * and the operator sees a notice saying that something failed and where the details are, instead
 * of a console that silently ignored a click.
 */
public final class FxUncaughtErrors implements Thread.UncaughtExceptionHandler {
    public static final String NOTICE_TITLE = "Something went wrong";
    private static final Logger log = LoggerFactory.getLogger(FxUncaughtErrors.class);

    private final Notices notices;

    public FxUncaughtErrors(Notices notices) {
        this.notices = Objects.requireNonNull(notices);
    }

    /** Installs the handler on the calling thread (the FX thread). */
    public static FxUncaughtErrors installOnCurrentThread(Notices notices) {
        FxUncaughtErrors handler = new FxUncaughtErrors(notices);
        Thread.currentThread().setUncaughtExceptionHandler(handler);
        return handler;
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        log.error("Uncaught exception on {}", thread.getName(), error);
        try {
            notices.show(NOTICE_TITLE, text(error));
        } catch (RuntimeException | LinkageError noticeFailed) {
            log.error("The notice of the uncaught exception could not be shown", noticeFailed);
        }
    }

    /** The notice's text: what failed, in one line, and that the log holds the details. */
    static String text(Throwable error) {
        String what = error.getMessage() == null || error.getMessage().isBlank()
                ? error.getClass().getSimpleName() : error.getMessage();
        return "The console hit an unexpected error (" + what + "). What you were doing may not have"
                + " finished; the log file (Help → About) holds the details.";
    }
}
