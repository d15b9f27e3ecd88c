package teller.ui.reports;

/** How a periodic report groups its rows; the API's {@code granularity} parameter. */
public enum Granularity {
    DAY("Day"), WEEK("Week"), MONTH("Month");

    private final String title;

    Granularity(String title) {
        this.title = title;
    }

    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return title;
    }
}
