package teller.server.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * One face of a PDF's text (regular or bold) in any script: a list of Unicode TrueType fonts
 * shipped in the jar, and each character drawn with the first of them that has its glyph. A
 * report names players, games and operators as they typed them ("Peña", "Иван", "王芳"), and the
 * standard PDF fonts cover only WinAnsi.
 *
 * <p>DejaVu Sans (regular and bold) covers Latin, Greek, Cyrillic, Hebrew and more; Droid Sans
 * Fallback covers CJK ideographs, kana and Hangul (both free licences, beside the files in
 * {@code teller/server/export/fonts}). A font is embedded as a subset of the glyphs the document
 * uses, and only in a document that uses it. A character none of them has prints as '?'; the
 * CSV, XLSX and JSON exports carry the exact text.
 */
final class PdfFace {
    static final String SANS = "DejaVuSans.ttf";
    static final String SANS_BOLD = "DejaVuSans-Bold.ttf";
    static final String CJK = "DroidSansFallback.ttf";
    private static final String FOLDER = "/teller/server/export/fonts/";
    /** The font files, read from the jar once per process; each document parses its own copy. */
    private static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();
    private static final int NONE = -1;

    /** A piece of text that one font draws. */
    record Run(PDFont font, String text) {
    }

    /** The fonts of one document, each loaded when a face first needs it. */
    static final class Fonts {
        private final PDDocument document;
        private final Map<String, PDFont> loaded = new HashMap<>();

        Fonts(PDDocument document) {
            this.document = document;
        }

        PdfFace face(String... files) {
            return new PdfFace(this, List.of(files));
        }

        private PDFont font(String file) throws IOException {
            PDFont font = loaded.get(file);
            if (font == null) {
                font = PDType0Font.load(document, new RandomAccessReadBuffer(bytes(file)), true, false);
                loaded.put(file, font);
            }
            return font;
        }
    }

    private final Fonts fonts;
    private final List<String> files;
    /** Code point to the index in {@link #files} of the font that draws it, or {@link #NONE}. */
    private final Map<Integer, Integer> fontOf = new HashMap<>();

    private PdfFace(Fonts fonts, List<String> files) {
        this.fonts = fonts;
        this.files = files;
    }

    /** The text cut into runs of one font each; control characters print as spaces. */
    List<Run> runs(String text) throws IOException {
        List<Run> runs = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int runFont = NONE;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isISOControl(cp)) {
                cp = ' ';
            }
            int font = fontFor(cp);
            if (font == NONE) {
                cp = '?';
                font = fontFor(cp);
            }
            if (font != runFont && !run.isEmpty()) {
                runs.add(new Run(fonts.font(files.get(runFont)), run.toString()));
                run.setLength(0);
            }
            runFont = font;
            run.appendCodePoint(cp);
        }
        if (!run.isEmpty()) {
            runs.add(new Run(fonts.font(files.get(runFont)), run.toString()));
        }
        return runs;
    }

    /** The width of {@code text} at {@code size} points, as {@link #runs} draws it. */
    float width(float size, String text) throws IOException {
        float units = 0;
        for (Run run : runs(text)) {
            units += run.font().getStringWidth(run.text());
        }
        return units / 1000 * size;
    }

    private int fontFor(int codePoint) throws IOException {
        Integer known = fontOf.get(codePoint);
        if (known != null) {
            return known;
        }
        int found = NONE;
        for (int f = 0; f < files.size() && found == NONE; f++) {
            if (draws(fonts.font(files.get(f)), codePoint)) {
                found = f;
            }
        }
        fontOf.put(codePoint, found);
        return found;
    }

    private static boolean draws(PDFont font, int codePoint) throws IOException {
        try {
            font.encode(Character.toString(codePoint));
            return true;
        } catch (IllegalArgumentException noGlyph) {
            return false;
        }
    }

    private static byte[] bytes(String file) {
        return FILES.computeIfAbsent(file, name -> {
            try (InputStream in = PdfFace.class.getResourceAsStream(FOLDER + name)) {
                if (in == null) {
                    throw new IllegalStateException("the font " + FOLDER + name + " is missing from the jar");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
