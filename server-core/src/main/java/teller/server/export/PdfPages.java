package teller.server.export;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The pages of one PDF as it is written: A4 landscape pages with a numbered footer, a cursor that
 * moves down them (a new page when the next thing does not fit), and text in the standard fonts.
 */
final class PdfPages {
    static final float MARGIN = 36;
    static final float TEXT_SIZE = 10;
    private static final float FOOTER_SIZE = 8;

    final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final PDDocument document;
    private final String footer;
    private final Map<Character, Boolean> encodable = new HashMap<>();
    private final PDRectangle pageSize = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
    private PDPageContentStream page;
    private int pageNumber;
    private float y;

    /** {@code footer} is printed at the foot of every page, left of the page number. */
    PdfPages(PDDocument document, String footer) {
        this.document = document;
        this.footer = footer;
    }

    PDDocument document() {
        return document;
    }

    /** The current page's content, for drawing what is not text (images, shading, rules). */
    PDPageContentStream content() {
        return page;
    }

    /** The top of what comes next on the current page. */
    float y() {
        return y;
    }

    void down(float height) {
        y -= height;
    }

    /** Where the right margin begins. */
    float right() {
        return pageSize.getWidth() - MARGIN;
    }

    /** Width between the margins. */
    float contentWidth() {
        return pageSize.getWidth() - 2 * MARGIN;
    }

    void newPage() throws IOException {
        if (page != null) {
            page.close();
        }
        PDPage next = new PDPage(pageSize);
        document.addPage(next);
        page = new PDPageContentStream(document, next);
        pageNumber++;
        text(regular, FOOTER_SIZE, pageSize.getWidth() - MARGIN - 60, MARGIN / 2, "Page " + pageNumber);
        text(regular, FOOTER_SIZE, MARGIN, MARGIN / 2, footer);
        y = pageSize.getHeight() - MARGIN;
    }

    /** Ends the last page. */
    void finish() throws IOException {
        page.close();
    }

    boolean fits(float height) {
        return y - height >= MARGIN;
    }

    void line(PDType1Font font, float size, String text) throws IOException {
        if (!fits(size + 4)) {
            newPage();
        }
        text(font, size, MARGIN, text);
        y -= size + 4;
    }

    /** Text whose top is at the current line. */
    void text(PDType1Font font, float size, float x, String text) throws IOException {
        text(font, size, x, y - size, text);
    }

    void text(PDType1Font font, float size, float x, float baseline, String text) throws IOException {
        page.beginText();
        page.setFont(font, size);
        page.newLineAtOffset(x, baseline);
        page.showText(printable(text));
        page.endText();
    }

    /**
     * The standard PDF fonts cover WinAnsi only; a game or operator name in another script prints
     * with '?' for what the font cannot show (the CSV, XLSX and JSON exports carry the exact text).
     */
    private String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(' ');
            } else if (encodable.computeIfAbsent(c, this::canEncode)) {
                out.append(c);
            } else {
                out.append('?');
            }
        }
        return out.toString();
    }

    private boolean canEncode(char c) {
        try {
            regular.encode(String.valueOf(c));
            bold.encode(String.valueOf(c));
            return true;
        } catch (IOException | IllegalArgumentException notInFont) {
            return false;
        }
    }

    float width(PDType1Font font, float size, String text) throws IOException {
        return font.getStringWidth(printable(text)) / 1000 * size;
    }

    /** {@code text} cut with an ellipsis to fit {@code widthMax}. */
    String fit(PDType1Font font, float size, String text, float widthMax) throws IOException {
        if (width(font, size, text) <= widthMax) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && width(font, size, cut + "\u2026") > widthMax) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "\u2026";
    }
}
