package dev.netservices.web.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The folder served: {@code web.root} when set, else the demo site bundled in the jar. The demo site is
 * copied to a temporary folder at start so that it is served exactly like any other root (real files,
 * zero-copy), and that folder is deleted on close.
 */
public final class DocumentRoot implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DocumentRoot.class);
    private static final String DEMO_SITE = "demo-site/";

    private final Path path;
    private final boolean temporary;

    private DocumentRoot(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    public static DocumentRoot of(String configured) {
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isDirectory(path)) {
                throw new IllegalStateException("web.root " + configured + " is not a readable folder");
            }
            return new DocumentRoot(path, false);
        }
        return extractDemoSite();
    }

    public Path path() {
        return path;
    }

    private static DocumentRoot extractDemoSite() {
        try {
            Path target = Files.createTempDirectory("web-demo-site");
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:" + DEMO_SITE + "**");
            int copied = 0;
            for (Resource resource : resources) {
                String url = resource.getURL().toString();
                int at = url.lastIndexOf("/" + DEMO_SITE);
                if (at < 0 || url.endsWith("/") || !resource.isReadable()) {
                    continue;
                }
                Path file = target.resolve(url.substring(at + DEMO_SITE.length() + 1)).normalize();
                if (!file.startsWith(target)) {
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = resource.getInputStream()) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                copied++;
            }
            log.info("web.root is not set: serving the bundled demo site ({} files) from {}", copied, target);
            return new DocumentRoot(target, true);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled demo site could not be unpacked", e);
        }
    }

    @Override
    public void close() {
        if (!temporary) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("could not delete {}", path, e);
        }
    }
}
