package dev.llmx.tokenize.tiktoken;

import java.io.File;
import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSource;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Opens a resource of llmx's own class-path entry (its jar, or target/classes) directly. The class loader's
 * {@code getResourceAsStream} asks the JDK's module image first and then goes through a jar URL connection, which
 * costs several milliseconds of class loading on a cold start; {@code llmx tokenize --count} cannot spare them.
 * Falls back to the class loader when the code source is not a local file.
 */
final class OwnResource {
    private OwnResource() {
    }

    /** The resource at absolute class-path name {@code name} ("/a/b.bin"), or null when there is none. */
    static InputStream open(String name) throws IOException {
        InputStream direct = openDirect(name.substring(1));
        return direct != null ? direct : OwnResource.class.getResourceAsStream(name);
    }

    private static InputStream openDirect(String entryName) {
        try {
            CodeSource source = OwnResource.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null || !"file".equals(location.getProtocol())) {
                return null;
            }
            File root = new File(location.toURI());
            if (root.isDirectory()) {
                File file = new File(root, entryName);
                return file.isFile() ? new FileInputStream(file) : null;
            }
            // The JDK shares one open ZipFile.Source per file, so this does not read the jar's directory again.
            ZipFile zip = new ZipFile(root);
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                zip.close();
                return null;
            }
            return new FilterInputStream(zip.getInputStream(entry)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        zip.close();
                    }
                }
            };
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
