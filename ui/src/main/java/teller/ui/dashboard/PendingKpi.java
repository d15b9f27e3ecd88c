package teller.ui.dashboard;

/** One pending-type tile: e.g. DEPOSIT, "4 orders", "$670.00". */
public record PendingKpi(String type, String title, String orders, String amount) {
}
