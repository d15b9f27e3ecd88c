package teller.ui.console;

/** Lets a screen move the console to another screen, e.g. the dashboard opening the queue. */
@FunctionalInterface
public interface Navigator {
    /** Shows the screen with {@code screenId} (its {@link ConsoleScreen#id()}). */
    void show(String screenId);
}
