package teller.ui.console;

/** Lets a screen move the console to another screen, e.g. the dashboard opening the queue. */
@FunctionalInterface
public interface Navigator {
    /** Shows the screen with {@code screenId} (its {@link ConsoleScreen#id()}). */
    void show(String screenId);

    /**
     * Shows the screen with {@code screenId} and hands it {@code argument} (see
     * {@link ConsoleScreen#open(String)}), e.g. the queue and the order type to filter on.
     */
    default void show(String screenId, String argument) {
        show(screenId);
    }

    /** Whether the operator's console has a screen with {@code screenId}. */
    default boolean has(String screenId) {
        return true;
    }
}
