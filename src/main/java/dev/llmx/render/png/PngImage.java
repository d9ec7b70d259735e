package dev.llmx.render.png;

import dev.llmx.LlmxException;
import dev.llmx.io.AtomicFile;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A picture drawn with the JDK's own imaging (java.awt in headless mode, ImageIO's PNG writer: no dependency and no
 * display needed) and written atomically, so a failed run never leaves half a PNG behind.
 */
public final class PngImage {
    static {
        // Headless before the first AWT class loads: a server or CI machine has no display, and none is needed.
        System.setProperty("java.awt.headless", "true");
    }

    static final Color BACKGROUND = Color.WHITE;
    static final Color INK = new Color(0x222222);
    static final Color GRID = new Color(0xDDDDDD);

    final BufferedImage image;
    final Graphics2D g;

    /** A white {@code width × height} picture, antialiased, with a 12-point sans-serif font and dark ink. */
    public PngImage(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(INK);
    }

    /** The pixels, for a picture that sets them itself. */
    public BufferedImage image() {
        return image;
    }

    /** The pen that draws on {@link #image()}; {@link #write} disposes it. */
    public Graphics2D graphics() {
        return g;
    }

    /** Text rotated a quarter turn anticlockwise, centred on (x, y): a vertical axis label. */
    void verticalText(String text, int x, int y) {
        Graphics2D r = (Graphics2D) g.create();
        r.translate(x, y);
        r.rotate(-Math.PI / 2);
        int w = r.getFontMetrics().stringWidth(text);
        r.drawString(text, -w / 2, 0);
        r.dispose();
    }

    void centredText(String text, int x, int y) {
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, y);
    }

    /** Encodes the picture as PNG and writes it to {@code file} (temporary file, then rename). */
    public void write(Path file) throws IOException {
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new LlmxException("this Java runtime has no PNG writer");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
        AtomicFile.write(file, channel -> {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }
}
