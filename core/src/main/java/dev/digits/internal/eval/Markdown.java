package dev.digits.internal.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;
import org.commonmark.renderer.text.TextContentRenderer;

/**
 * The Markdown side of {@link Report}: escaping text while writing it, and rendering the result
 * with commonmark (GFM tables) into one self-contained HTML page.
 */
final class Markdown {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final TextContentRenderer PLAIN_TEXT = TextContentRenderer.builder().build();

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>%s</title>
            <style>
            %s</style>
            </head>
            <body>
            %s</body>
            </html>
            """;

    /** Readable width, bordered tables, right-aligned numbers; italics mark missing pictures. */
    private static final String CSS = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
                   max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222;
                   line-height: 1.45; }
            h1 { border-bottom: 2px solid #ddd; padding-bottom: .3em; }
            h2 { margin-top: 2em; border-bottom: 1px solid #eee; padding-bottom: .2em; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccc; padding: .3em .7em; }
            th { background: #f4f4f4; text-align: left; }
            td[align=right], th[align=right] { text-align: right;
                   font-variant-numeric: tabular-nums; }
            td code { word-break: break-word; }
            pre { background: #f7f7f7; border: 1px solid #e3e3e3; padding: .8em;
                  overflow-x: auto; }
            img { max-width: 100%; height: auto; border: 1px solid #eee; }
            em { color: #a00; }
            """;

    private Markdown() {}

    /**
     * A complete HTML page of a Markdown text. Images whose destination is a key of
     * {@code images} are embedded as data URIs of that file (if it exists); level-2 headings get
     * the ids GitHub gives them ("Most confused pairs": {@code most-confused-pairs}), so that
     * {@code [link](#most-confused-pairs)} works in both. Raw HTML in the text is escaped.
     *
     * @param title the page title
     * @param markdown the text
     * @param images picture files by their destination in the text, as from {@link #path}
     * @return the page
     * @throws IOException if a picture file exists but cannot be read
     */
    static String htmlPage(String title, String markdown, Map<String, Path> images)
            throws IOException {
        Map<String, String> dataUris = new HashMap<>();
        for (Map.Entry<String, Path> image : images.entrySet()) {
            if (Files.isRegularFile(image.getValue())) {
                dataUris.put(image.getKey(), "data:" + mimeType(image.getValue()) + ";base64,"
                        + Base64.getEncoder().encodeToString(Files.readAllBytes(image.getValue())));
            }
        }
        AttributeProvider attributes = (node, tag, attrs) -> {
            if (node instanceof Image image && dataUris.containsKey(image.getDestination())) {
                attrs.put("src", dataUris.get(image.getDestination()));
            } else if (node instanceof Heading heading && heading.getLevel() == 2) {
                attrs.put("id", PLAIN_TEXT.render(heading).strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9]+", "-"));
            }
        };
        HtmlRenderer renderer = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true)
                .attributeProviderFactory(context -> attributes).build();
        StringBuilder escapedTitle = new StringBuilder();
        new HtmlWriter(escapedTitle).text(title);
        return PAGE.formatted(escapedTitle, CSS, renderer.render(PARSER.parse(markdown)));
    }

    /**
     * Text outside code: HTML and Markdown punctuation escaped, line breaks made spaces.
     *
     * @param text any text
     * @return Markdown that shows exactly that text
     */
    static String text(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : oneLine(text).toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\\', '`', '*', '_', '[', ']', '|', '#', '!' -> sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * A code span, safe in a table cell: literal text, pipes escaped, line breaks made spaces.
     *
     * @param text any text
     * @return the span, or "" for empty text
     */
    static String code(String text) {
        String s = oneLine(text);
        if (s.isEmpty()) {
            return "";
        }
        int longest = 0;
        int run = 0;
        for (char c : s.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
        return fence + pad + s.replace("|", "\\|") + pad + fence;
    }

    /**
     * Appends one table row, {@code | a | b |}; cells must already be Markdown.
     *
     * @param m where to append
     * @param cells the cells, shown with {@code String.valueOf}
     */
    static void row(StringBuilder m, Object... cells) {
        m.append('|');
        for (Object cell : cells) {
            m.append(' ').append(cell).append(" |");
        }
        m.append('\n');
    }

    /**
     * A link or image destination: the file's path relative to {@code dir} (absolute on another
     * drive), with forward slashes and the characters Markdown would trip on percent-encoded.
     *
     * @param dir the folder of the Markdown file
     * @param file the file to point at
     * @return the destination
     */
    static String path(Path dir, Path file) {
        Path target = file.toAbsolutePath().normalize();
        String path;
        try {
            path = dir.toAbsolutePath().normalize().relativize(target).toString();
        } catch (IllegalArgumentException e) { // a different drive or file system
            path = target.toString();
        }
        return path.replace('\\', '/').replace("%", "%25").replace(" ", "%20")
                .replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E");
    }

    private static String oneLine(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private static String mimeType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return switch (dot < 0 ? "" : name.substring(dot + 1)) {
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "svg" -> "image/svg+xml";
            default -> "image/png";
        };
    }
}
