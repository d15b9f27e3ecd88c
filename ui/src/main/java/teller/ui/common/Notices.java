package teller.ui.common;

/** Short, non-blocking notices (pop-ups that fade); tests replace it to see what was announced. */
public interface Notices {
    /** Shows {@code text} under {@code title}; called on the UI thread. */
    void show(String title, String text);
}
