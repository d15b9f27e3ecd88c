package teller.server.export;

import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * The pages of one PDF as it is written: A4 landscape pages with a numbered footer, a cursor that
 * moves down them (a new page when the next thing does not fit), and text in any script in the
 * fonts that ship in the jar ({@link PdfFace}).
 */
final class PdfPages {
    static final float MARGIN = 36;
    static final float TEXT_SIZE = 10;
    private static final float FOOTER_SIZE = 8;

    final PdfFace regular;
    final PdfFace bold;
    private final PDDocument document;
    private final String footer;
    private final PDRectangle pageSize = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
    private PDPageContentStream page;
    private int pageNumber;
    private float y;

    /** {@code footer} is printed at the foot of every page, left of the page number. */
    PdfPages(PDDocument document, String footer) {
        this.document = document;
        this.footer = footer;
        PdfFace.Fonts fonts = new PdfFace.Fonts(document);
        this.regular = fonts.face(PdfFace.SANS, PdfFace.CJK);
        this.bold = fonts.face(PdfFace.SANS_BOLD, PdfFace.CJK);
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

    void line(PdfFace face, float size, String text) throws IOException {
        if (!fits(size + 4)) {
            newPage();
        }
        text(face, size, MARGIN, text);
        y -= size + 4;
    }

    /** Text whose top is at the current line. */
    void text(PdfFace face, float size, float x, String text) throws IOException {
        text(face, size, x, y - size, text);
    }

    void text(PdfFace face, float size, float x, float baseline, String text) throws IOException {
        page.beginText();
        page.newLineAtOffset(x, baseline);
        for (PdfFace.Run run : face.runs(text)) {
            page.setFont(run.font(), size);
            page.showText(run.text());
        }
        page.endText();
    }

    float width(PdfFace face, float size, String text) throws IOException {
        return face.width(size, text);
    }

    /** {@code text} cut with an ellipsis to fit {@code widthMax}. */
    String fit(PdfFace face, float size, String text, float widthMax) throws IOException {
        if (width(face, size, text) <= widthMax) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && width(face, size, cut + "\u2026") > widthMax) {
            cut = cut.substring(0, cut.offsetByCodePoints(cut.length(), -1));
        }
        return cut + "\u2026";
    }
}
